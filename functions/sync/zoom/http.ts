import ky, { type KyInstance } from 'ky';
import pThrottle from 'p-throttle';

export interface ZoomHttpOptions {
  /** Requests a second across every listing of this function instance. */
  requestsPerSecond?: number;
  timeoutMs: number;
  /** The fetch to send requests with; tests may pass an instrumented one. */
  fetch?: typeof fetch;
}

export interface ZoomHttp {
  ky: KyInstance;
  /** Requests sent so far, retries included. */
  readonly requestCount: number;
}

/**
 * One HTTP client for Zoom: every attempt, retries included, passes through
 * the rate limiter and is counted. Transient answers (5xx, 408, 429) are
 * retried a few times with backoff, honouring Retry-After.
 */
export const createZoomHttp = (options: ZoomHttpOptions): ZoomHttp => {
  const send = options.fetch ?? globalThis.fetch;
  let requestCount = 0;
  const counted = (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    requestCount += 1;
    return send(input, init);
  };

  const rate = options.requestsPerSecond;
  // One request every 1000/rate ms: no burst can exceed the rate in any second.
  const limited =
    rate === undefined
      ? counted
      : pThrottle({ limit: 1, interval: Math.ceil(1000 / rate) })(counted);

  const instance = ky.create({
    fetch: limited,
    timeout: options.timeoutMs,
    retry: {
      limit: 3,
      methods: ['get', 'post'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [413, 429, 503],
      maxRetryAfter: 60_000,
      backoffLimit: 10_000,
    },
  });

  return {
    ky: instance,
    get requestCount() {
      return requestCount;
    },
  };
};
