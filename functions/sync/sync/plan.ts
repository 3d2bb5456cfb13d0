import { WINDOW_OVERLAP_MS } from '../constants.js';
import type { SyncRequest } from '../event/sync-request.js';
import {
  addMonths,
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
  const slices: SyncWindow[] = [];
  const end = window.to.getTime();
  for (let start = window.from.getTime(); ; ) {
    const sliceEnd = Math.min(start + step, end);
    slices.push({ from: new Date(start), to: new Date(sliceEnd) });
    if (sliceEnd >= end) return slices;

    start = sliceEnd - WINDOW_OVERLAP_MS;
  }
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
