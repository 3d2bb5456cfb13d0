/** A status and JSON body the emulator answers with. */
export interface Reply {
  status: number;
  body: unknown;
}

/** Zoom's API error shape: `{"code": N, "message": "..."}`. */
export function apiError(status: number, code: number, message: string): Reply {
  return { status, body: { code, message } };
}

/** Zoom's OAuth error shape, which differs from the API's. */
function oauthError(status: number, error: string, reason: string): Reply {
  return { status, body: { reason, error } };
}

// Code 300 is Zoom's generic "invalid request parameter" code.
export const invalidParameter = (message: string): Reply =>
  apiError(400, 300, message);

export const ERRORS = {
  invalidAccessToken: apiError(401, 124, 'Invalid access token.'),
  invalidSessionType: apiError(400, 400, 'SMS session type is invalid.'),
  invalidPageToken: invalidParameter(
    'The next page token is invalid or expired.',
  ),
  rateLimitedQps: apiError(
    429,
    429,
    'You have reached the maximum per-second rate limit for this API. Try again later.',
  ),
  rateLimitedDaily: apiError(
    429,
    429,
    'You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.',
  ),
  notFound: apiError(404, 404, 'Not found'),
  internal: apiError(500, 500, 'The emulator failed to answer.'),
  invalidClient: oauthError(
    401,
    'invalid_client',
    'Invalid client_id or client_secret',
  ),
  unsupportedGrantType: oauthError(
    400,
    'unsupported_grant_type',
    'unsupported grant type',
  ),
  invalidAccountId: oauthError(400, 'invalid_request', 'Invalid account_id'),
} as const satisfies Record<string, Reply>;
