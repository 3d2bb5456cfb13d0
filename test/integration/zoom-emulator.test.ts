import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FILTER_TYPES,
  type ZoomSmsSession,
} from '../../functions/sync/zoom/schema.js';
import {
  sampleSessions,
  startZoomEmulator,
  type ZoomEmulator,
} from '../../local/zoom-emulator/index.js';

const credentials = {
  accountId: 'acct-emulator',
  clientId: 'client-emulator',
  clientSecret: 'secret-that-must-not-leak',
};
const NOW = new Date('2024-06-15T12:00:00Z');
const TOKEN_QUERY = `grant_type=account_credentials&account_id=${credentials.accountId}`;

let clock: Date;
let zoom: ZoomEmulator;

beforeEach(async () => {
  clock = NOW;
  zoom = await startZoomEmulator({ credentials, now: () => clock });
});

afterEach(async () => {
  await zoom.stop();
});

function basic(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

/** Asks for a token; `null` sends no Authorization header at all. */
async function postToken(
  query = TOKEN_QUERY,
  authorization: string | null = basic(
    credentials.clientId,
    credentials.clientSecret,
  ),
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (authorization !== null) headers.authorization = authorization;
  const res = await fetch(`${zoom.url}/oauth/token?${query}`, {
    method: 'POST',
    headers,
  });
  const body = (await res.json()) as Record<string, unknown>;

  return { status: res.status, body };
}

async function accessToken(): Promise<string> {
  const { body } = await postToken();
  return String(body.access_token);
}

interface Page {
  next_page_token: string;
  page_size: number;
  sms_sessions: ZoomSmsSession[];
}

/** A 200 page or an error body; tests check the status to know which. */
type Answer = Page & { code?: number; message?: string };

async function list(
  token: string | undefined,
  params: Record<string, string> = {},
): Promise<{ status: number; body: Answer }> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const query = new URLSearchParams(params).toString();
  const res = await fetch(`${zoom.url}/v2/phone/sms/sessions?${query}`, {
    headers,
  });
  const body = (await res.json()) as Answer;

  return { status: res.status, body };
}

/** Follows next_page_token to the end and returns every page. */
async function listAll(
  token: string,
  params: Record<string, string>,
): Promise<Page[]> {
  const pages: Page[] = [];
  let next = '';
  do {
    const query = next === '' ? params : { ...params, next_page_token: next };
    const { status, body } = await list(token, query);
    expect(status).toBe(200);
    pages.push(body);
    next = body.next_page_token;
  } while (next !== '');

  return pages;
}

function session(
  id: string,
  lastAccessTime: string | undefined,
  overrides: Partial<ZoomSmsSession> = {},
): ZoomSmsSession {
  return {
    session_id: id,
    session_type: 'user',
    ...(lastAccessTime === undefined
      ? {}
      : { last_access_time: lastAccessTime }),
    participants: [
      {
        display_name: 'Owner',
        phone_number: '15550000001',
        is_session_owner: true,
      },
      { display_name: 'Contact', phone_number: `1555${id.padStart(7, '0')}` },
    ],
    ...overrides,
  };
}

const ids = (sessions: ZoomSmsSession[]) => sessions.map((s) => s.session_id);

