import ky from 'ky';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type ListSessionsQuery,
  type SessionsPage,
  ZoomSessionsClient,
} from '../../../../functions/sync/zoom/sessions-client.js';
import { ZoomTokenProvider } from '../../../../functions/sync/zoom/token-provider.js';
import { catchRejection } from '../../helpers/catch-error.js';
import { fakeFetch, json } from '../../helpers/fake-fetch.js';

const API = 'https://api.zoom.test';
const OAUTH = 'https://oauth.zoom.test';
const SESSIONS_PATH = '/v2/phone/sms/sessions';

const CREDENTIALS = {
  accountId: 'acct-123',
  clientId: 'client-abc',
  clientSecret: 'shh-secret-value',
};

const QUERY: ListSessionsQuery = {
  from: new Date('2026-02-15T12:00:00.750Z'),
  to: new Date('2026-03-15T12:00:00.000Z'),
  sessionType: 'all',
  filterType: 'last_message_time',
  pageSize: 100,
};

const INVALID_TOKEN = { code: 124, message: 'Invalid access token.' };

/**
 * A Zoom with an OAuth endpoint that issues token-1, token-2, … and a
 * sessions endpoint answered by `pages`, given the page token and the
 * bearer token of each request.
 */
const zoom = (
  pages: (pageToken: string | null, bearer: string) => Response,
  maxPages = 100,
  budgetMs?: () => number,
) => {
  let issued = 0;
  const server = fakeFetch((request) => {
    const url = new URL(request.url);
    if (url.pathname === '/oauth/token') {
      issued += 1;
      return json({ access_token: `token-${issued}`, expires_in: 3600 });
    }

    const bearer = request.headers.get('authorization') ?? '';
    return pages(url.searchParams.get('next_page_token'), bearer);
  });
  const http = ky.create({ fetch: server.fetch, retry: 0 });
  const tokens = new ZoomTokenProvider({ http, oauthBaseUrl: OAUTH });
  const client = new ZoomSessionsClient({
    http,
    apiBaseUrl: API,
    tokens,
    credentials: CREDENTIALS,
    maxPages,
    ...(budgetMs === undefined ? {} : { budgetMs }),
  });
  const listings = () =>
    server.requests
      .map((request) => new URL(request.url))
      .filter((url) => url.pathname === SESSIONS_PATH);
  return { client, tokens, requests: server.requests, listings };
};

const collect = async (pages: AsyncIterable<SessionsPage>) => {
  const records: unknown[][] = [];
  for await (const page of pages) records.push(page.records);
  return records;
};

/** Pages keyed by the token that asks for them; null is the first. */
const chain =
  (pages: Record<string, object>) =>
  (token: string | null): Response =>
    json(pages[token ?? 'first'] ?? { sms_sessions: [] });

afterEach(() => {
  vi.useRealTimers();
});

