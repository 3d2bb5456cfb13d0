import { TOKEN_SCOPE } from './constants.js';
import { ERRORS, type Reply } from './errors.js';
import type { TokenStore } from './token-store.js';
import type { ZoomEmulatorCredentials } from './types.js';

export interface TokenRequest {
  params: Record<string, string>;
  authorization: string | undefined;
}

/**
 * Answers `POST /oauth/token` the way Zoom's Server-to-Server OAuth does:
 * client credentials in Basic auth, grant type and account in the query.
 */
export function issueToken(
  request: TokenRequest,
  credentials: ZoomEmulatorCredentials,
  tokens: TokenStore,
  apiUrl: string,
): { reply: Reply; authorized: boolean } {
  if (!hasClientCredentials(request.authorization, credentials)) {
    return { reply: ERRORS.invalidClient, authorized: false };
  }
  if (request.params.grant_type !== 'account_credentials') {
    return { reply: ERRORS.unsupportedGrantType, authorized: true };
  }
  if (request.params.account_id !== credentials.accountId) {
    return { reply: ERRORS.invalidAccountId, authorized: true };
  }

  const body = {
    access_token: tokens.issue(),
    token_type: 'bearer',
    expires_in: tokens.ttlSeconds,
    scope: TOKEN_SCOPE,
    api_url: apiUrl,
  };
  return { reply: { status: 200, body }, authorized: true };
}

export function hasClientCredentials(
  authorization: string | undefined,
  credentials: ZoomEmulatorCredentials,
): boolean {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (match?.[1] === undefined) return false;

  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  return decoded === `${credentials.clientId}:${credentials.clientSecret}`;
}

/** The token of an `Authorization: Bearer TOKEN` header, if there is one. */
export function bearerToken(
  authorization: string | undefined,
): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
}