describe('the OAuth token endpoint', () => {
  it('issues a bearer token for the configured account and client', async () => {
    const { status, body } = await postToken();

    expect(status).toBe(200);
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'phone:read:list_sms_sessions:admin',
      api_url: zoom.url,
    });
    expect(zoom.tokensIssued).toBe(1);
  });

  it('issues a different token on every request', async () => {
    const first = await accessToken();
    const second = await accessToken();

    expect(first).not.toBe(second);
    expect(zoom.tokensIssued).toBe(2);
  });

  it.each([
    ['a wrong client secret', basic(credentials.clientId, 'wrong')],
    ['a wrong client id', basic('someone-else', credentials.clientSecret)],
    ['a bearer header instead of basic auth', 'Bearer abc'],
    ['no authorization header', null],
  ])('rejects %s with 401 invalid_client', async (_, authorization) => {
    const { status, body } = await postToken(TOKEN_QUERY, authorization);

    expect(status).toBe(401);
    expect(body).toEqual({
      reason: 'Invalid client_id or client_secret',
      error: 'invalid_client',
    });
    expect(zoom.tokensIssued).toBe(0);
  });

  it('rejects a grant type other than account_credentials', async () => {
    const query = `grant_type=client_credentials&account_id=${credentials.accountId}`;
    const { status, body } = await postToken(query);

    expect(status).toBe(400);
    expect(body).toEqual({
      reason: 'unsupported grant type',
      error: 'unsupported_grant_type',
    });
  });

  it('rejects an account id other than the configured one', async () => {
    const { status, body } = await postToken(
      'grant_type=account_credentials&account_id=other',
    );

    expect(status).toBe(400);
    expect(body).toEqual({
      reason: 'Invalid account_id',
      error: 'invalid_request',
    });
  });

  it('uses the configured token lifetime', async () => {
    const short = await startZoomEmulator({ credentials, tokenTtlSeconds: 60 });
    try {
      const res = await fetch(`${short.url}/oauth/token?${TOKEN_QUERY}`, {
        method: 'POST',
        headers: {
          authorization: basic(credentials.clientId, credentials.clientSecret),
        },
      });
      expect(await res.json()).toMatchObject({ expires_in: 60 });
    } finally {
      await short.stop();
    }
  });
});

describe('access tokens on the API', () => {
  const invalidToken = { code: 124, message: 'Invalid access token.' };

  it('answers 401 code 124 to a request without a token', async () => {
    const { status, body } = await list(undefined);

    expect(status).toBe(401);
    expect(body).toEqual(invalidToken);
  });

  it('answers 401 code 124 to a token it never issued', async () => {
    const { status, body } = await list('made-up-token');

    expect(status).toBe(401);
    expect(body).toEqual(invalidToken);
  });

  it('answers 401 code 124 after revokeTokens and accepts a new token', async () => {
    const token = await accessToken();
    expect((await list(token)).status).toBe(200);

    zoom.revokeTokens();
    const revoked = await list(token);
    const renewed = await list(await accessToken());

    expect(revoked.status).toBe(401);
    expect(revoked.body).toEqual(invalidToken);
    expect(renewed.status).toBe(200);
  });

  it('answers 401 code 124 once the token has outlived its lifetime', async () => {
    const token = await accessToken();

    clock = new Date(NOW.getTime() + 3_599_000);
    const justBefore = await list(token);
    clock = new Date(NOW.getTime() + 3_600_000);
    const atExpiry = await list(token);

    expect(justBefore.status).toBe(200);
    expect(atExpiry.status).toBe(401);
    expect(atExpiry.body).toEqual(invalidToken);
  });

  it('keeps an earlier token valid when a new one is minted', async () => {
    const first = await accessToken();
    await accessToken();

    expect((await list(first)).status).toBe(200);
  });
});

