import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WINDOW_OVERLAP_MS } from '../../../../functions/sync/constants.js';
import type { SyncRequest } from '../../../../functions/sync/event/sync-request.js';
import {
  planWindows,
  sliceWindow,
} from '../../../../functions/sync/sync/plan.js';

const HOUR_MS = 3_600_000;
const NOW = new Date('2026-03-15T12:00:00.000Z');

const iso = (windows: { from: Date; to: Date }[]) =>
  windows.map((w) => [w.from.toISOString(), w.to.toISOString()]);

describe('sliceWindow', () => {
  it('returns the window itself when it is shorter than a slice', () => {
    const window = {
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-01T12:00:00Z'),
    };

    expect(sliceWindow(window, 24 * HOUR_MS)).toEqual([window]);
  });

  it('cuts oldest first, each slice starting before the last one ended', () => {
    const window = {
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-03T12:00:00Z'),
    };

    expect(iso(sliceWindow(window, 24 * HOUR_MS))).toEqual([
      ['2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z'],
      ['2026-03-01T23:59:00.000Z', '2026-03-02T23:59:00.000Z'],
      ['2026-03-02T23:58:00.000Z', '2026-03-03T12:00:00.000Z'],
    ]);
  });

  it('keeps moving forward for a slice shorter than the overlap', () => {
    const window = {
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-01T00:10:00Z'),
    };
    const slices = sliceWindow(window, 1);

    expect(slices.at(-1)?.to).toEqual(window.to);
    expect(slices.length).toBeLessThanOrEqual(10);
  });

  it('holds for any window: covers it without gaps, no slice too long', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 * 24 * HOUR_MS }),
        fc.integer({ min: HOUR_MS, max: 48 * HOUR_MS }),
        (lengthMs, sliceMs) => {
          const from = NOW.getTime() - lengthMs;
          const window = { from: new Date(from), to: NOW };
          const slices = sliceWindow(window, sliceMs);
          const step = Math.max(sliceMs, 2 * WINDOW_OVERLAP_MS);

          expect(slices[0]?.from.getTime()).toBe(from);
          expect(slices.at(-1)?.to).toEqual(NOW);
          slices.forEach((slice, i) => {
            expect(
              slice.to.getTime() - slice.from.getTime(),
            ).toBeLessThanOrEqual(step);
            const next = slices[i + 1];
            if (next !== undefined) {
              expect(next.from.getTime()).toBe(
                slice.to.getTime() - WINDOW_OVERLAP_MS,
              );
            }
          });
        },
      ),
    );
  });
});

describe('planWindows', () => {
  const base: SyncRequest = {
    mode: 'manual',
    sessionType: 'all',
    dryRun: false,
  };

  it('splits a range into months, whatever the watermark', () => {
    const range = {
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-02-15T00:00:00Z'),
    };
    const watermark = new Date('2026-03-15T11:00:00Z');

    expect(
      iso(planWindows({ ...base, range }, watermark, NOW, HOUR_MS)),
    ).toEqual([
      ['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
      ['2026-01-31T23:59:00.000Z', '2026-02-15T00:00:00.000Z'],
    ]);
  });

  it('starts a scheduled run from the watermark less the lookback', () => {
    const watermark = new Date('2026-03-15T11:00:00Z');
    const windows = planWindows(
      { ...base, mode: 'incremental' },
      watermark,
      NOW,
      HOUR_MS,
    );

    expect(iso(windows)).toEqual([
      ['2026-03-15T10:00:00.000Z', '2026-03-15T12:00:00.000Z'],
    ]);
  });

  it('lists the months since an old watermark, oldest first', () => {
    const watermark = new Date('2026-01-10T13:00:00Z');
    const windows = planWindows(
      { ...base, mode: 'incremental' },
      watermark,
      NOW,
      HOUR_MS,
    );

    expect(iso(windows)).toEqual([
      ['2026-01-10T12:00:00.000Z', '2026-02-10T12:00:00.000Z'],
      ['2026-02-10T11:59:00.000Z', '2026-03-10T11:59:00.000Z'],
      ['2026-03-10T11:58:00.000Z', '2026-03-15T12:00:00.000Z'],
    ]);
  });

  it('lists the last month for a manual pull without a range', () => {
    expect(iso(planWindows(base, undefined, NOW, HOUR_MS))).toEqual([
      ['2026-02-15T12:00:00.000Z', '2026-03-15T12:00:00.000Z'],
    ]);
  });
});
