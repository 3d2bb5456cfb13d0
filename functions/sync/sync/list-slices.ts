import pLimit from 'p-limit';
import { isSyncError } from '../errors.js';

export interface SliceOptions {
  /** Slices listed at once; all share the one request limiter. */
  concurrency: number;
  /** Called after each slice is done, one call at a time. */
  onDone: (index: number) => Promise<void>;
  /**
   * Registers a listener for Zoom's per-second 429s. Each one halves the
   * slices listed at once; every slice done adds one back, up to the start.
   */
  onRateLimited?: (listener: () => void) => void;
}

export interface SliceOutcome {
  /** Indexes of the slices listed to their end. */
  done: Set<number>;
  /**
   * What stopped the rest: an error that fails the run wins over a stop
   * (time budget, daily limit), so that a failure is never reported as one.
   */
  error?: unknown;
}

const isStop = (error: unknown) =>
  isSyncError(error, 'TimeBudgetError') ||
  isSyncError(error, 'ZoomRateLimitError');

/**
 * Lists the slices of `indexes` concurrently. After the first error no new
 * slice starts; those under way finish or stop on their own.
 */
export const listSlices = async (
  indexes: readonly number[],
  list: (index: number) => Promise<void>,
  options: SliceOptions,
): Promise<SliceOutcome> => {
  const limit = pLimit(options.concurrency);
  options.onRateLimited?.(() => {
    limit.concurrency = Math.max(1, Math.floor(limit.concurrency / 2));
  });

  const done = new Set<number>();
  const errors: unknown[] = [];
  let saving = Promise.resolve();

  const one = async (index: number) => {
    if (errors.length > 0) return;

    try {
      await list(index);
    } catch (error) {
      errors.push(error);
      return;
    }

    done.add(index);
    limit.concurrency = Math.min(options.concurrency, limit.concurrency + 1);
    saving = saving.then(() => options.onDone(index));
    await saving;
  };

  await Promise.all(indexes.map((index) => limit(() => one(index))));

  const error = errors.find((e) => !isStop(e)) ?? errors[0];
  return error === undefined ? { done } : { done, error };
};
