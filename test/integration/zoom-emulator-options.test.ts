import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ZoomSmsSession } from '../../functions/sync/zoom/schema.js';
import {
  type SessionsRequestInfo,
  startZoomEmulator,
  type ZoomEmulator,
  type ZoomEmulatorOptions,
} from '../../local/zoom-emulator/index.js';

const credentials = { accountId: 'acct', clientId: 'id', clientSecret: 'pw' };
const TOKEN_URL = '/oauth/token?grant_type=account_credentials&account_id=acct';
const BASIC = `Basic ${Buffer.from('id:pw').toString('base64')}`;
const NOW = new Date('2024-06-15T12:00:00Z');

const seven: ZoomSmsSession[] = Array.from({ length: 7 }, (_, i) => ({
  session_id: `s${i + 1}`,
  session_type: 'user',
  last_access_time: `2024-06-10T10:0${i}:00Z`,
}));

interface Page {
  next_page_token: string;
  sms_sessions: ZoomSmsSession[];
  code?: number;
}

let clock = NOW;
let zoom: ZoomEmulator;
const running: ZoomEmulator[] = [];

async function start(options: Partial<ZoomEmulatorOptions> = {}) {
  clock = NOW;
  zoom = await startZoomEmulator({
    credentials,
    sessions: seven,
    now: () => clock,
    ...options,
  });
  running.push(zoom);
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.stop()));
});

