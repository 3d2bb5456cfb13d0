import type { ZoomSmsSession } from '../functions/sync/zoom/schema.js';
import { generateSessions } from '../local/zoom-emulator/index.js';
import { CHANGED_SHARE, DATA_DAYS, SEED } from './config.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface BenchData {
  /** The end of the data: the bench's start, floored to the hour. */
  anchor: Date;
  perDay: number;
  sessions: ZoomSmsSession[];
}

/**
 * About `size` sessions over the 30 days before the anchor, the same for
 * the same size and hour. The anchor is the current hour because the
 * handler lists the latest month by the real clock.
 */
export const benchData = (size: number, now = new Date()): BenchData => {
  const anchor = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const perDay = Math.ceil(size / DATA_DAYS);
  const from = new Date(anchor.getTime() - DATA_DAYS * DAY_MS);
  const sessions = generateSessions({ seed: SEED, from, to: anchor, perDay });
  return { anchor, perDay, sessions };
};

/** Zoom's time format: UTC, whole seconds. */
const zoomTime = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * The 1% of sessions that get a new message: every hundredth one in slot
 * order, moved to times spread over the last few minutes, all after
 * `watermark` so that the scheduled run must pick them up.
 */
export const changedSessions = (
  sessions: readonly ZoomSmsSession[],
  watermark: Date,
  now = new Date(),
): ZoomSmsSession[] => {
  const every = Math.round(1 / CHANGED_SHARE);
  const picked = sessions.filter((_, i) => i % every === Math.floor(every / 2));
  const to = now.getTime() - 1000;
  const from = Math.max(watermark.getTime() + 1000, to - 3 * 60_000);
  const step = Math.max(0, to - from) / Math.max(1, picked.length);
  return picked.map((session, i) => ({
    ...session,
    last_access_time: zoomTime(from + i * step),
  }));
};
