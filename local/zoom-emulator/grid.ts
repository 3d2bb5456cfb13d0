import { DAY_MS } from './time.js';

/**
 * The time grid generated sessions lie on, anchored to the Unix epoch:
 * each UTC day is cut into `perDay` slots, and slot k holds exactly one
 * session. Because the grid does not depend on the requested window, two
 * overlapping windows agree on every session they share.
 */
export class SlotGrid {
  constructor(readonly perDay: number) {
    if (!Number.isInteger(perDay) || perDay < 1 || perDay > 86_400) {
      // Above 86,400 a slot would be shorter than Zoom's one-second clock.
      throw new RangeError(
        `perDay must be an integer from 1 to 86400, got ${perDay}`,
      );
    }
  }

  /** Start of slot k in ms; day boundaries are exact slot boundaries. */
  start(k: number): number {
    const day = Math.floor(k / this.perDay);
    const within = k - day * this.perDay;

    return day * DAY_MS + Math.floor((within * DAY_MS) / this.perDay);
  }

  /** The slot that contains the instant `ms`. */
  slotAt(ms: number): number {
    const day = Math.floor(ms / DAY_MS);
    const within = Math.floor(((ms - day * DAY_MS) * this.perDay) / DAY_MS);

    return day * this.perDay + within;
  }

  /**
   * The whole seconds inside slot k, as [first, count]: a session's time
   * is one of them, so it has no millis and never leaves its slot.
   */
  seconds(k: number): [first: number, count: number] {
    const first = Math.ceil(this.start(k) / 1000);
    const end = Math.ceil(this.start(k + 1) / 1000);

    return [first, end - first];
  }
}
