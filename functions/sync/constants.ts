/** Zoom never returns more than 100 sessions a page (`page_size` maximum). */
export const MAX_PAGE_SIZE = 100;

/** BatchGetItem takes at most 100 keys a call. */
export const BATCH_GET_LIMIT = 100;

/** BatchWriteItem takes at most 25 put or delete requests a call. */
export const BATCH_WRITE_LIMIT = 25;

/**
 * JSON characters of the sessions in one BatchWriteItem call, at most: the
 * call may carry 16 MB, and a character takes up to three bytes.
 */
export const BATCH_WRITE_MAX_CHARS = 4_000_000;

/** Renew the access token this long before Zoom says it expires (1 hour). */
export const TOKEN_RENEW_MARGIN_MS = 5 * 60_000;

/**
 * Consecutive windows of a long manual pull overlap by this much, because
 * Zoom does not say whether `from` and `to` are inclusive: a session on the
 * boundary is then listed by both windows and deduped.
 */
export const WINDOW_OVERLAP_MS = 60_000;

/** Conditional writes that lose a race re-read and retry this many times. */
export const MAX_WRITE_ATTEMPTS = 3;

/** Sessions are written with this many PutItem or BatchWriteItem calls in flight. */
export const WRITE_CONCURRENCY = 16;

/** Service name on every log line. */
export const SERVICE_NAME = 'zoom-sms-sync';

/** A window whose listing fails midway is listed again this many times. */
export const MAX_WINDOW_RESTARTS = 3;

/**
 * Rounds of listing again the windows that sessions moved out of while they
 * were listed, and of checking the newest window for activity.
 */
export const MAX_VERIFY_ROUNDS = 2;
