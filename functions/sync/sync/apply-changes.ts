import pLimit from 'p-limit';
import {
  BATCH_WRITE_LIMIT,
  BATCH_WRITE_MAX_CHARS,
  MAX_WRITE_ATTEMPTS,
  WRITE_CONCURRENCY,
} from '../constants.js';
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
  const outcomes = options.dryRun
    ? candidates.map((c) => decideDry(c, stored, options))
    : await write(candidates, stored, options.now, sessions);

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
 * Writes the new and changed sessions, WRITE_CONCURRENCY calls in flight.
 * Sessions the table does not hold go in BatchWriteItem calls of 25, the
 * others one by one under a condition. A batch DynamoDB refuses for one of
 * its items (too large, say, or an id twice) is written one by one too, so
 * that only that item is skipped.
 */
const write = async (
  candidates: readonly SessionCandidate[],
  stored: Map<string, StoredView>,
  now: string,
  sessions: SessionStore,
): Promise<Outcome[]> => {
  const limit = pLimit(WRITE_CONCURRENCY);
  const outcomes: Promise<Outcome>[] = [];
  const fresh: number[] = [];
  candidates.forEach((c, i) => {
    const current = stored.get(c.sessionId);
    if (current === undefined) fresh.push(i);
    else outcomes[i] = limit(() => writeOne(c, current, now, sessions));
  });
  const sizeOf = (i: number) => JSON.stringify(candidates[i]?.record).length;
  for (const batch of batches(fresh, sizeOf)) {
    const items = batch.map((i) => candidates[i] as SessionCandidate);
    const written = limit(() => sessions.putNew(items, now));
    for (const i of batch) {
      const c = candidates[i] as SessionCandidate;
      outcomes[i] = written.then((ok) =>
        ok ? 'insert' : limit(() => writeOne(c, undefined, now, sessions)),
      );
    }
  }

  // Every write ends before a failure is thrown: the lease that keeps other
  // runs away is given back once the run fails, and a batch has no condition.
  const settled = await Promise.allSettled(outcomes);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;

  return settled.map((r) => (r as PromiseFulfilledResult<Outcome>).value);
};

/**
 * Cuts `items` into BatchWriteItem calls: 25 at most, and at most
 * BATCH_WRITE_MAX_CHARS of JSON by `sizeOf`, far under DynamoDB's 16 MB a
 * request even when every character takes three bytes.
 */
const batches = <T>(items: T[], sizeOf: (item: T) => number): T[][] => {
  const cut: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (
      current.length === BATCH_WRITE_LIMIT ||
      (current.length > 0 && chars + size > BATCH_WRITE_MAX_CHARS)
    ) {
      cut.push(current);
      current = [];
      chars = 0;
    }
    current.push(item);
    chars += size;
  }
  if (current.length > 0) cut.push(current);
  return cut;
};

/** On a dry run: what would be decided, as if earlier pages were written. */
const decideDry = (
  candidate: SessionCandidate,
  stored: Map<string, StoredView>,
  options: { now: string; dryRunViews?: Map<string, StoredView> },
): Outcome => {
  const id = candidate.sessionId;
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
