const WINDOW_MS = 1000;

/**
 * A per-account limit of `perSecond` requests in any sliding second.
 *
 * Only admitted requests use quota: a request answered 429 is not
 * counted, so a client that backs off for Retry-After gets through. Zoom
 * does not document this; a limiter that counted rejections would lock
 * out a client retrying at the limit, which is not what is reported.
 *
 * The clock is a monotonic millisecond counter, not the emulator's now():
 * tests usually freeze now(), and a frozen window would never reopen.
 */
export class SlidingWindowLimiter {
  /** Times of the admitted requests of the last second, oldest first. */
  readonly #admitted: number[] = [];

  constructor(
    readonly perSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    if (!Number.isInteger(perSecond) || perSecond < 1) {
      throw new RangeError(
        `rateLimit.perSecond must be a positive integer, got ${perSecond}`,
      );
    }
  }

  /** Admits the request and counts it, or returns false when over. */
  tryAcquire(): boolean {
    const now = this.clock();
    // The window never holds more than perSecond entries, so shift is cheap.
    while ((this.#admitted[0] ?? now) <= now - WINDOW_MS) {
      this.#admitted.shift();
    }
    if (this.#admitted.length >= this.perSecond) return false;

    this.#admitted.push(now);
    return true;
  }
}
