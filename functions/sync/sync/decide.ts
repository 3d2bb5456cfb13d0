import type { SessionCandidate, StoredView } from '../store/session-item.js';

export type Decision = 'insert' | 'update' | 'unchanged' | 'stale';

/** What to do with a listed view, given what the table holds. */
export const decide = (
  candidate: SessionCandidate,
  stored: StoredView | undefined,
): Decision => {
  if (stored === undefined) return 'insert';

  if (stored.contentHash === candidate.contentHash) return 'unchanged';

  // Never backwards: an older view never replaces a newer item. An equal
  // time with other content is a real change (a participant renamed).
  return candidate.lastAccessMs < stored.lastAccessMs ? 'stale' : 'update';
};
