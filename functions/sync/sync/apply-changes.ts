import pLimit from 'p-limit';
import { MAX_WRITE_ATTEMPTS, WRITE_CONCURRENCY } from '../constants.js';
import { StoreError } from '../errors.js';
import type { SessionCandidate, StoredView } from '../store/session-item.js';
import type { SessionStore } from '../store/session-store.js';
import { type Decision, decide } from './decide.js';

export type DecisionCounts = Record<Decision, number>;

/**
 * Reads the stored views of `candidates` and writes the new and changed
 * ones (none on a dry run). Returns what was decided for each.
 */
export const applyChanges = async (
  candidates: readonly SessionCandidate[],
  options: { dryRun: boolean; now: string },
  sessions: SessionStore,
): Promise<DecisionCounts> => {
  const counts: DecisionCounts = {
    insert: 0,
    update: 0,
    unchanged: 0,
    stale: 0,
  };
  if (candidates.length === 0) return counts;

  const stored = await sessions.getStored(candidates.map((c) => c.sessionId));
  const limit = pLimit(WRITE_CONCURRENCY);
  const outcomes = await Promise.all(
    candidates.map((candidate) =>
      limit(() => {
        const current = stored.get(candidate.sessionId);
        return options.dryRun
          ? decide(candidate, current)
          : writeOne(candidate, current, options.now, sessions);
      }),
    ),
  );

  for (const outcome of outcomes) counts[outcome] += 1;
  return counts;
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
): Promise<Decision> => {
  let current = stored;
  for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt += 1) {
    const decision = decide(candidate, current);
    if (decision === 'unchanged' || decision === 'stale') return decision;

    const outcome = await sessions.put(candidate, current, now);
    if (outcome.written) return decision;

    current = outcome.current;
  }

  throw new StoreError(
    `Session ${candidate.sessionId} on ${sessions.tableName} kept changing under ${MAX_WRITE_ATTEMPTS} conditional writes.`,
  );
};