async function mint(): Promise<string> {
  const res = await fetch(`${zoom.url}${TOKEN_URL}`, {
    method: 'POST',
    headers: { authorization: BASIC },
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function list(
  token: string,
  params: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<{ status: number; headers: Headers; body: Page }> {
  const res = await fetch(
    `${zoom.url}/v2/phone/sms/sessions?${new URLSearchParams(params)}`,
    { headers: { authorization: `Bearer ${token}` }, signal: signal ?? null },
  );
  const body = (await res.json()) as Page;
  return { status: res.status, headers: res.headers, body };
}

const ids = (page: Page) => page.sms_sessions.map((s) => s.session_id);

describe('latencyMs', () => {
  it('still answers every page, only later', async () => {
    await start({ latencyMs: 30 });
    const token = await mint();

    const { status, body } = await list(token);

    expect(status).toBe(200);
    expect(ids(body)).toHaveLength(7);
  });

  it('rejects a negative latency', async () => {
    await expect(start({ latencyMs: -1 })).rejects.toThrow(RangeError);
  });
});

describe('a slow answer and a client that gives up', () => {
  it('lets a client timeout abort the fetch and serves the next request', async () => {
    await start();
    const token = await mint();
    zoom.injectFault({ kind: 'slow', delayMs: 10_000 });

    const timedOut = list(token, {}, AbortSignal.timeout(50));
    await expect(timedOut).rejects.toMatchObject({ name: 'TimeoutError' });
    // On a loaded machine the timeout can fire before the request is
    // sent; clearing makes sure the next request is not the slow one.
    zoom.clearFaults();

    expect((await list(token)).status).toBe(200);
  });

  it('logs 499, computes nothing and survives when the client leaves', async () => {
    await start();
    const token = await mint();
    const seen: SessionsRequestInfo[] = [];
    zoom.onSessionsRequest = (info) => seen.push(info);
    zoom.injectFault({ kind: 'slow', delayMs: 10_000 });

    const client = new AbortController();
    const aborted = list(token, {}, client.signal);
    // The fault is taken when the request arrives, before the delay.
    await vi.waitFor(() => expect(zoom.faultsApplied).toBe(1));
    client.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    const next = await list(token);

    expect(next.status).toBe(200);
    // The 499 is logged when the close reaches the server, maybe later.
    await vi.waitFor(() =>
      expect(zoom.requests.map((r) => r.status).sort()).toEqual([
        200, 200, 499,
      ]),
    );
    // The delayed answer was never computed: the hook saw only the next.
    expect(seen.map((info) => info.requestIndex)).toEqual([1]);
  });
});

describe('rateLimit', () => {
  it('answers the QPS 429 to requests over the limit and counts them', async () => {
    await start({ rateLimit: { perSecond: 10 } });
    const token = await mint();

    const answers = await Promise.all(
      Array.from({ length: 30 }, () => list(token)),
    );
    const limited = answers.filter((a) => a.status === 429);

    expect(limited.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
    expect(answers.every((a) => [200, 429].includes(a.status))).toBe(true);
    expect(zoom.rateLimited).toBe(limited.length);
    for (const answer of limited) {
      expect(answer.body).toMatchObject({ code: 429 });
      expect(Object.fromEntries(answer.headers)).toMatchObject({
        'x-ratelimit-type': 'QPS',
        'x-ratelimit-limit': '10',
        'x-ratelimit-remaining': '0',
        'retry-after': '1',
      });
    }
  });

  it('states the configured limit on an injected QPS 429 too', async () => {
    await start({ rateLimit: { perSecond: 20 } });
    zoom.injectFault({ kind: 'rate_limit_qps' });

    const { status, headers } = await list(await mint());

    expect(status).toBe(429);
    expect(headers.get('x-ratelimit-limit')).toBe('20');
    expect(zoom.rateLimited).toBe(0);
  });

  it('rejects a limit that is not a positive integer', async () => {
    await expect(start({ rateLimit: { perSecond: 0 } })).rejects.toThrow(
      RangeError,
    );
  });
});

describe('pageTokenTtlMs', () => {
  it('answers 400 code 300 to a page token older than the lifetime', async () => {
    await start({ pageTokenTtlMs: 60_000 });
    const token = await mint();
    const first = await list(token, { page_size: '3' });
    const next = {
      page_size: '3',
      next_page_token: first.body.next_page_token,
    };

    clock = new Date(NOW.getTime() + 60_000);
    const atLifetime = await list(token, next);
    clock = new Date(NOW.getTime() + 60_001);
    const older = await list(token, next);

    expect(atLifetime.status).toBe(200);
    expect(older.status).toBe(400);
    expect(older.body).toEqual({
      code: 300,
      message: 'The next page token is invalid or expired.',
    });
  });

  it('keeps page tokens valid forever by default', async () => {
    await start();
    const first = await list(await mint(), { page_size: '3' });

    clock = new Date(NOW.getTime() + 86_400_000);
    const later = await list(await mint(), {
      page_size: '3',
      next_page_token: first.body.next_page_token,
    });

    expect(ids(later.body)).toEqual(['s4', 's3', 's2']);
  });
});

describe('invalidateTokensAfterRequests', () => {
  it('invalidates every token after each N pages served', async () => {
    await start({ invalidateTokensAfterRequests: 2 });
    const first = await mint();
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await list(first)).status);
    const second = await mint();
    for (let i = 0; i < 3; i += 1) statuses.push((await list(second)).status);

    expect(statuses).toEqual([200, 200, 401, 200, 200, 401]);
  });

  it('counts only pages, not errors', async () => {
    await start({ invalidateTokensAfterRequests: 1 });
    const token = await mint();

    const bad = await list(token, { page_size: '0' });
    const good = await list(token);
    const after = await list(token);

    expect([bad.status, good.status, after.status]).toEqual([400, 200, 401]);
    expect(after.body).toEqual({ code: 124, message: 'Invalid access token.' });
  });
});

describe('onSessionsRequest', () => {
  it('sees pages 1, 2, 3 and can change the data between pages', async () => {
    await start();
    const token = await mint();
    const seen: SessionsRequestInfo[] = [];
    zoom.onSessionsRequest = (info) => {
      seen.push(info);
      // s1 texts again mid-listing: it moves from the last page to the top.
      if (info.pageNumber === 2) {
        zoom.data.upsert({
          ...seven[0],
          last_access_time: '2024-06-11T00:00:00Z',
        });
      }
    };

    const pages: Page[] = [];
    let next = '';
    do {
      const params = next === '' ? {} : { next_page_token: next };
      const { body } = await list(token, { page_size: '3', ...params });
      pages.push(body);
      next = body.next_page_token;
    } while (next !== '');

    expect(seen).toEqual([
      { pageNumber: 1, hasPageToken: false, requestIndex: 0 },
      { pageNumber: 2, hasPageToken: true, requestIndex: 1 },
      { pageNumber: 3, hasPageToken: true, requestIndex: 2 },
    ]);
    expect(pages.map(ids)).toEqual([
      ['s7', 's6', 's5'],
      ['s5', 's4', 's3'],
      ['s2'],
    ]);
  });

  it('is not called for a request that gets no page', async () => {
    await start();
    const seen: SessionsRequestInfo[] = [];
    zoom.onSessionsRequest = (info) => seen.push(info);

    await list('not-a-token');
    await list(await mint(), { next_page_token: 'unknown' });

    expect(seen).toEqual([]);
  });
});
