import { STATUS_CODES } from 'node:http';
import { DAILY_LIMIT } from './constants.js';
import { ERRORS } from './errors.js';
import type { RetryAfterForm, ZoomFault } from './fault-types.js';
import { retryAfterValue, secondsToNextUtcDay } from './retry-after.js';
import { htmlWire, jsonTypedText, jsonWire, type WireReply } from './wire.js';

/** The faults answered in place of the real answer; `slow` only delays it. */
export type ReplacingFault = Exclude<ZoomFault, { kind: 'slow' }>;

export interface FaultContext {
  now: Date;
  /** X-RateLimit-Limit of a per-second 429. */
  qpsLimit: number;
  /** The real answer, computed without changing any state. */
  preview: () => WireReply;
}

// What an HTML error page in front of a JSON API looks like.
const MALFORMED_BODY = '<html><body><h1>Request blocked</h1></body></html>';

/** The wire answer for an injected fault. */
export function faultReply(
  fault: ReplacingFault,
  context: FaultContext,
): WireReply {
  switch (fault.kind) {
    case 'rate_limit_qps':
      return rateLimitedQps(
        context.qpsLimit,
        fault.retryAfter ?? { form: 'seconds', seconds: 1 },
        context.now,
      );
    case 'rate_limit_daily':
      return rateLimitedDaily(fault.retryAfter, context.now);
    case 'server_error':
      return htmlWire(fault.status, errorPage(fault.status));
    case 'malformed_json':
      return jsonTypedText(200, MALFORMED_BODY);
    case 'truncated_json': {
      const real = context.preview().body;
      return jsonTypedText(200, real.slice(0, Math.floor(real.length / 2)));
    }
    case 'invalid_token':
      return jsonWire(ERRORS.invalidAccessToken);
    case 'expired_page_token':
      return jsonWire(ERRORS.invalidPageToken);
  }
}

/** The 429 of the per-second limit, for a fault and the rate limiter. */
export function rateLimitedQps(
  limit: number,
  retryAfter: RetryAfterForm,
  now: Date,
): WireReply {
  const headers = {
    'x-ratelimit-category': 'Medium',
    'x-ratelimit-type': 'QPS',
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': '0',
  };

  return jsonWire(
    ERRORS.rateLimitedQps,
    withRetryAfter(headers, retryAfter, now),
  );
}

function rateLimitedDaily(
  retryAfter: RetryAfterForm | undefined,
  now: Date,
): WireReply {
  const headers = {
    'x-ratelimit-category': 'Heavy',
    'x-ratelimit-type': 'Daily-limit',
    'x-ratelimit-limit': String(DAILY_LIMIT),
    'x-ratelimit-remaining': '0',
  };
  // Unless told otherwise, the quota comes back with the next UTC day.
  const form = retryAfter ?? {
    form: 'http-date',
    seconds: secondsToNextUtcDay(now),
  };

  return jsonWire(ERRORS.rateLimitedDaily, withRetryAfter(headers, form, now));
}

function withRetryAfter(
  headers: Record<string, string>,
  form: RetryAfterForm,
  now: Date,
): Record<string, string> {
  const value = retryAfterValue(form, now);

  return value === undefined ? headers : { ...headers, 'retry-after': value };
}

function errorPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;

  return [
    '<!DOCTYPE html>',
    `<html><head><title>${title}</title></head>`,
    `<body><h1>${title}</h1><hr><p>load balancer</p></body></html>`,
    '',
  ].join('\n');
}
