import { DEFAULT_QPS_LIMIT } from './constants.js';
import type { EmulatorState } from './emulator-state.js';
import { ERRORS } from './errors.js';
import { faultReply, rateLimitedQps } from './fault-replies.js';
import type { ZoomFault } from './fault-types.js';
import { bearerToken } from './oauth.js';
import { unstoredToken } from './page-tokens.js';
import { listSessions } from './sessions.js';
import { type Answer, jsonWire } from './wire.js';

export interface SessionsRequest {
  params: Record<string, string>;
  authorization: string | undefined;
  /** Taken from the queue when the request arrived. */
  fault: ZoomFault | undefined;
  requestIndex: number;
}

/**
 * GET /v2/phone/sms/sessions, step by step: an injected fault, the
 * access token, the rate limit, then the listing itself. Only a real
 * page moves paging on or counts towards invalidateTokensAfterRequests.
 */
export function answerSessions(
  request: SessionsRequest,
  state: EmulatorState,
): Answer {
  const { params, fault } = request;
  const authorized = state.tokens.isValid(bearerToken(request.authorization));
  const base = {
    pages: state.pages,
    cache: state.cache,
    now: state.now(),
  };
  if (fault !== undefined && fault.kind !== 'slow') {
    const preview = () =>
      jsonWire(listSessions(params, { ...base, issue: unstoredToken }));
    const qpsLimit = state.limiter?.perSecond ?? DEFAULT_QPS_LIMIT;
    const wire = faultReply(fault, { now: base.now, qpsLimit, preview });
    return { wire, authorized };
  }
  if (!authorized) {
    return { wire: jsonWire(ERRORS.invalidAccessToken), authorized };
  }
  if (state.limiter !== undefined && !state.limiter.tryAcquire()) {
    state.rateLimited += 1;
    const retryAfter = { form: 'seconds', seconds: 1 } as const;
    const wire = rateLimitedQps(state.limiter.perSecond, retryAfter, base.now);
    return { wire, authorized };
  }

  const hook = state.hook();
  const reply = listSessions(params, {
    ...base,
    issue: (cursor) => state.pages.issue(cursor),
    ...(hook === undefined
      ? {}
      : {
          beforePage: (page) =>
            hook({ ...page, requestIndex: request.requestIndex }),
        }),
  });
  if (reply.status === 200) countPage(state);

  return { wire: jsonWire(reply), authorized };
}

function countPage(state: EmulatorState): void {
  state.pagesServed += 1;
  const every = state.options.invalidateTokensAfterRequests;
  // Tokens minted from here on are valid again: only the current ones go.
  if (every !== undefined && state.pagesServed % every === 0) {
    state.tokens.revokeAll();
  }
}