describe('paging', () => {
  // Seven sessions a minute apart, newest first by id: s7, s6, ... s1.
  const seven = Array.from({ length: 7 }, (_, i) =>
    session(`s${i + 1}`, `2024-06-10T10:0${i}:00Z`),
  );

  it('pages through every session, newest first, in pages of page_size', async () => {
    zoom.data.add(...seven);
    const pages = await listAll(await accessToken(), { page_size: '3' });

    expect(pages.map((p) => ids(p.sms_sessions))).toEqual([
      ['s7', 's6', 's5'],
      ['s4', 's3', 's2'],
      ['s1'],
    ]);
    expect(pages.map((p) => p.page_size)).toEqual([3, 3, 3]);
    expect(pages[0]?.next_page_token).not.toBe('');
    expect(pages[1]?.next_page_token).not.toBe('');
    expect(pages[2]?.next_page_token).toBe('');
  });

  it('orders sessions with the same last_access_time by session_id', async () => {
    zoom.data.add(
      session('b', '2024-06-10T10:00:00Z'),
      session('c', '2024-06-10T10:00:00Z'),
      session('a', '2024-06-10T10:00:00Z'),
    );
    const { body } = await list(await accessToken());

    expect(ids(body.sms_sessions)).toEqual(['a', 'b', 'c']);
  });

  it('answers one page with an empty token when everything fits', async () => {
    zoom.data.add(...seven);
    const { body } = await list(await accessToken());

    expect(body.page_size).toBe(30);
    expect(body.sms_sessions).toHaveLength(7);
    expect(body.next_page_token).toBe('');
  });

  it('answers an empty list with an empty token when nothing matches', async () => {
    const { status, body } = await list(await accessToken());

    expect(status).toBe(200);
    expect(body).toEqual({
      next_page_token: '',
      page_size: 30,
      sms_sessions: [],
    });
  });

  it('accepts the same page token again, as a retrying client sends it', async () => {
    zoom.data.add(...seven);
    const token = await accessToken();
    const first = await list(token, { page_size: '3' });
    const next = {
      page_size: '3',
      next_page_token: first.body.next_page_token,
    };

    const once = await list(token, next);
    const again = await list(token, next);

    expect(ids(again.body.sms_sessions)).toEqual(ids(once.body.sms_sessions));
  });

  it('reads the live data set on every page, so a removal shifts later pages', async () => {
    zoom.data.add(...seven);
    const token = await accessToken();
    const first = await list(token, { page_size: '3' });

    zoom.data.remove('s7');
    const second = await list(token, {
      page_size: '3',
      next_page_token: first.body.next_page_token,
    });

    expect(ids(second.body.sms_sessions)).toEqual(['s3', 's2', 's1']);
  });

  it.each([
    ['page_size', { page_size: '4' }],
    ['session_type', { page_size: '3', session_type: 'all' }],
    ['an added phone_number', { page_size: '3', phone_number: '15550000001' }],
    ['a dropped page_size', {}],
  ])('rejects a page token when %s changes mid-listing', async (_, changed) => {
    zoom.data.add(...seven);
    const token = await accessToken();
    const first = await list(token, { page_size: '3' });

    const { status, body } = await list(token, {
      ...changed,
      next_page_token: first.body.next_page_token,
    });

    expect(status).toBe(400);
    expect(body).toEqual({
      code: 300,
      message: 'The next page token is invalid or expired.',
    });
  });

  it('rejects a page token it never issued', async () => {
    const { status, body } = await list(await accessToken(), {
      next_page_token: 'not-a-token',
    });

    expect(status).toBe(400);
    expect(body.code).toBe(300);
  });

  it('keeps the default 30-day range of a listing fixed while the clock runs', async () => {
    zoom.data.add(...seven);
    const token = await accessToken();
    const first = await list(token, { page_size: '3' });

    // s1 to s4 would fall out of a range recomputed from the new clock.
    clock = new Date('2024-07-10T10:03:30Z');
    const rest = await list(await accessToken(), {
      page_size: '3',
      next_page_token: first.body.next_page_token,
    });

    expect(ids(rest.body.sms_sessions)).toEqual(['s4', 's3', 's2']);
  });
});

