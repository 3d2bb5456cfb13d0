import type { ZoomSmsSession } from '../../functions/sync/zoom/schema.js';
import type { EmulatorDataSet } from './data-set.js';
import type {
  InjectFaultOptions,
  SessionsRequestInfo,
  ZoomFault,
} from './fault-types.js';

/** The Server-to-Server OAuth app the emulator accepts, and no other. */
export interface ZoomEmulatorCredentials {
  accountId: string;
  clientId: string;
  clientSecret: string;
}

export interface ZoomEmulatorOptions {
  credentials: ZoomEmulatorCredentials;
  /** Initial data set, kept as a list: duplicates stay duplicates. */
  sessions?: ZoomSmsSession[];
  /** 0 (the default) lets the system pick a free port on 127.0.0.1. */
  port?: number;
  /** Lifetime of an issued access token; Zoom's is 3600 seconds. */
  tokenTtlSeconds?: number;
  /**
   * Clock for token expiry, page token expiry, the default 30-day range,
   * absolute Retry-After values and `at`.
   */
  now?: () => Date;
  /** Delay before every sessions answer, errors included; 0 by default. */
  latencyMs?: number;
  /**
   * Enforces a per-account limit on the sessions listing: at most
   * `perSecond` requests with a valid token in any sliding second of real
   * time (not `now()`, which tests freeze). The rest get the per-second
   * 429 with Retry-After 1 and use no quota. Off by default.
   */
  rateLimit?: { perSecond: number };
  /**
   * A next_page_token older than this by `now()` gets the 400 of an
   * invalid or expired token. Tokens never expire by default.
   */
  pageTokenTtlMs?: number;
  /**
   * After every N pages served, every token issued so far stops working,
   * as if it expired mid-run: the next request gets 401 code 124.
   */
  invalidateTokensAfterRequests?: number;
}

/**
 * One request as the emulator saw it. Headers are never kept, so neither
 * the client secret nor an access token can leak through a test report.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  at: Date;
  /** Valid client credentials on `/oauth/token`, a live token elsewhere. */
  authorized: boolean;
}

export interface ZoomEmulator {
  /** `http://127.0.0.1:PORT`: the OAuth base URL and the API base URL. */
  url: string;
  /**
   * Every request in the order it was answered. A request whose client
   * left while it was delayed is recorded with status 499, as nginx logs
   * a closed connection; it changed nothing.
   */
  requests: RecordedRequest[];
  tokensIssued: number;
  /** Live data set: every page reads it afresh, like a real API. */
  data: EmulatorDataSet;
  /** Invalidates every token issued so far; the next API call gets 401. */
  revokeTokens(): void;
  /**
   * Queues a fault for the endpoint's next requests: after `skip` of
   * them, the next `count` get it. See FaultQueue for how rules share
   * requests. A faulted request is recorded with its status, moves no
   * listing on, and does not count towards the rate limit.
   */
  injectFault(fault: ZoomFault, options?: InjectFaultOptions): void;
  /** Drops every queued fault; faultsApplied keeps its count. */
  clearFaults(): void;
  /** How many requests got an injected fault. */
  readonly faultsApplied: number;
  /** How many sessions requests the rateLimit option answered 429. */
  readonly rateLimited: number;
  /**
   * Called before a sessions request gets its page, after the token, the
   * faults, the rate limit and the query are checked, so a test can change
   * `data` between two pages of a listing. A throw answers 500.
   */
  onSessionsRequest?: ((info: SessionsRequestInfo) => void) | undefined;
  stop(): Promise<void>;
}
