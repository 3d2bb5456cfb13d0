import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZoomSmsSession } from '../../functions/sync/zoom/schema.js';
import {
  type SessionsRequestInfo,
  startZoomEmulator,
  type ZoomEmulator,
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

let zoom: ZoomEmulator;
let token: string;

beforeEach(async () => {
  zoom = await startZoomEmulator({
    credentials,
    sessions: seven,
    now: () => NOW,
  });
  token = await mint();
});

afterEach(async () => {
  await zoom.stop();
});

async function postToken(): Promise<{ status: number; text: string }> {
  const res = await fetch(`${zoom.url}${TOKEN_URL}`, {
    method: 'POST',
    headers: { authorization: BASIC },
  });
  return { status: res.status, text: await res.text() };
}

async function mint(): Promise<string> {
  const { text } = await postToken();
  return String((JSON.parse(text) as { access_token: string }).access_token);
}

async function list(params: Record<string, string> = {}) {
  const res = await fetch(
    `${zoom.url}/v2/phone/sms/sessions?${new URLSearchParams(params)}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  const text = await res.text();
  return { status: res.status, text };
}

async function statuses(times: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i += 1) out.push((await list()).status);
  return out;
}

const error = (status: 500 | 502 | 503) =>
  ({ kind: 'server_error', status }) as const;

describe('skip and count', () => {
  it('faults one request by default, the very next one', async () => {
    zoom.injectFault(error(503));

    expect(await statuses(3)).toEqual([503, 200, 200]);
  });

  it('lets skip requests through, then faults count of them', async () => {
    zoom.injectFault(error(503), { skip: 2, count: 2 });

    expect(await statuses(6)).toEqual([200, 200, 503, 503, 200, 200]);
    expect(zoom.faultsApplied).toBe(2);
  });

  it('faults every request with count Infinity until clearFaults', async () => {
    zoom.injectFault(error(500), { count: Number.POSITIVE_INFINITY });
    const faulted = await statuses(5);

    zoom.clearFaults();

    expect(faulted).toEqual([500, 500, 500, 500, 500]);
    expect(await statuses(1)).toEqual([200]);
    expect(zoom.faultsApplied).toBe(5);
  });

  it.each([
    ['a negative skip', { skip: -1 }],
    ['a fractional skip', { skip: 0.5 }],
    ['count 0', { count: 0 }],
  ])('rejects %s', (_, options) => {
    expect(() => zoom.injectFault(error(500), options)).toThrow(RangeError);
  });
});

describe('several queued faults', () => {
  it('apply in the order they were injected, one per request', async () => {
    zoom.injectFault(error(500));
    zoom.injectFault(error(502));
    zoom.injectFault(error(503));

    expect(await statuses(4)).toEqual([500, 502, 503, 200]);
  });

  it('use up their skip on requests another rule faults', async () => {
    zoom.injectFault(error(500), { count: 2 });
    // Its one skipped request is the first, which the 500 rule takes.
    zoom.injectFault(error(502), { skip: 1 });

    expect(await statuses(4)).toEqual([500, 500, 502, 200]);
  });

  it('let a later rule apply while an earlier one still skips', async () => {
    zoom.injectFault(error(500), { skip: 2 });
    zoom.injectFault(error(502));

    expect(await statuses(4)).toEqual([502, 200, 500, 200]);
  });
});

describe('the oauth endpoint', () => {
  it('gets only the faults injected for it, and none of the listing’s', async () => {
    zoom.injectFault(error(502), { endpoint: 'oauth' });
    zoom.injectFault(error(503));

    expect((await postToken()).status).toBe(502);
    expect((await postToken()).status).toBe(200);
    expect(await statuses(2)).toEqual([503, 200]);
  });

  it('mints no token for a faulted request, truncated or not', async () => {
    const before = zoom.tokensIssued;
    zoom.injectFault({ kind: 'truncated_json' }, { endpoint: 'oauth' });
    zoom.injectFault({ kind: 'rate_limit_qps' }, { endpoint: 'oauth' });

    const cut = await postToken();
    const limited = await postToken();

    expect(cut.status).toBe(200);
    expect(cut.text).toMatch(/^\{"access_token":"/);
    expect(() => JSON.parse(cut.text)).toThrow(SyntaxError);
    expect(limited.status).toBe(429);
    expect(zoom.tokensIssued).toBe(before);
  });
});

describe('a faulted request in a listing', () => {
  it('neither moves the listing on nor reaches the hook', async () => {
    const seen: SessionsRequestInfo[] = [];
    zoom.onSessionsRequest = (info) => seen.push(info);
    const first = JSON.parse((await list({ page_size: '3' })).text) as {
      next_page_token: string;
    };
    const next = { page_size: '3', next_page_token: first.next_page_token };

    zoom.injectFault({ kind: 'truncated_json' });
    zoom.injectFault(error(502));
    const faulted = [(await list(next)).status, (await list(next)).status];
    const second = JSON.parse((await list(next)).text) as {
      sms_sessions: ZoomSmsSession[];
    };

    expect(faulted).toEqual([200, 502]);
    expect(second.sms_sessions.map((s) => s.session_id)).toEqual([
      's4',
      's3',
      's2',
    ]);
    expect(seen.map((info) => info.pageNumber)).toEqual([1, 2]);
    expect(seen.map((info) => info.requestIndex)).toEqual([0, 3]);
  });
});