describe('filters', () => {
  const typed = [
    session('u1', '2024-06-10T10:00:00Z'),
    session('q1', '2024-06-10T10:01:00Z', { session_type: 'call_queue' }),
    session('a1', '2024-06-10T10:02:00Z', {
      session_type: 'auto_receptionist',
    }),
    session('e1', '2024-06-10T10:03:00Z', { session_type: 'service_endpoint' }),
    session('n1', '2024-06-10T10:04:00Z', { session_type: undefined }),
  ];

  it('lists only user sessions when session_type is not given', async () => {
    zoom.data.add(...typed);
    const { body } = await list(await accessToken());

    expect(ids(body.sms_sessions)).toEqual(['u1']);
  });

  it('lists every session, with or without a type, for session_type all', async () => {
    zoom.data.add(...typed);
    const { body } = await list(await accessToken(), { session_type: 'all' });

    expect(ids(body.sms_sessions)).toEqual(['n1', 'e1', 'a1', 'q1', 'u1']);
  });

  it.each([
    ['user', 'u1'],
    ['call_queue', 'q1'],
    ['auto_receptionist', 'a1'],
    ['service_endpoint', 'e1'],
  ])('lists only %s sessions for that session_type', async (type, id) => {
    zoom.data.add(...typed);
    const { body } = await list(await accessToken(), { session_type: type });

    expect(ids(body.sms_sessions)).toEqual([id]);
  });

  it('matches phone_number exactly against any participant', async () => {
    zoom.data.add(
      session('first', '2024-06-10T10:00:00Z', {
        participants: [
          { phone_number: '15551230000' },
          { phone_number: '15559990000' },
        ],
      }),
      session('second', '2024-06-10T10:01:00Z', {
        participants: [{ phone_number: '15559990000' }],
      }),
      session('plus', '2024-06-10T10:02:00Z', {
        participants: [{ phone_number: '+15559990000' }],
      }),
      session('prefix', '2024-06-10T10:03:00Z', {
        participants: [{ phone_number: '155599900001' }],
      }),
    );
    const { body } = await list(await accessToken(), {
      phone_number: '15559990000',
    });

    expect(ids(body.sms_sessions)).toEqual(['second', 'first']);
  });

  it('includes sessions exactly on from and to, and none outside', async () => {
    zoom.data.add(
      session('before', '2024-05-01T09:59:59Z'),
      session('on-from', '2024-05-01T10:00:00Z'),
      session('on-to', '2024-05-20T18:30:00Z'),
      session('after', '2024-05-20T18:30:01Z'),
    );
    const { body } = await list(await accessToken(), {
      from: '2024-05-01T10:00:00Z',
      to: '2024-05-20T18:30:00Z',
    });

    expect(ids(body.sms_sessions)).toEqual(['on-to', 'on-from']);
  });

  it('reads a date-only from as the start and a date-only to as the end of the day', async () => {
    zoom.data.add(
      session('day-before', '2024-04-30T23:59:59Z'),
      session('first-second', '2024-05-01T00:00:00Z'),
      session('last-second', '2024-05-31T23:59:59Z'),
      session('next-day', '2024-06-01T00:00:00Z'),
    );
    const { body } = await list(await accessToken(), {
      from: '2024-05-01',
      to: '2024-05-31',
    });

    expect(ids(body.sms_sessions)).toEqual(['last-second', 'first-second']);
  });

  it('lists the past 30 days up to now when neither from nor to is given', async () => {
    zoom.data.add(
      session('too-old', '2024-05-16T11:59:59Z'),
      session('oldest', '2024-05-16T12:00:00Z'),
      session('now', '2024-06-15T12:00:00Z'),
      session('future', '2024-06-15T12:00:01Z'),
    );
    const { body } = await list(await accessToken());

    expect(ids(body.sms_sessions)).toEqual(['now', 'oldest']);
  });

  it('always lists sessions without a parseable last_access_time, after the rest', async () => {
    zoom.data.add(
      session('no-time', undefined),
      session('dated', '2024-05-10T00:00:00Z'),
      session('bad-time', 'yesterday'),
    );
    const { body } = await list(await accessToken(), {
      from: '2024-05-01',
      to: '2024-05-31',
    });

    expect(ids(body.sms_sessions)).toEqual(['dated', 'bad-time', 'no-time']);
  });

  it.each(FILTER_TYPES)(
    'applies filter_type %s to last_access_time',
    async (filterType) => {
      zoom.data.add(
        session('in', '2024-05-10T00:00:00Z'),
        session('out', '2024-04-10T00:00:00Z'),
      );
      const { body } = await list(await accessToken(), {
        filter_type: filterType,
        from: '2024-05-01',
        to: '2024-05-31',
      });

      expect(ids(body.sms_sessions)).toEqual(['in']);
    },
  );
});

