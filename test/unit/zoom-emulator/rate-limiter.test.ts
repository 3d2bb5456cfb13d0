import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../../local/zoom-emulator/rate-limiter.js';

function limiter(perSecond: number) {
  const clock = { ms: 0 };
  return {
    clock,
    limiter: new SlidingWindowLimiter(perSecond, () => clock.ms),
  };
}

const attempts = (l: SlidingWindowLimiter, times: number) =>
  Array.from({ length: times }, () => l.tryAcquire());

describe('SlidingWindowLimiter', () => {
  it('admits perSecond requests in a second and refuses the rest', () => {
    const { limiter: l } = limiter(3);

    expect(attempts(l, 5)).toEqual([true, true, true, false, false]);
  });

  it('admits again once the oldest admitted request is a second old', () => {
    const { clock, limiter: l } = limiter(2);
    l.tryAcquire();
    clock.ms = 400;
    l.tryAcquire();

    clock.ms = 999;
    expect(l.tryAcquire()).toBe(false);
    clock.ms = 1000;
    expect(l.tryAcquire()).toBe(true);
    expect(l.tryAcquire()).toBe(false);
    clock.ms = 1400;
    expect(l.tryAcquire()).toBe(true);
  });

  it('uses no quota for a refused request', () => {
    const { clock, limiter: l } = limiter(1);
    l.tryAcquire();
    // A client hammering at the limit must not push its own window on.
    for (clock.ms = 100; clock.ms < 1000; clock.ms += 100) l.tryAcquire();

    clock.ms = 1000;
    expect(l.tryAcquire()).toBe(true);
  });

  it.each([0, -1, 2.5])('rejects a perSecond of %d', (perSecond) => {
    expect(() => new SlidingWindowLimiter(perSecond)).toThrow(RangeError);
  });
});
