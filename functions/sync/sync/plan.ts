import { WINDOW_OVERLAP_MS } from '../constants.js';
import type { SyncRequest } from '../event/sync-request.js';
import {
  addMonths,
  cutRange,
  floorToSecond,
  incrementalWindow,
  type SyncWindow,
  splitIntoMonths,
} from './windows.js';

/**
 * Cuts a window into consecutive slices of at most `sliceMs`, oldest
 * first, each starting a little before the previous one ended (as months
 * do). A slice is the unit of progress: a run that stops early resumes at
 * the first slice it did not finish.
 */
// LIMITATION: slices have a fixed length, not one adapted to the account's volume.
export const sliceWindow = (
  window: SyncWindow,
  sliceMs: number,
): SyncWindow[] => {
  const step = Math.max(sliceMs, 2 * WINDOW_OVERLAP_MS);
  return cutRange(
    window.from,
    window.to,
    (start) => new Date(start.getTime() + step),
  );
};

/** The windows a request lists, before slicing. */
export const planWindows = (
  request: SyncRequest,
  watermark: Date | undefined,
  now: Date,
  lookbackMs: number,
): SyncWindow[] => {
  if (request.range !== undefined) {
    return splitIntoMonths(request.range.from, request.range.to);
  }

  if (request.mode === 'incremental') {
    const range = incrementalWindow(now, watermark, lookbackMs);
    return splitIntoMonths(range.from, range.to);
  }

  const to = floorToSecond(now);
  return [{ from: addMonths(to, -1), to }];
};
