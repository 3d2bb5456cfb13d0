import { DEFAULT_TOKEN_TTL_SECONDS } from './constants.js';
import { EmulatorDataSet } from './data-set.js';
import { FaultQueue } from './fault-queue.js';
import type { SessionsRequestInfo } from './fault-types.js';
import { PageTokenStore } from './page-tokens.js';
import { SlidingWindowLimiter } from './rate-limiter.js';
import { SelectionCache } from './selection-cache.js';
import { TokenStore } from './token-store.js';
import type { ZoomEmulatorOptions } from './types.js';

/** Everything a request can read or change, shared by the endpoints. */
export interface EmulatorState {
  options: ZoomEmulatorOptions;
  now: () => Date;
  tokens: TokenStore;
  pages: PageTokenStore;
  cache: SelectionCache;
  data: EmulatorDataSet;
  faults: FaultQueue;
  limiter: SlidingWindowLimiter | undefined;
  latencyMs: number;
  /** The API base URL, known once the server listens. */
  url: string;
  /** Sessions requests received so far, in arrival order. */
  sessionsReceived: number;
  /** Sessions requests answered 429 by the rate limiter. */
  rateLimited: number;
  /** Sessions requests answered with a real page. */
  pagesServed: number;
  /** The test's hook, read at call time so it can be set at any point. */
  hook: () => ((info: SessionsRequestInfo) => void) | undefined;
}

/** Validates the options and builds the emulator's initial state. */
export function createState(
  options: ZoomEmulatorOptions,
  hook: EmulatorState['hook'],
): EmulatorState {
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) {
    throw new RangeError(`latencyMs must be >= 0, got ${latencyMs}`);
  }
  const every = options.invalidateTokensAfterRequests;
  if (every !== undefined && (!Number.isInteger(every) || every < 1)) {
    throw new RangeError(
      `invalidateTokensAfterRequests must be a positive integer, got ${every}`,
    );
  }

  const now = options.now ?? (() => new Date());
  const perSecond = options.rateLimit?.perSecond;
  const data = new EmulatorDataSet(options.sessions ?? []);

  return {
    options,
    now,
    tokens: new TokenStore(
      options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
      now,
    ),
    pages: new PageTokenStore(now, options.pageTokenTtlMs),
    cache: new SelectionCache(data),
    data,
    faults: new FaultQueue(),
    limiter:
      perSecond === undefined ? undefined : new SlidingWindowLimiter(perSecond),
    latencyMs,
    url: '',
    sessionsReceived: 0,
    rateLimited: 0,
    pagesServed: 0,
    hook,
  };
}
