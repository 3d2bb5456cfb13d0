import { ZoomRateLimitError } from '../errors.js';
import { readErrorBody } from './http-error.js';

/**
 * How long Zoom asks a client to wait, from `Retry-After` given as seconds,
 * an HTTP date or an ISO 8601 time (all three have been seen), or undefined
 * when the header is missing or unreadable.
 */
export const retryAfterMs = (
  headers: Headers,
  now: number,
): number | undefined => {
  const value = headers.get('retry-after')?.trim();
  if (value === undefined || value === '') return undefined;

  if (/^[+-]?\d+(\.\d+)?$/.test(value)) {
    const seconds = Number(value);
    return seconds < 0 ? undefined : seconds * 1000;
  }

  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
};

/**
 * True when a 429 is the account's daily limit rather than the per-second
 * one. Zoom says so in `X-RateLimit-Type` (anything but `QPS`), or only in
 * the message, so both are read.
 */
export const isDailyLimit = (headers: Headers, message: string | undefined) => {
  const type = headers.get('x-ratelimit-type')?.trim().toLowerCase();
  if (type !== undefined && type !== '') return type !== 'qps';

  return /daily/i.test(message ?? '');
};

/**
 * The ZoomRateLimitError for a 429 that is the daily limit, or undefined
 * for any other answer. `where` says which endpoint hit it.
 */
export const dailyLimitError = async (
  response: Response,
  accountId: string,
  where: string,
): Promise<ZoomRateLimitError | undefined> => {
  if (response.status !== 429) return undefined;

  const body = await readErrorBody(response);
  if (!isDailyLimit(response.headers, body.message)) return undefined;

  const wait = retryAfterMs(response.headers, Date.now());
  const resets =
    wait === undefined ? '' : `; it resets in ${Math.ceil(wait / 1000)} s`;
  return new ZoomRateLimitError(
    `Zoom's daily request limit for account ${accountId} is used up, at ${where}${resets}.`,
    wait === undefined ? undefined : new Date(Date.now() + wait),
  );
};
