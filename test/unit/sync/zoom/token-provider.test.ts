import ky from 'ky';
import { describe, expect, it } from 'vitest';
import type { ZoomCredentials } from '../../../../functions/sync/zoom/credentials.js';
import { ZoomTokenProvider } from '../../../../functions/sync/zoom/token-provider.js';
import { catchRejection } from '../../helpers/catch-error.js';
import { fakeFetch, json, type Route } from '../../helpers/fake-fetch.js';

const OAUTH = 'https://oauth.zoom.test';
const T0 = Date.UTC(2026, 2, 15, 12, 0, 0);
const MINUTE_MS = 60_000;

const CREDENTIALS: ZoomCredentials = {
  accountId: 'acct-123',
  clientId: 'client-abc',
  clientSecret: 'shh-secret-value',
};

/** Hands out token-1, token-2, … each valid for an hour. */
const freshIssuer = (): Route => {
  let issued = 0;
  return () => {
    issued += 1;
    return json({ access_token: `token-${issued}`, expires_in: 3600 });
  };
};

const setup = (route: Route = freshIssuer()) => {
  let now = T0;
  const server = fakeFetch(route);
  const provider = new ZoomTokenProvider({
    http: ky.create({ fetch: server.fetch, retry: 0 }),
    oauthBaseUrl: OAUTH,
    clock: () => new Date(now),
  });
  const advance = (ms: number) => {
    now += ms;
  };
  return { provider, requests: server.requests, advance };
};

describe('ZoomTokenProvider', () => {
  it('asks for an account_credentials token with Basic auth', async () => {
    const { provider, requests } = setup();

    await expect(provider.getToken(CREDENTIALS)).resolves.toBe('token-1');

    const request = requests[0];
    const url = new URL(request?.url ?? '');
    expect(request?.method).toBe('POST');
    expect(`${url.origin}${url.pathname}`).toBe(`${OAUTH}/oauth/token`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      grant_type: 'account_credentials',
      account_id: 'acct-123',
    });
    expect(request?.headers.get('authorization')).toBe(
      `Basic ${Buffer.from('client-abc:shh-secret-value').toString('base64')}`,
    );
    expect(provider.tokensIssued).toBe(1);
  });

  it('reuses the token until five minutes before it expires', async () => {
    const { provider, requests, advance } = setup();
    await provider.getToken(CREDENTIALS);

    advance(55 * MINUTE_MS - 1);
    await expect(provider.getToken(CREDENTIALS)).resolves.toBe('token-1');

    advance(1);
    await expect(provider.getToken(CREDENTIALS)).resolves.toBe('token-2');
    expect(requests).toHaveLength(2);
  });

  it('lets concurrent callers share one request for a token', async () => {
    const { provider, requests } = setup();

    const tokens = await Promise.all([
      provider.getToken(CREDENTIALS),
      provider.getToken(CREDENTIALS),
      provider.getToken(CREDENTIALS),
    ]);

    expect(tokens).toEqual(['token-1', 'token-1', 'token-1']);
    expect(requests).toHaveLength(1);
    expect(provider.tokensIssued).toBe(1);
  });

  it('gets a new token when the credentials change', async () => {
    const { provider } = setup();
    await provider.getToken(CREDENTIALS);

    const rotated = { ...CREDENTIALS, clientSecret: 'rotated-secret' };
    await expect(provider.getToken(rotated)).resolves.toBe('token-2');
  });

  it('gets a new token after the cached one is invalidated', async () => {
    const { provider } = setup();
    const first = await provider.getToken(CREDENTIALS);
    provider.invalidate(first);

    await expect(provider.getToken(CREDENTIALS)).resolves.toBe('token-2');
  });

  it('keeps the cached token when another one is invalidated', async () => {
    const { provider } = setup();
    await provider.getToken(CREDENTIALS);
    provider.invalidate('token-0');

    await expect(provider.getToken(CREDENTIALS)).resolves.toBe('token-1');
  });

  it.each([400, 401, 403])(
    "names the account and Zoom's reason when Zoom answers %i",
    async (status) => {
      const { provider } = setup(() =>
        json({ reason: 'Invalid client_id or client_secret' }, status),
      );

      const error = await catchRejection(() => provider.getToken(CREDENTIALS));

      expect(error.name).toBe('ZoomAuthError');
      expect(error.message).toBe(
        'Zoom rejected the credentials for account acct-123: Invalid client_id or client_secret.',
      );
    },
  );

  it('falls back to the HTTP status when the refusal has no body', async () => {
    const { provider } = setup(() => new Response('', { status: 401 }));

    const error = await catchRejection(() => provider.getToken(CREDENTIALS));

    expect(error.message).toContain('account acct-123: HTTP 401');
  });

  it('never puts the client secret or Basic header in its errors', async () => {
    const basic = Buffer.from('client-abc:shh-secret-value').toString('base64');
    const answers: Route[] = [
      () => json({ reason: 'bad' }, 401),
      () => json({}, 500),
      () => Promise.reject(new TypeError('fetch failed')),
      () => json({ access_token: 'tok-leak', expires_in: 0 }),
    ];

    for (const answer of answers) {
      const { provider } = setup(answer);
      const error = await catchRejection(() => provider.getToken(CREDENTIALS));

      expect(error.message).not.toContain('shh-secret-value');
      expect(error.message).not.toContain(basic);
      expect(error.message).not.toContain('tok-leak');
      expect(error.cause).toBeUndefined();
    }
  });

  it('reports a server error as a ZoomApiError without the query', async () => {
    const { provider } = setup(() => json({}, 500));

    const error = await catchRejection(() => provider.getToken(CREDENTIALS));

    expect(error.name).toBe('ZoomApiError');
    expect(error.message).toBe(
      `Zoom answered HTTP 500 to POST ${OAUTH}/oauth/token.`,
    );
  });

  it.each([
    ['no access_token', { expires_in: 3600 }],
    ['an empty access_token', { access_token: '', expires_in: 3600 }],
    ['no expires_in', { access_token: 'tok' }],
    ['an expires_in of zero', { access_token: 'tok', expires_in: 0 }],
  ])('refuses a token answer with %s', async (_name, body) => {
    const { provider } = setup(() => json(body));

    const error = await catchRejection(() => provider.getToken(CREDENTIALS));

    expect(error.name).toBe('ZoomResponseError');
    expect(provider.tokensIssued).toBe(0);
  });

  it('asks again after a failed request instead of keeping the failure', async () => {
    let calls = 0;
    const { provider } = setup(() => {
      calls += 1;
      return calls === 1
        ? json({}, 500)
        : json({ access_token: 'tok', expires_in: 3600 });
    });

    await catchRejection(() => provider.getToken(CREDENTIALS));

    await expect(provider.getToken(CREDENTIALS)).resolves.toBe('tok');
  });
});
