import pLimit from 'p-limit';
import { MAX_WRITE_ATTEMPTS, WRITE_CONCURRENCY } from '../constants.js';
import { StoreError } from '../errors.js';
import type { SessionCandidate, StoredView } from '../store/session-item.js';
import type { SessionStore } from '../store/session-store.js';
import { type Decision, decide } from './decide.js';

export interface ChangeResult {
  counts: Record<Decision, number>;
  /** Sessions DynamoDB cannot hold, with why; skipped, not retried. */
  unstorable: { sessionId: string; detail: string }[];
  /**
   * The stored `last_access_time` (ms) of each session listed with a newer
   * one: where those sessions were before they moved.
   */
  movedFrom: number[];
}

type Outcome = Decision | { unstorable: string };

/**
 * Reads the stored views of `candidates` and writes the new and changed
 * ones (none on a dry run). Returns what was decided for each.
 */
export const applyChanges = async (
  candidates: readonly SessionCandidate[],
  options: {
    dryRun: boolean;
    now: string;
    /**
     * On a dry run, the views this run would have written so far, which
     * later pages are compared with as if they were stored.
     */
    dryRunViews?: Map<string, StoredView>;
  },
  sessions: SessionStore,
): Promise<ChangeResult> => {
  const result: ChangeResult = {
    counts: { insert: 0, update: 0, unchanged: 0, stale: 0 },
    unstorable: [],
    movedFrom: [],
  };
  if (candidates.length === 0) return result;

  const stored = await sessions.getStored(candidates.map((c) => c.sessionId));
  for (const c of candidates) {
    const before =
      options.dryRunViews?.get(c.sessionId) ?? stored.get(c.sessionId);
    if (before !== undefined && before.lastAccessMs < c.lastAccessMs) {
      result.movedFrom.push(before.lastAccessMs);
    }
  }
  const limit = pLimit(WRITE_CONCURRENCY);
  const outcomes = await Promise.all(
    candidates.map((candidate) =>
      limit(() => {
        const id = candidate.sessionId;
        if (!options.dryRun) {
          return writeOne(candidate, stored.get(id), options.now, sessions);
        }

        const current = options.dryRunViews?.get(id) ?? stored.get(id);
        const decision = decide(candidate, current, options.now);
        if (decision === 'insert' || decision === 'update') {
          options.dryRunViews?.set(id, {
            contentHash: candidate.contentHash,
            lastAccessMs: candidate.lastAccessMs,
            firstSeenAt: current?.firstSeenAt || options.now,
          });
        }
        return decision;
      }),
    ),
  );

  outcomes.forEach((outcome, i) => {
    if (typeof outcome === 'string') {
      result.counts[outcome] += 1;
    } else {
      const sessionId = candidates[i]?.sessionId ?? '';
      result.unstorable.push({ sessionId, detail: outcome.unstorable });
    }
  });
  return result;
};

/**
 * Writes one session if it is new or changed. When another writer got there
 * first, the write is refused with the item that stands, and the decision is
 * made again against it.
 */
const writeOne = async (
  candidate: SessionCandidate,
  stored: StoredView | undefined,
  now: string,
  sessions: SessionStore,
): Promise<Outcome> => {
  let current = stored;
  for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt += 1) {
    const decision = decide(candidate, current, now);
    if (decision === 'unchanged' || decision === 'stale') return decision;

    const outcome = await sessions.put(candidate, current, now);
    if (outcome.written) return decision;

    if ('unstorable' in outcome) return { unstorable: outcome.unstorable };

    current = outcome.current;
  }

  throw new StoreError(
    `Session ${candidate.sessionId} on ${sessions.tableName} kept changing under ${MAX_WRITE_ATTEMPTS} conditional writes.`,
  );
};
