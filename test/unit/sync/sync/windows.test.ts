import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WINDOW_OVERLAP_MS } from '../../../../functions/sync/constants.js';
import {
  addMonths,
  incrementalWindow,
  type SyncWindow,
  splitIntoMonths,
} from '../../../../functions/sync/sync/windows.js';

const utc = (iso: string) => new Date(iso);
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The longest calendar month: no window may be longer. */
const MAX_WINDOW_MS = 31 * DAY_MS;

const iso = (windows: SyncWindow[]) =>
  windows.map((w) => [w.from.toISOString(), w.to.toISOString()]);

describe('addMonths', () => {
  it.each([
    ['31 March − 1 month', '2026-03-31T10:20:30Z', -1, '2026-02-28T10:20:30Z'],
    [
      '31 March − 1 month, leap year',
      '2024-03-31T00:00:00Z',
      -1,
      '2024-02-29T00:00:00Z',
    ],
    ['31 January + 1 month', '2025-01-31T23:59:59Z', 1, '2025-02-28T23:59:59Z'],
    [
      '31 January + 1 month, leap year',
      '2024-01-31T00:00:00Z',
      1,
      '2024-02-29T00:00:00Z',
    ],
    ['31 May − 1 month', '2026-05-31T00:00:00Z', -1, '2026-04-30T00:00:00Z'],
    [
      '15 December + 1 month',
      '2025-12-15T08:00:00Z',
      1,
      '2026-01-15T08:00:00Z',
    ],
    [
      '15 January − 1 month',
      '2026-01-15T08:00:00Z',
      -1,
      '2025-12-15T08:00:00Z',
    ],
    [
      '29 February + 12 months',
      '2024-02-29T00:00:00Z',
      12,
      '2025-02-28T00:00:00Z',
    ],
    [
      '10 June + 0 months',
      '2026-06-10T01:02:03.456Z',
      0,
      '2026-06-10T01:02:03.456Z',
    ],
  ])(
    'gives %s as the same day or the last day of the month',
    (_name, from, months, expected) => {
      expect(addMonths(utc(from), months).toISOString()).toBe(
        utc(expected).toISOString(),
      );
    },
  );

  it('does not change the time it is given', () => {
    const time = utc('2026-03-31T00:00:00Z');
    addMonths(time, -1);

    expect(time.toISOString()).toBe('2026-03-31T00:00:00.000Z');
  });
});

describe('incrementalWindow', () => {
  const now = utc('2026-03-31T12:00:00.750Z');
  const lookback = HOUR_MS;

  it('reaches one calendar month back on the first run', () => {
    expect(incrementalWindow(now, undefined, lookback)).toEqual({
      from: utc('2026-02-28T12:00:00Z'),
      to: utc('2026-03-31T12:00:00Z'),
    });
  });

  it('starts the lookback before the watermark', () => {
    const watermark = utc('2026-03-31T11:30:00Z');

    expect(incrementalWindow(now, watermark, lookback)).toEqual({
      from: utc('2026-03-31T10:30:00Z'),
      to: utc('2026-03-31T12:00:00Z'),
    });
  });

  it('reaches back to an old watermark, however old, so nothing is skipped', () => {
    const watermark = utc('2025-06-01T00:00:00Z');

    expect(incrementalWindow(now, watermark, lookback)).toEqual({
      from: utc('2025-05-31T23:00:00Z'),
      to: utc('2026-03-31T12:00:00Z'),
    });
  });

  it('does not invert when the watermark is ahead of now', () => {
    const watermark = utc('2026-04-01T00:00:00Z');
    const window = incrementalWindow(now, watermark, lookback);

    expect(window).toEqual({
      from: utc('2026-03-31T11:00:00Z'),
      to: utc('2026-03-31T12:00:00Z'),
    });
  });

  it('ends at now, floored to the second Zoom takes', () => {
    const window = incrementalWindow(now, undefined, lookback);

    expect(window.to.getUTCMilliseconds()).toBe(0);
    expect(window.from.getUTCMilliseconds()).toBe(0);
  });

  it('holds for any watermark and lookback: ordered, ending at now', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.option(fc.integer({ min: -400 * DAY_MS, max: 400 * DAY_MS })),
        fc.integer({ min: 0, max: 60 * DAY_MS }),
        (nowMs, offset, lookbackMs) => {
          const clock = new Date(nowMs);
          const watermark =
            offset === null ? undefined : new Date(nowMs + offset);
          const { from, to } = incrementalWindow(clock, watermark, lookbackMs);
          const expectedFrom =
            watermark === undefined
              ? addMonths(to, -1).getTime()
              : Math.floor(
                  (Math.min(watermark.getTime(), to.getTime()) - lookbackMs) /
                    1000,
                ) * 1000;

          expect(to.getTime()).toBe(Math.floor(nowMs / 1000) * 1000);
          expect(from.getTime()).toBeLessThanOrEqual(to.getTime());
          expect(from.getTime()).toBe(expectedFrom);
        },
      ),
    );
  });
});

