import { describe, expect, it } from 'vitest';
import {
  formatZoomTime,
  parseZoomTime,
} from '../../../../functions/sync/zoom/time-format.js';

describe('formatZoomTime', () => {
  it.each([
    ['a whole second', '2026-03-01T10:20:30.000Z', '2026-03-01T10:20:30Z'],
    [
      'milliseconds, cut not rounded',
      '2026-03-01T10:20:30.999Z',
      '2026-03-01T10:20:30Z',
    ],
    ['midnight', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00Z'],
  ])('writes %s as yyyy-MM-ddTHH:mm:ssZ', (_name, time, expected) => {
    expect(formatZoomTime(new Date(time))).toBe(expected);
  });
});

describe('parseZoomTime', () => {
  it.each([
    ['a time in UTC', '2026-03-01T10:20:30Z', Date.UTC(2026, 2, 1, 10, 20, 30)],
    [
      'a time with an offset',
      '2026-03-01T12:20:30+02:00',
      Date.UTC(2026, 2, 1, 10, 20, 30),
    ],
    [
      'a time with milliseconds',
      '2026-03-01T10:20:30.5Z',
      Date.UTC(2026, 2, 1, 10, 20, 30, 500),
    ],
  ])('reads %s as milliseconds since the epoch', (_name, value, expected) => {
    expect(parseZoomTime(value)).toBe(expected);
  });

  it.each([
    ['undefined', undefined],
    ['an empty string', ''],
    ['words', 'yesterday'],
  ])('returns undefined for %s', (_name, value) => {
    expect(parseZoomTime(value)).toBeUndefined();
  });

  it('reads back what formatZoomTime wrote', () => {
    const time = new Date('2026-03-01T10:20:30.000Z');

    expect(parseZoomTime(formatZoomTime(time))).toBe(time.getTime());
  });
});
