import { describe, expect, it } from 'vitest';
import type { RetryAfterForm } from '../../../local/zoom-emulator/fault-types.js';
import {
  retryAfterValue,
  secondsToNextUtcDay,
} from '../../../local/zoom-emulator/retry-after.js';

const NOW = new Date('2024-06-15T12:00:00.250Z');

describe('retryAfterValue', () => {
  it.each<[RetryAfterForm, string | undefined]>([
    [{ form: 'seconds', seconds: 1 }, '1'],
    [{ form: 'seconds', seconds: 0.1 }, '1'],
    [{ form: 'seconds', seconds: 0 }, '0'],
    [{ form: 'http-date', seconds: 90 }, 'Sat, 15 Jun 2024 12:01:30 GMT'],
    [{ form: 'iso', seconds: 90 }, '2024-06-15T12:01:30Z'],
    [{ form: 'none' }, undefined],
  ])('formats %j as %s', (form, expected) => {
    expect(retryAfterValue(form, NOW)).toBe(expected);
  });
});

describe('secondsToNextUtcDay', () => {
  it('counts the seconds to the next UTC midnight', () => {
    expect(secondsToNextUtcDay(new Date('2024-06-15T23:59:00Z'))).toBe(60);
    expect(secondsToNextUtcDay(new Date('2024-06-15T00:00:00Z'))).toBe(86_400);
  });

  it('is at least one second', () => {
    expect(secondsToNextUtcDay(new Date('2024-06-15T23:59:59.999Z'))).toBe(1);
  });
});