describe('ZoomSessionsClient.listSessions', () => {
  it('asks for the window in Zoom time format with the bearer token', async () => {
    const { client, listings, requests } = zoom(chain({}));
    await collect(client.listSessions(QUERY));

    const [url] = listings();
    expect(`${url?.origin}${url?.pathname}`).toBe(`${API}${SESSIONS_PATH}`);
    expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({
      page_size: '100',
      session_type: 'all',
      filter_type: 'last_message_time',
      from: '2026-02-15T12:00:00Z',
      to: '2026-03-15T12:00:00Z',
    });
    expect(requests.at(-1)?.headers.get('authorization')).toBe(
      'Bearer token-1',
    );
  });

  it('adds phone_number only when the query has one', async () => {
    const { client, listings } = zoom(chain({}));
    await collect(client.listSessions({ ...QUERY, phoneNumber: '+15550001' }));

    expect(listings()[0]?.searchParams.get('phone_number')).toBe('+15550001');
  });

  it('follows next_page_token until Zoom sends none', async () => {
    const { client, listings } = zoom(
      chain({
        first: { sms_sessions: [{ session_id: 'a' }], next_page_token: 't1' },
        t1: { sms_sessions: [{ session_id: 'b' }], next_page_token: 't2' },
        t2: { sms_sessions: [{ session_id: 'c' }] },
      }),
    );

    await expect(collect(client.listSessions(QUERY))).resolves.toEqual([
      [{ session_id: 'a' }],
      [{ session_id: 'b' }],
      [{ session_id: 'c' }],
    ]);
    expect(
      listings().map((url) => url.searchParams.get('next_page_token')),
    ).toEqual([null, 't1', 't2']);
    expect(listings()[2]?.searchParams.get('from')).toBe(
      '2026-02-15T12:00:00Z',
    );
  });

  it('stops at an empty next_page_token', async () => {
    const { client, listings } = zoom(
      chain({ first: { sms_sessions: [], next_page_token: '' } }),
    );

    await expect(collect(client.listSessions(QUERY))).resolves.toEqual([[]]);
    expect(listings()).toHaveLength(1);
  });

  it('yields no records for a page without sms_sessions', async () => {
    const { client } = zoom(() => json({ page_size: 100 }));

    await expect(collect(client.listSessions(QUERY))).resolves.toEqual([[]]);
  });

  it('fails with a ZoomPagingError when a page token comes back', async () => {
    const { client } = zoom(
      chain({
        first: { sms_sessions: [], next_page_token: 't1' },
        t1: { sms_sessions: [], next_page_token: 't1' },
      }),
    );

    const error = await catchRejection(() =>
      collect(client.listSessions(QUERY)),
    );

    expect(error.name).toBe('ZoomPagingError');
    expect(error.message).toContain('same next_page_token twice');
  });

  it('fails with a ZoomPagingError past the page cap', async () => {
    let n = 0;
    const { client, listings } = zoom(() => {
      n += 1;
      return json({ sms_sessions: [], next_page_token: `t${n}` });
    }, 3);

    const error = await catchRejection(() =>
      collect(client.listSessions(QUERY)),
    );

    expect(error.name).toBe('ZoomPagingError');
    expect(error.message).toContain('ZOOM_MAX_PAGES_PER_WINDOW');
    expect(listings()).toHaveLength(3);
  });

  it('renews an expired token once and asks for the page again', async () => {
    const { client, tokens } = zoom((_token, bearer) =>
      bearer === 'Bearer token-1'
        ? json(INVALID_TOKEN, 401)
        : json({ sms_sessions: [{ session_id: 'a' }] }),
    );

    await expect(collect(client.listSessions(QUERY))).resolves.toEqual([
      [{ session_id: 'a' }],
    ]);
    expect(tokens.tokensIssued).toBe(2);
  });

  it('fails with a ZoomAuthError when a fresh token is refused too', async () => {
    const { client, tokens } = zoom(() => json(INVALID_TOKEN, 401));

    const error = await catchRejection(() =>
      collect(client.listSessions(QUERY)),
    );

    expect(error.name).toBe('ZoomAuthError');
    expect(error.message).toContain('account acct-123');
    expect(error.message).not.toContain('token-');
    expect(tokens.tokensIssued).toBe(2);
  });

  it.each([
    [
      '401 with another code',
      401,
      { code: 200, message: 'No permission.' },
      200,
    ],
    ['404 with a code', 404, { code: 3001, message: 'Not found.' }, 3001],
    ['400 without a body', 400, undefined, undefined],
  ])('fails with a ZoomApiError on %s', async (_name, status, body, code) => {
    const { client, tokens } = zoom(() =>
      body === undefined ? new Response('', { status }) : json(body, status),
    );

    const error = await catchRejection(() =>
      collect(client.listSessions(QUERY)),
    );

    expect(error).toMatchObject({
      name: 'ZoomApiError',
      status,
      zoomCode: code,
    });
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).toContain(`GET ${API}${SESSIONS_PATH}.`);
    expect(error.message).not.toContain('token-');
    expect(tokens.tokensIssued).toBe(1);
  });

  it.each([
    ['sms_sessions is not a list', { sms_sessions: 'none' }, 'sms_sessions'],
    ['next_page_token is a number', { next_page_token: 7 }, 'next_page_token'],
    ['the body is a list', [], 'body'],
  ])('fails with a ZoomResponseError when %s', async (_name, body, field) => {
    const { client } = zoom(() => json(body));

    const error = await catchRejection(() =>
      collect(client.listSessions(QUERY)),
    );

    expect(error.name).toBe('ZoomResponseError');
    expect(error.message).toContain(`field "${field}"`);
  });

  it('fails with a ZoomResponseError when the page is not JSON', async () => {
    const { client } = zoom(() => new Response('<html>', { status: 200 }));

    const error = await catchRejection(() =>
      collect(client.listSessions(QUERY)),
    );

    expect(error.name).toBe('ZoomResponseError');
    expect(error.message).toContain('not JSON');
  });

  it("fails with a ZoomRateLimitError when the account's daily limit is used up", async () => {
    const { client } = zoom(() =>
      json({ code: 429, message: 'Daily limit reached.' }, 429, {
        'x-ratelimit-type': 'Daily-limit',
        'retry-after': '3600',
      }),
    );
    vi.useFakeTimers({ toFake: ['Date'], now: QUERY.to });

    const error = await catchRejection(() =>
      collect(client.listSessions(QUERY)),
    );

    expect(error.name).toBe('ZoomRateLimitError');
    expect(error.message).toContain('account acct-123');
    expect(error.message).toContain('resets in 3600 s');
    expect((error as Error & { retryAt?: Date }).retryAt).toEqual(
      new Date('2026-03-15T13:00:00.000Z'),
    );
  });

  it('fails with a restartable ZoomApiError on a per-second 429 that outlasts retries', async () => {
    const { client } = zoom(() =>
      json({ code: 429, message: 'Too many requests.' }, 429, {
        'x-ratelimit-type': 'QPS',
      }),
    );

    const error = await catchRejection(() =>
      collect(client.listSessions(QUERY)),
    );

    expect(error).toMatchObject({ name: 'ZoomApiError', status: 429 });
  });

  it('fails with a TimeBudgetError on a 429 that asks to wait past the budget', async () => {
    const { client } = zoom(
      () =>
        json({ code: 429, message: 'Too many requests.' }, 429, {
          'retry-after': '30',
        }),
      100,
      () => 10_000,
    );

    const error = await catchRejection(() =>
      collect(client.listSessions(QUERY)),
    );

    expect(error.name).toBe('TimeBudgetError');
  });

  it('asks for no page once the budget is spent', async () => {
    let left = 1;
    const { client, listings } = zoom(
      chain({
        first: { sms_sessions: [{ session_id: 'a' }], next_page_token: 't1' },
      }),
      100,
      () => left,
    );
    const pages = client.listSessions(QUERY)[Symbol.asyncIterator]();

    await expect(pages.next()).resolves.toMatchObject({ done: false });
    left = 0;
    const error = await catchRejection(() => pages.next());

    expect(error.name).toBe('TimeBudgetError');
    expect(error.message).toContain('page 2');
    expect(listings()).toHaveLength(1);
  });
});
