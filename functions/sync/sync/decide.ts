import type { SessionCandidate, StoredView } from '../store/session-item.js';

export type Decision = 'insert' | 'update' | 'unchanged' | 'stale';

/**
 * A stored `last_access_time` this far past the clock is taken for a bad
 * value from Zoom, not a newer view, or it would block every later one.
 */
const FUTURE_TOLERANCE_MS = 86_400_000;

/** What to do with a listed view, given what the table holds. */
export const decide = (
  candidate: SessionCandidate,
  stored: StoredView | undefined,
  now: string,
): Decision => {
  if (stored === undefined) return 'insert';

  if (stored.contentHash === candidate.contentHash) return 'unchanged';

  if (stored.lastAccessMs > Date.parse(now) + FUTURE_TOLERANCE_MS) {
    return 'update';
  }

  // Never backwards: an older view never replaces a newer item. An equal
  // time with other content is a real change (a participant renamed).
  return candidate.lastAccessMs < stored.lastAccessMs ? 'stale' : 'update';
};
