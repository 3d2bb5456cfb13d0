import type { RetryAfterForm } from './fault-types.js';
import { DAY_MS, formatZoomTime } from './time.js';

/**
 * The Retry-After header value for `form`, or undefined for none.
 * Delta-seconds must be a whole number (RFC 9110, section 10.2.3), so a
 * fraction is rounded up rather than invite a retry that is too early.
 */
export function retryAfterValue(
  form: RetryAfterForm,
  now: Date,
): string | undefined {
  if (form.form === 'none') return undefined;
  if (form.form === 'seconds') return String(Math.ceil(form.seconds));

  const at = now.getTime() + Math.ceil(form.seconds) * 1000;
  // toUTCString is the IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
  return form.form === 'http-date'
    ? new Date(at).toUTCString()
    : formatZoomTime(at);
}

/** Seconds from `now` to the next UTC midnight, at least one. */
export function secondsToNextUtcDay(now: Date): number {
  const ms = now.getTime();
  const next = (Math.floor(ms / DAY_MS) + 1) * DAY_MS;

  return Math.max(1, Math.ceil((next - ms) / 1000));
}