describe('query validation', () => {
  it.each([
    ['page_size 101', { page_size: '101' }, 'page_size'],
    ['page_size 0', { page_size: '0' }, 'page_size'],
    ['a page_size that is not an integer', { page_size: '2.5' }, 'page_size'],
    ['an unknown filter_type', { filter_type: 'other' }, 'filter_type'],
    ['from without to', { from: '2024-05-01' }, 'to'],
    ['to without from', { to: '2024-05-01' }, 'from'],
    [
      'a from in another format',
      { from: '2024/05/01', to: '2024-05-02' },
      'from',
    ],
    [
      'a to that does not exist',
      { from: '2024-02-01', to: '2024-02-30' },
      'to',
    ],
    ['to before from', { from: '2024-05-02', to: '2024-05-01' }, 'to'],
    [
      'a range of more than 31 days',
      { from: '2024-05-01', to: '2024-06-01' },
      'from',
    ],
  ])(
    'rejects %s with 400 code 300 naming the parameter',
    async (_, params, name) => {
      const { status, body } = await list(await accessToken(), params);

      expect(status).toBe(400);
      expect(body.code).toBe(300);
      expect(body.message).toContain(name);
    },
  );

  it('rejects an unknown session_type with 400 code 400', async () => {
    const { status, body } = await list(await accessToken(), {
      session_type: 'shared_line_group',
    });

    expect(status).toBe(400);
    expect(body).toEqual({
      code: 400,
      message: 'SMS session type is invalid.',
    });
  });

  it('accepts a range of exactly 31 days', async () => {
    const { status } = await list(await accessToken(), {
      from: '2024-05-01T00:00:00Z',
      to: '2024-06-01T00:00:00Z',
    });

    expect(status).toBe(200);
  });

  it('accepts page_size 1 and 100', async () => {
    const token = await accessToken();

    expect((await list(token, { page_size: '1' })).status).toBe(200);
    expect((await list(token, { page_size: '100' })).status).toBe(200);
  });
});

describe('records', () => {
  it('returns duplicates and unknown fields exactly as stored', async () => {
    const odd = {
      ...session('dup', '2024-06-10T10:00:00Z'),
      future_field: { nested: [1, 2] },
    };
    zoom.data.add(odd, odd);
    const { body } = await list(await accessToken());

    expect(body.sms_sessions).toEqual([odd, odd]);
  });

  it("serves Zoom's reference example with its duplicate session", async () => {
    zoom.data.add(...sampleSessions());
    const { body } = await list(await accessToken(), {
      session_type: 'all',
      from: '2022-03-01',
      to: '2022-03-31',
    });

    expect(body.sms_sessions).toEqual(sampleSessions());
    expect(body.sms_sessions).toHaveLength(2);
  });

  it('starts with the sessions given in the options', async () => {
    const seeded = await startZoomEmulator({
      credentials,
      sessions: [session('x', '2024-06-10T10:00:00Z')],
    });
    try {
      expect(ids(seeded.data.all())).toEqual(['x']);
    } finally {
      await seeded.stop();
    }
  });

  it('answers 404 code 404 to any other path or method', async () => {
    const token = await accessToken();
    const answers = await Promise.all([
      fetch(`${zoom.url}/v2/phone/sms/sessions/abc`, {
        headers: { authorization: `Bearer ${token}` },
      }),
      fetch(`${zoom.url}/v2/phone/sms/sessions`, { method: 'POST' }),
      fetch(`${zoom.url}/oauth/token`),
    ]);

    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ code: 404, message: 'Not found' });
    }
  });
});

describe('the request log', () => {
  it('records every request in order without secrets or tokens', async () => {
    await postToken(TOKEN_QUERY, basic(credentials.clientId, 'wrong'));
    const token = await accessToken();
    await list(token, { page_size: '5' });
    await list('bogus');

    expect(zoom.requests).toEqual([
      {
        method: 'POST',
        path: '/oauth/token',
        query: {
          grant_type: 'account_credentials',
          account_id: credentials.accountId,
        },
        status: 401,
        at: NOW,
        authorized: false,
      },
      expect.objectContaining({
        path: '/oauth/token',
        status: 200,
        authorized: true,
      }),
      {
        method: 'GET',
        path: '/v2/phone/sms/sessions',
        query: { page_size: '5' },
        status: 200,
        at: NOW,
        authorized: true,
      },
      expect.objectContaining({ status: 401, authorized: false }),
    ]);

    const log = JSON.stringify(zoom.requests);
    expect(log).not.toContain(credentials.clientSecret);
    expect(log).not.toContain(token);
    expect(log).not.toContain(
      Buffer.from(`${credentials.clientId}:wrong`).toString('base64'),
    );
    expect(log.toLowerCase()).not.toContain('authorization');
  });
});
