import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoomSmsSession } from '../../functions/sync/zoom/schema.js';
import {
  type RetryAfterForm,
  startZoomEmulator,
  type ZoomEmulator,
  type ZoomFault,
} from '../../local/zoom-emulator/index.js';

const credentials = { accountId: 'acct', clientId: 'id', clientSecret: 'pw' };
const NOW = new Date('2024-06-15T12:00:00Z');
const TOKEN_URL = '/oauth/token?grant_type=account_credentials&account_id=acct';
const BASIC = `Basic ${Buffer.from('id:pw').toString('base64')}`;

// Seven sessions a minute apart: s7 is the newest.
const seven: ZoomSmsSession[] = Array.from({ length: 7 }, (_, i) => ({
  session_id: `s${i + 1}`,
  session_type: 'user',
  last_access_time: `2024-06-10T10:0${i}:00Z`,
  participants: [{ display_name: 'Owner', phone_number: '15550000001' }],
}));

let zoom: ZoomEmulator;
let token: string;

beforeEach(async () => {
  zoom = await startZoomEmulator({
    credentials,
    sessions: seven,
    now: () => NOW,
  });
  token = String((await postToken()).json.access_token);
});

afterEach(async () => {
  await zoom.stop();
});

interface Raw {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

async function raw(path: string, init: RequestInit): Promise<Raw> {
  const res = await fetch(`${zoom.url}${path}`, init);
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Left empty: several faults answer bodies that are not JSON.
  }

  return { status: res.status, headers: res.headers, text, json };
}

const postToken = () =>
  raw(TOKEN_URL, { method: 'POST', headers: { authorization: BASIC } });

const list = (params: Record<string, string> = {}) =>
  raw(`/v2/phone/sms/sessions?${new URLSearchParams(params)}`, {
    headers: { authorization: `Bearer ${token}` },
  });

const statuses = async (times: number) => {
  const out: number[] = [];
  for (let i = 0; i < times; i += 1) out.push((await list()).status);
  return out;
};

const QPS_MESSAGE =
  'You have reached the maximum per-second rate limit for this API. Try again later.';
const DAILY_MESSAGE =
  'You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.';

describe('each injected fault on the sessions listing', () => {
  it('rate_limit_qps answers 429 with QPS headers and Retry-After 1', async () => {
    zoom.injectFault({ kind: 'rate_limit_qps' });
    const answer = await list();

    expect(answer.status).toBe(429);
    expect(answer.json).toEqual({ code: 429, message: QPS_MESSAGE });
    expect(Object.fromEntries(answer.headers)).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-category': 'Medium',
      'x-ratelimit-type': 'QPS',
      'x-ratelimit-limit': '10',
      'x-ratelimit-remaining': '0',
      'retry-after': '1',
    });
  });

  it.each<[string, RetryAfterForm, string | null]>([
    ['seconds', { form: 'seconds', seconds: 7 }, '7'],
    ['rounded-up seconds', { form: 'seconds', seconds: 1.2 }, '2'],
    [
      'an HTTP date',
      { form: 'http-date', seconds: 30 },
      'Sat, 15 Jun 2024 12:00:30 GMT',
    ],
    ['an ISO instant', { form: 'iso', seconds: 30 }, '2024-06-15T12:00:30Z'],
    ['no header', { form: 'none' }, null],
  ])('rate_limit_qps can state Retry-After as %s', async (_, form, header) => {
    zoom.injectFault({ kind: 'rate_limit_qps', retryAfter: form });
    const answer = await list();

    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe(header);
  });

  it('rate_limit_daily answers 429 with the daily type, until the next UTC day', async () => {
    zoom.injectFault({ kind: 'rate_limit_daily' });
    const answer = await list();

    expect(answer.status).toBe(429);
    expect(answer.json).toEqual({ code: 429, message: DAILY_MESSAGE });
    expect(Object.fromEntries(answer.headers)).toMatchObject({
      'x-ratelimit-type': 'Daily-limit',
      'x-ratelimit-limit': expect.stringMatching(/^\d+$/),
      'x-ratelimit-remaining': '0',
      'retry-after': 'Sun, 16 Jun 2024 00:00:00 GMT',
    });
  });

  it('rate_limit_daily with form none sends no Retry-After at all', async () => {
    zoom.injectFault({
      kind: 'rate_limit_daily',
      retryAfter: { form: 'none' },
    });
    const answer = await list();

    expect(answer.status).toBe(429);
    expect(answer.headers.has('retry-after')).toBe(false);
    expect(answer.headers.get('x-ratelimit-type')).toBe('Daily-limit');
  });

  it.each([500, 502, 503] as const)(
    'server_error %i answers an HTML error page',
    async (status) => {
      zoom.injectFault({ kind: 'server_error', status });
      const answer = await list();

      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      expect(answer.text).toMatch(/^<!DOCTYPE html>/);
      expect(answer.text).toContain(String(status));
    },
  );

  it('slow answers the real page once the delay is over', async () => {
    zoom.injectFault({ kind: 'slow', delayMs: 20 });
    const answer = await list();

    expect(answer.status).toBe(200);
    expect(answer.json.sms_sessions).toHaveLength(7);
  });

  it('malformed_json answers 200 JSON-typed text that does not parse', async () => {
    zoom.injectFault({ kind: 'malformed_json' });
    const answer = await list();

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(() => JSON.parse(answer.text)).toThrow(SyntaxError);
  });

  it('truncated_json answers 200 with the first half of the real body', async () => {
    zoom.injectFault({ kind: 'truncated_json' });
    const cut = await list();
    const real = await list();

    expect(cut.status).toBe(200);
    expect(cut.headers.get('content-type')).toMatch(/^application\/json/);
    expect(cut.text).toHaveLength(Math.floor(real.text.length / 2));
    expect(real.text.startsWith(cut.text)).toBe(true);
    expect(() => JSON.parse(cut.text)).toThrow(SyntaxError);
  });

  it('invalid_token answers 401 code 124 to a valid token', async () => {
    zoom.injectFault({ kind: 'invalid_token' });
    const answer = await list();

    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({
      code: 124,
      message: 'Invalid access token.',
    });
    expect((await list()).status).toBe(200);
  });

  it.each([
    ['with a live page token', true],
    ['without a page token', false],
  ])('expired_page_token answers 400 code 300 %s', async (_, paged) => {
    const first = await list({ page_size: '3' });
    const params: Record<string, string> = { page_size: '3' };
    if (paged) params.next_page_token = String(first.json.next_page_token);

    zoom.injectFault({ kind: 'expired_page_token' });
    const answer = await list(params);

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      code: 300,
      message: 'The next page token is invalid or expired.',
    });
  });
});

describe('the fault log', () => {
  it('records faulted requests with their status and counts them', async () => {
    const faults: ZoomFault[] = [
      { kind: 'server_error', status: 502 },
      { kind: 'rate_limit_qps' },
      { kind: 'malformed_json' },
    ];
    for (const fault of faults) zoom.injectFault(fault);
    await statuses(4);

    const listed = zoom.requests.filter((r) => r.method === 'GET');
    expect(listed.map((r) => [r.status, r.authorized])).toEqual([
      [502, true],
      [429, true],
      [200, true],
      [200, true],
    ]);
    expect(zoom.faultsApplied).toBe(3);
  });
});
