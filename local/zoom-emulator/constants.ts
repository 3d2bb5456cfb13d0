/** Zoom's default and maximum `page_size` for the sessions listing. */
export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 100;

/** Without `from` and `to`, Zoom lists the past 30 days. */
export const DEFAULT_RANGE_DAYS = 30;

/**
 * Zoom says the range "should be a month" without saying what happens
 * beyond it; the emulator rejects anything longer than 31 days, so a
 * client that asks for more is caught in tests rather than in production.
 */
export const MAX_RANGE_DAYS = 31;

/** The scope a Server-to-Server app needs for the listing. */
export const TOKEN_SCOPE = 'phone:read:list_sms_sessions:admin';

export const DEFAULT_TOKEN_TTL_SECONDS = 3600;

export const TOKEN_PATH = '/oauth/token';
export const SESSIONS_PATH = '/v2/phone/sms/sessions';

/**
 * X-RateLimit-Limit of a per-second 429 when no rateLimit is configured:
 * the sessions listing is a Medium API, 10 requests a second on Pro.
 */
export const DEFAULT_QPS_LIMIT = 10;

/**
 * X-RateLimit-Limit of a daily 429. Only Heavy APIs have a daily quota,
 * and the older reference page labels this one Heavy: 15,000 a day on Pro.
 */
export const DAILY_LIMIT = 15_000;
