import type { ZoomSmsSession } from '../zoom/schema.js';

/**
 * A session as the sync handles it: the record exactly as Zoom sent it, and
 * what is derived from it. Nothing here changes unless Zoom's data does.
 */
export interface SessionCandidate {
  sessionId: string;
  record: ZoomSmsSession;
  contentHash: string;
  /** `last_access_time` in ms since the epoch; 0 when Zoom sent none. */
  lastAccessMs: number;
}

/** What the sync needs to know of a stored item to decide about a write. */
export interface StoredView {
  contentHash: string;
  lastAccessMs: number;
  firstSeenAt: string;
}

/** Attributes the sync adds to Zoom's fields on every session item. */
export const ITEM_ATTRIBUTES = {
  contentHash: 'content_hash',
  lastAccessMs: 'last_access_ms',
  firstSeenAt: 'first_seen_at',
  changedAt: 'changed_at',
} as const;

const OURS = new Set<string>(Object.values(ITEM_ATTRIBUTES));

/**
 * Zoom's fields as sent, except that a field bearing the name of one of our
 * attributes is kept as `zoom_<name>` instead of being overwritten.
 */
const zoomFields = (record: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(record).map(([key, value]) => [
      OURS.has(key) ? `zoom_${key}` : key,
      value,
    ]),
  );

/** The item stored for `candidate`. */
export const toItem = (
  candidate: SessionCandidate,
  firstSeenAt: string,
  changedAt: string,
): Record<string, unknown> => ({
  ...zoomFields(candidate.record),
  session_id: candidate.sessionId,
  [ITEM_ATTRIBUTES.contentHash]: candidate.contentHash,
  [ITEM_ATTRIBUTES.lastAccessMs]: candidate.lastAccessMs,
  [ITEM_ATTRIBUTES.firstSeenAt]: firstSeenAt,
  [ITEM_ATTRIBUTES.changedAt]: changedAt,
});

/** Reads the bookkeeping of a stored item, or undefined if it has none. */
export const toStoredView = (
  item: Record<string, unknown> | undefined,
): StoredView | undefined => {
  if (item === undefined) return undefined;

  const hash = item[ITEM_ATTRIBUTES.contentHash];
  const ms = item[ITEM_ATTRIBUTES.lastAccessMs];
  const firstSeen = item[ITEM_ATTRIBUTES.firstSeenAt];
  return {
    contentHash: typeof hash === 'string' ? hash : '',
    lastAccessMs: typeof ms === 'number' ? ms : 0,
    firstSeenAt: typeof firstSeen === 'string' ? firstSeen : '',
  };
};
