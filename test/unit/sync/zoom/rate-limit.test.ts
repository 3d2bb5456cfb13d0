import { describe, expect, it } from 'vitest';
import {
  isDailyLimit,
  retryAfterMs,
} from '../../../../functions/sync/zoom/rate-limit.js';

const NOW = Date.UTC(2026, 2, 15, 12, 0, 0);

const headers = (values: Record<string, string>) => new Headers(values);

describe('retryAfterMs', () => {
  it.each([
    ['seconds', '120', 120_000],
    ['fractional seconds', '1.5', 1_500],
    ['zero', '0', 0],
    ['seconds with spaces', ' 7 ', 7_000],
    ['an HTTP date', 'Sun, 15 Mar 2026 12:00:30 GMT', 30_000],
    ['an ISO time', '2026-03-15T12:01:00Z', 60_000],
    ['a time already past', '2026-03-15T11:00:00Z', 0],
  ])('reads %s', (_name, value, expected) => {
    expect(retryAfterMs(headers({ 'retry-after': value }), NOW)).toBe(expected);
  });

  it.each([
    ['no header', {}],
    ['an empty header', { 'retry-after': '' }],
    ['words', { 'retry-after': 'later' }],
  ])('returns undefined for %s', (_name, values) => {
    expect(retryAfterMs(headers(values), NOW)).toBeUndefined();
  });
});

describe('isDailyLimit', () => {
  it.each([
    [
      true,
      'a Daily-limit type',
      { 'x-ratelimit-type': 'Daily-limit' },
      undefined,
    ],
    [false, 'a QPS type', { 'x-ratelimit-type': 'QPS' }, 'daily'],
    [
      false,
      'a qps type in lower case',
      { 'x-ratelimit-type': ' qps ' },
      undefined,
    ],
    [
      true,
      'no type and a daily message',
      {},
      'the daily rate limit is reached',
    ],
    [false, 'no type and another message', {}, 'Too many requests'],
    [false, 'no type and no message', {}, undefined],
  ])('answers %s for %s', (expected, _name, values, message) => {
    expect(isDailyLimit(headers(values), message)).toBe(expected);
  });
});