describe('splitIntoMonths', () => {
  it('returns one window for a range shorter than a month', () => {
    const windows = splitIntoMonths(
      utc('2026-01-05T00:00:00Z'),
      utc('2026-01-20T23:59:59Z'),
    );

    expect(iso(windows)).toEqual([
      ['2026-01-05T00:00:00.000Z', '2026-01-20T23:59:59.000Z'],
    ]);
  });

  it('returns one window for a range of exactly one month', () => {
    const windows = splitIntoMonths(
      utc('2026-01-31T00:00:00Z'),
      utc('2026-02-28T00:00:00Z'),
    );

    expect(windows).toHaveLength(1);
  });

  it('returns one window when from equals to', () => {
    const time = utc('2026-01-05T00:00:00Z');

    expect(splitIntoMonths(time, time)).toEqual([{ from: time, to: time }]);
  });

  it('splits a long range oldest first, overlapping at each boundary', () => {
    const windows = splitIntoMonths(
      utc('2025-11-15T00:00:00Z'),
      utc('2026-02-01T00:00:00Z'),
    );

    expect(iso(windows)).toEqual([
      ['2025-11-15T00:00:00.000Z', '2025-12-15T00:00:00.000Z'],
      ['2025-12-14T23:59:00.000Z', '2026-01-14T23:59:00.000Z'],
      ['2026-01-14T23:58:00.000Z', '2026-02-01T00:00:00.000Z'],
    ]);
  });

  it('keeps each window within a calendar month from its start', () => {
    const windows = splitIntoMonths(
      utc('2024-01-31T00:00:00Z'),
      utc('2024-06-30T00:00:00Z'),
    );

    for (const window of windows) {
      expect(window.to.getTime()).toBeLessThanOrEqual(
        addMonths(window.from, 1).getTime(),
      );
    }
    expect(windows[0]?.to).toEqual(utc('2024-02-29T00:00:00Z'));
  });

  it('floors both ends to the second', () => {
    const windows = splitIntoMonths(
      utc('2026-01-01T00:00:00.999Z'),
      utc('2026-01-02T00:00:00.999Z'),
    );

    expect(iso(windows)).toEqual([
      ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'],
    ]);
  });

  it('holds for any range: covers it, no gap, no window over 31 days', () => {
    const start = Date.UTC(2000, 0, 1);
    const end = Date.UTC(2100, 0, 1);

    fc.assert(
      fc.property(
        fc.integer({ min: start, max: end }),
        fc.integer({ min: 0, max: 3 * 366 * DAY_MS }),
        (fromMs, lengthMs) => {
          const from = new Date(fromMs);
          const to = new Date(fromMs + lengthMs);
          const windows = splitIntoMonths(from, to);

          expect(windows.length).toBeGreaterThan(0);
          expect(windows[0]?.from.getTime()).toBe(
            Math.floor(fromMs / 1000) * 1000,
          );
          expect(windows.at(-1)?.to.getTime()).toBe(
            Math.floor(to.getTime() / 1000) * 1000,
          );

          windows.forEach((window, i) => {
            expect(window.from.getTime()).toBeLessThanOrEqual(
              window.to.getTime(),
            );
            expect(
              window.to.getTime() - window.from.getTime(),
            ).toBeLessThanOrEqual(MAX_WINDOW_MS);

            const next = windows[i + 1];
            if (next !== undefined) {
              expect(next.from.getTime()).toBe(
                window.to.getTime() - WINDOW_OVERLAP_MS,
              );
              expect(next.from.getTime()).toBeGreaterThan(
                window.from.getTime(),
              );
            }
          });
        },
      ),
    );
  });
});
