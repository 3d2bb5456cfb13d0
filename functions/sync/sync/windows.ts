import { WINDOW_OVERLAP_MS } from '../constants.js';

/** A time range listed with one chain of pages. Both bounds are included. */
export interface SyncWindow {
  from: Date;
  to: Date;
}

/**
 * Moves a time by whole calendar months in UTC, keeping the day of the month
 * where it exists and taking the month's last day where it does not
 * (31 March minus one month is 28 or 29 February, not 3 March).
 */
export const addMonths = (time: Date, months: number): Date => {
  const result = new Date(time);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(
    Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0),
  ).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
};

const floorToSecond = (time: Date): Date =>
  new Date(Math.floor(time.getTime() / 1000) * 1000);

/**
 * The window of a scheduled run: from the watermark less the lookback (or a
 * month back on the first run) to now, never longer than one month, because
 * Zoom answers at most one month of data per listing.
 */
export const incrementalWindow = (
  now: Date,
  watermark: Date | undefined,
  lookbackMs: number,
): SyncWindow => {
  const to = floorToSecond(now);
  const monthBack = addMonths(to, -1).getTime();
  // A watermark ahead of this clock (Zoom's clock or ours skewed) must not
  // leave an empty or inverted window.
  const mark = Math.min(watermark?.getTime() ?? monthBack, to.getTime());
  const from = Math.max(monthBack, mark - lookbackMs);

  return { from: floorToSecond(new Date(from)), to };
};

/**
 * Splits a manual range into consecutive windows of at most one month,
 * oldest first. Each window starts a little before the previous one ended.
 */
export const splitIntoMonths = (from: Date, to: Date): SyncWindow[] => {
  const windows: SyncWindow[] = [];
  let start = floorToSecond(from);
  const end = floorToSecond(to);

  for (;;) {
    const monthLater = addMonths(start, 1);
    if (monthLater >= end) {
      windows.push({ from: start, to: end });
      return windows;
    }

    windows.push({ from: start, to: monthLater });
    start = new Date(monthLater.getTime() - WINDOW_OVERLAP_MS);
  }
};
