/**
 * How a 429 states when to come back. Zoom has been seen sending
 * seconds, an absolute time, and for the daily limit no header at all;
 * `http-date` and `iso` are the emulator's now() plus `seconds`, as an
 * IMF-fixdate (RFC 9110) or an ISO 8601 instant without millis.
 */
export type RetryAfterForm =
  | { form: 'seconds'; seconds: number }
  | { form: 'http-date'; seconds: number }
  | { form: 'iso'; seconds: number }
  | { form: 'none' };

/** A failure the emulator answers instead of, or before, the real answer. */
export type ZoomFault =
  /** 429 of the per-second limit; Retry-After 1 second unless given. */
  | { kind: 'rate_limit_qps'; retryAfter?: RetryAfterForm }
  /** 429 of the daily limit; Retry-After the next UTC midnight unless given. */
  | { kind: 'rate_limit_daily'; retryAfter?: RetryAfterForm }
  /** A load balancer's HTML error page. */
  | { kind: 'server_error'; status: 500 | 502 | 503 }
  /** The real answer, after `delayMs`; nothing if the client left. */
  | { kind: 'slow'; delayMs: number }
  /** 200 with a JSON content type and a body that is not JSON. */
  | { kind: 'malformed_json' }
  /** 200 with the first half of the real body. */
  | { kind: 'truncated_json' }
  /** 401 code 124, as for an expired or revoked token. */
  | { kind: 'invalid_token' }
  /** 400 code 300, whether or not the request sent a page token. */
  | { kind: 'expired_page_token' };

export type ZoomFaultKind = ZoomFault['kind'];

/** `sessions` is GET /v2/phone/sms/sessions, `oauth` POST /oauth/token. */
export type FaultEndpoint = 'sessions' | 'oauth';

export interface InjectFaultOptions {
  /** Which endpoint's requests the rule counts; `sessions` by default. */
  endpoint?: FaultEndpoint;
  /** Requests to let through untouched first; 0 by default. */
  skip?: number;
  /** Requests to fault after that; 1 by default, Infinity allowed. */
  count?: number;
}

/** What `onSessionsRequest` is told about a request about to get a page. */
export interface SessionsRequestInfo {
  /** 1 without a next_page_token, else 1 + pages served before it. */
  pageNumber: number;
  hasPageToken: boolean;
  /** 0-based arrival order among all sessions requests. */
  requestIndex: number;
}
