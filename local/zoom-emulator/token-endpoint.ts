import { DEFAULT_QPS_LIMIT } from './constants.js';
import type { EmulatorState } from './emulator-state.js';
import { faultReply } from './fault-replies.js';
import type { ZoomFault } from './fault-types.js';
import {
  hasClientCredentials,
  issueToken,
  type TokenRequest,
} from './oauth.js';
import { TokenStore } from './token-store.js';
import { type Answer, jsonWire } from './wire.js';

/**
 * POST /oauth/token, or the fault injected for it. A faulted request
 * mints nothing: a truncated body is cut from a token of a throwaway
 * store, so tokensIssued and the valid tokens stay as they were.
 */
export function answerToken(
  request: TokenRequest,
  fault: ZoomFault | undefined,
  state: EmulatorState,
): Answer {
  const { credentials } = state.options;
  if (fault === undefined || fault.kind === 'slow') {
    const { reply, authorized } = issueToken(
      request,
      credentials,
      state.tokens,
      state.url,
    );
    return { wire: jsonWire(reply), authorized };
  }

  const scratch = new TokenStore(state.tokens.ttlSeconds, state.now);
  const preview = () =>
    jsonWire(issueToken(request, credentials, scratch, state.url).reply);
  const wire = faultReply(fault, {
    now: state.now(),
    qpsLimit: DEFAULT_QPS_LIMIT,
    preview,
  });

  return {
    wire,
    authorized: hasClientCredentials(request.authorization, credentials),
  };
}
