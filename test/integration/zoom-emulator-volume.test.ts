import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZoomSmsSession } from '../../functions/sync/zoom/schema.js';
import {
  generateSessions,
  startZoomEmulator,
  type ZoomEmulator,
} from '../../local/zoom-emulator/index.js';

const credentials = { accountId: 'acct', clientId: 'id', clientSecret: 'pw' };
const BASIC = `Basic ${Buffer.from('id:pw').toString('base64')}`;

// The benchmark's month: 3,300 sessions a day for 31 days.
const month = generateSessions({
  seed: 'volume',
  from: new Date('2024-05-01T00:00:00Z'),
  to: new Date('2024-05-31T23:59:59Z'),
  perDay: 3300,
});

let zoom: ZoomEmulator;
let token: string;

beforeAll(async () => {
  zoom = await startZoomEmulator({ credentials, sessions: month });
  const res = await fetch(
    `${zoom.url}/oauth/token?grant_type=account_credentials&account_id=acct`,
    { method: 'POST', headers: { authorization: BASIC } },
  );
  token = ((await res.json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await zoom.stop();
});

describe('a month of 100,000 sessions', () => {
  it('is generated in full', () => {
    expect(month).toHaveLength(3300 * 31);
  });

  it('pages through in pages of 100, every session exactly once', async () => {
    const seen: string[] = [];
    let next = '';
    let pages = 0;
    do {
      const query = new URLSearchParams({
        session_type: 'all',
        from: '2024-05-01',
        to: '2024-05-31',
        page_size: '100',
        ...(next === '' ? {} : { next_page_token: next }),
      });
      const res = await fetch(`${zoom.url}/v2/phone/sms/sessions?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const page = (await res.json()) as {
        next_page_token: string;
        sms_sessions: ZoomSmsSession[];
      };
      for (const s of page.sms_sessions) seen.push(s.session_id ?? '');
      next = page.next_page_token;
      pages += 1;
    } while (next !== '');

    expect(pages).toBe(Math.ceil(month.length / 100));
    expect(seen).toHaveLength(month.length);
    expect(new Set(seen).size).toBe(month.length);
  });
});
