import type { MiddlewareObj, Request } from '@middy/core';
import { clearCache, getInternal } from '@middy/util';
import { parseSecret } from '../credentials/secret-schema.js';
import { SecretReadError } from '../errors.js';
import type { ZoomCredentials } from '../zoom/credentials.js';

export interface ZoomCredentialsOptions {
  secretId: string;
  /** The key under which @middy/secrets-manager fetches the secret. */
  internalKey: string;
  /** That middleware's cacheKey, cleared when the secret is unusable. */
  cacheKey: string;
}

export interface CredentialsContext {
  zoomCredentials: ZoomCredentials;
}

/**
 * Resolves the secret that @middy/secrets-manager fetched, checks its shape
 * and puts the credentials on the context. A secret that cannot be read or
 * lacks a key fails the invocation before any call to Zoom, and is dropped
 * from the cache so that the next invocation reads it again.
 */
export const zoomCredentials = (
  options: ZoomCredentialsOptions,
): MiddlewareObj => ({
  before: async (request: Request) => {
    let value: unknown;
    try {
      const resolved: Record<string, unknown> = await getInternal(
        [options.internalKey],
        request,
      );
      value = resolved[options.internalKey];
    } catch (error) {
      clearCache([options.cacheKey]);
      throw new SecretReadError(
        `Could not read secret ${options.secretId} from Secrets Manager: ${describeCause(error)}.`,
      );
    }

    try {
      const credentials = parseSecret(options.secretId, value);
      Object.assign(request.context, { zoomCredentials: credentials });
    } catch (error) {
      clearCache([options.cacheKey]);
      throw error;
    }
  },
});

/** The SDK error's name and message behind middy's wrapper. */
const describeCause = (error: unknown): string => {
  const data = (error as { cause?: { data?: unknown[] } }).cause?.data;
  const inner = Array.isArray(data) ? data[0] : error;
  return inner instanceof Error
    ? `${inner.name}: ${inner.message}`
    : String(inner);
};
