import { ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import type { Request } from '@middy/core';
import { clearCache, getCache, processCache } from '@middy/util';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { zoomCredentials } from '../../../../functions/sync/middleware/zoom-credentials.js';
import { catchRejection } from '../../helpers/catch-error.js';

const SECRET_ID = 'zoom-sms-sync/credentials';
const CACHE_KEY = 'zoom-credentials-test';
const INTERNAL_KEY = 'zoomSecret';

const SECRET = {
  account_id: 'acct-Value-7f3a',
  client_id: 'client-Value-91bd',
  client_secret: 'secret-Value-c0ffee',
};

const middleware = zoomCredentials({
  secretId: SECRET_ID,
  internalKey: INTERNAL_KEY,
  cacheKey: CACHE_KEY,
});

/** A middy request whose secret middleware left `value` internally. */
const requestWith = (value: unknown): Request =>
  ({
    event: {},
    context: {} as Context,
    response: null,
    error: null,
    internal: { [INTERNAL_KEY]: value },
  }) as Request;

/** Puts an entry in the secret's cache, as @middy/secrets-manager would. */
const fillCache = () =>
  processCache({ cacheKey: CACHE_KEY, cacheExpiry: 60_000 }, () => ({
    [INTERNAL_KEY]: SECRET,
  }));

const runBefore = (request: Request) => {
  if (middleware.before === undefined) throw new Error('no before hook');

  return middleware.before(request);
};

afterEach(() => {
  clearCache([CACHE_KEY]);
});

describe('zoomCredentials', () => {
  it.each([
    ['a value', SECRET],
    ['a promise of a value', Promise.resolve(SECRET)],
  ])('puts the credentials of %s on the context', async (_name, value) => {
    const request = requestWith(value);
    await runBefore(request);

    expect(request.context).toMatchObject({
      zoomCredentials: {
        accountId: 'acct-Value-7f3a',
        clientId: 'client-Value-91bd',
        clientSecret: 'secret-Value-c0ffee',
      },
    });
  });

  it('keeps the cached secret when it is usable', async () => {
    fillCache();
    await runBefore(requestWith(SECRET));

    expect(getCache(CACHE_KEY).value).toBeDefined();
  });

  it('refuses a secret without a key and drops it from the cache', async () => {
    fillCache();
    const { client_secret: _, ...partial } = SECRET;

    const error = await catchRejection(() => runBefore(requestWith(partial)));

    expect(error.name).toBe('SecretFormatError');
    expect(error.message).toContain('"client_secret"');
    expect(getCache(CACHE_KEY)).toEqual({});
  });

  it('names the secret and the SDK error when it cannot be read', async () => {
    fillCache();
    const sdkError = new ResourceNotFoundException({
      message: "Secrets Manager can't find the specified secret.",
      $metadata: {},
    });
    const read = Promise.reject(sdkError);

    const error = await catchRejection(() => runBefore(requestWith(read)));

    expect(error.name).toBe('SecretReadError');
    expect(error.message).toBe(
      `Could not read secret ${SECRET_ID} from Secrets Manager: ResourceNotFoundException: Secrets Manager can't find the specified secret..`,
    );
    expect(getCache(CACHE_KEY)).toEqual({});
  });
});
