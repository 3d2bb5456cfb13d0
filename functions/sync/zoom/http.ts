import ky, { HTTPError, type KyInstance } from 'ky';
import pThrottle from 'p-throttle';
import { readErrorBody } from './http-error.js';
import { isDailyLimit, retryAfterMs } from './rate-limit.js';

/** Attempts of one request: the first and up to this many retries. */
const RETRY_LIMIT = 6;

/** No backoff between attempts waits longer than this. */
const BACKOFF_LIMIT_MS = 10_000;

/**
 * With less than this left, a failed request is not retried: the backoff
 * alone could take it. The run stops on its time budget instead.
 */
export const RETRY_HEADROOM_MS = BACKOFF_LIMIT_MS;

/** True when a run with `budgetMs` left has no time for another retry. */
export const outOfTime = (budgetMs: (() => number) | undefined): boolean =>
  (budgetMs?.() ?? Number.POSITIVE_INFINITY) <= RETRY_HEADROOM_MS;

export interface ZoomHttpOptions {
  /** Requests a second across every listing of this function instance. */
  requestsPerSecond?: number;
  timeoutMs: number;
  /** The fetch to send requests with; tests may pass an instrumented one. */
  fetch?: typeof fetch;
  /**
   * Milliseconds the run may still spend waiting. A retry that would wait
   * past it is not made, so the run can stop in time and save progress.
   */
  budgetMs?: () => number;
  /** Called before each retry of a per-second 429. */
  onRateLimited?: () => void;
}

export interface ZoomHttp {
  ky: KyInstance;
  /** Requests sent so far, retries included. */
  readonly requestCount: number;
}

/**
 * One HTTP client for Zoom. Every attempt, retries included, passes the
 * rate limiter and is counted. 5xx, 408, 429, network errors, timeouts and
 * 200 answers whose body is not JSON are retried with capped exponential
 * backoff and full jitter, or after `Retry-After` when Zoom sends one; a
 * daily-limit 429 is not retried. Other 4xx fail at once.
 */
export const createZoomHttp = (options: ZoomHttpOptions): ZoomHttp => {
  const send = options.fetch ?? globalThis.fetch;
  let requestCount = 0;
  // A request may not outlast the time the run has left.
  const counted = (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    requestCount += 1;
    const left = options.budgetMs?.();
    if (left === undefined) return send(input, init);

    const deadline = AbortSignal.timeout(Math.max(1, left));
    const signal = init?.signal
      ? AbortSignal.any([init.signal, deadline])
      : deadline;
    return send(input, { ...init, signal });
  };

  const rate = options.requestsPerSecond;
  // One request every 1000/rate ms: no burst can exceed the rate in any second.
  const limited =
    rate === undefined
      ? counted
      : pThrottle({ limit: 1, interval: Math.ceil(1000 / rate) })(counted);

  const shouldRetry = async ({ error }: { error: Error }) => {
    const left = options.budgetMs?.() ?? Number.POSITIVE_INFINITY;
    if (left <= RETRY_HEADROOM_MS) return false;

    if (error instanceof HTTPError) {
      const { headers, status } = error.response;
      if (status === 429) {
        const body = await readErrorBody(error.response);
        if (isDailyLimit(headers, body.message)) return false;
      }

      // ky waits as long as Retry-After says (on 429 and 503): not past the budget.
      const wait = retryAfterMs(headers, Date.now());
      if (wait !== undefined && wait >= left) return false;
    }

    return undefined;
  };

  const instance = ky.create({
    fetch: limited,
    timeout: options.timeoutMs,
    retry: {
      limit: RETRY_LIMIT,
      methods: ['get', 'post'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      backoffLimit: BACKOFF_LIMIT_MS,
      jitter: true,
      retryOnTimeout: true,
      shouldRetry,
    },
    hooks: {
      beforeRetry: [
        ({ error }) => {
          if (error instanceof HTTPError && error.response.status === 429) {
            options.onRateLimited?.();
          }
        },
      ],
      afterResponse: [
        async (_request, _options, response) => {
          if (!response.ok) return undefined;

          try {
            JSON.parse(await response.text());
            return undefined;
          } catch {
            // A body cut short or an HTML page with status 200: try again.
            return ky.retry();
          }
        },
      ],
    },
  });

  return {
    ky: instance,
    get requestCount() {
      return requestCount;
    },
  };
};
