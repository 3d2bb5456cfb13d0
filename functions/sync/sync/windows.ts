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

/** The time with its milliseconds dropped, as Zoom's times have none. */
export const floorToSecond = (time: Date): Date =>
  new Date(Math.floor(time.getTime() / 1000) * 1000);

/**
 * The range of a scheduled run: from the watermark less the lookback to
 * now, or the latest month on the first run. After an outage the range may
 * be longer than a month: it is listed in month windows, so that nothing
 * since the watermark is skipped.
 */
export const incrementalWindow = (
  now: Date,
  watermark: Date | undefined,
  lookbackMs: number,
): SyncWindow => {
  const to = floorToSecond(now);
  if (watermark === undefined) return { from: addMonths(to, -1), to };

  // A watermark ahead of this clock (Zoom's clock or ours skewed) must not
  // leave an empty or inverted window.
  const mark = Math.min(watermark.getTime(), to.getTime());
  return { from: floorToSecond(new Date(mark - lookbackMs)), to };
};

/**
 * Cuts `from`..`to` into consecutive windows, oldest first, each ending
 * where `next` says (or at `to`) and each starting a little before the
 * previous one ended.
 */
export const cutRange = (
  from: Date,
  to: Date,
  next: (start: Date) => Date,
): SyncWindow[] => {
  const windows: SyncWindow[] = [];
  let start = from;
  for (;;) {
    const end = next(start);
    if (end >= to) {
      windows.push({ from: start, to });
      return windows;
    }

    windows.push({ from: start, to: end });
    start = new Date(end.getTime() - WINDOW_OVERLAP_MS);
  }
};

/**
 * Splits a manual range into consecutive windows of at most one month,
 * oldest first. Each window starts a little before the previous one ended.
 */
export const splitIntoMonths = (from: Date, to: Date): SyncWindow[] =>
  cutRange(floorToSecond(from), floorToSecond(to), (start) =>
    addMonths(start, 1),
  );
