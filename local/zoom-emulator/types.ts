import type { ZoomSmsSession } from '../../functions/sync/zoom/schema.js';
import type { EmulatorDataSet } from './data-set.js';

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
  /** Clock for token expiry, the default 30-day range and `at`. */
  now?: () => Date;
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
  /** Every request in the order it was answered. */
  requests: RecordedRequest[];
  tokensIssued: number;
  /** Live data set: every page reads it afresh, like a real API. */
  data: EmulatorDataSet;
  /** Invalidates every token issued so far; the next API call gets 401. */
  revokeTokens(): void;
  stop(): Promise<void>;
}
