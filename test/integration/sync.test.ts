import { afterEach, describe, expect, it } from 'vitest';
import sample from '../fixtures/zoom-sample-response.json' with {
  type: 'json',
};
import { session, sessionsUntil } from '../helpers/sessions.js';
import {
  type Harness,
  startHarness,
  TEST_CREDENTIALS,
} from '../helpers/sync-harness.js';

const NOW = new Date('2026-11-15T12:00:00Z');
const clock = () => NOW;

let harness: Harness | undefined;
const start = async (options: Parameters<typeof startHarness>[0] = {}) => {
  harness = await startHarness({ clock, ...options });
  return harness;
};

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const apiRequests = (h: Harness) =>
  h.zoom.requests.filter((r) => r.path === '/v2/phone/sms/sessions');

describe('a scheduled sync', () => {
  it('stores the reference example once, with its participants intact', async () => {
    const h = await start({ sessions: sample.sms_sessions });

    const summary = await h.invoke({ from: '2022-03-01', to: '2022-03-31' });

    const items = await h.items();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      session_id: 'd39fc7e14ef9f2b6453f5f02524d79a2',
      last_access_time: '2022-03-25T02:11:27Z',
      participants: sample.sms_sessions[0]?.participants,
    });
    expect(summary).toMatchObject({
      sessions_seen: 2,
      sessions_unique: 1,
      inserted: 1,
      complete: true,
    });
  });

  it('follows next_page_token over three pages with the same page_size and session_type=all', async () => {
    const h = await start({ sessions: sessionsUntil(NOW, 250) });

    const summary = await h.invoke();

    // Three pages, then the first page again: the check that nothing moved.
    const requests = apiRequests(h);
    expect(requests).toHaveLength(4);
    for (const request of requests) {
      expect(request.query).toMatchObject({
        page_size: '100',
        session_type: 'all',
        filter_type: 'last_message_time',
      });
    }
    expect(requests[0]?.query.next_page_token).toBeUndefined();
    expect(requests[1]?.query.next_page_token).toBeTruthy();
    expect(requests[2]?.query.next_page_token).toBeTruthy();
    expect(requests[3]?.query.next_page_token).toBeUndefined();
    expect(summary).toMatchObject({ pages: 4, inserted: 250, requests: 4 });
    expect(await h.items()).toHaveLength(250);
  });

  it('pulls the whole latest month on the first run and moves the watermark to the newest session', async () => {
    const h = await start({
      sessions: sessionsUntil(new Date('2026-11-15T11:00:00Z'), 3),
    });

    const summary = await h.invoke();

    expect(summary.windows).toEqual([
      { from: '2026-10-15T12:00:00.000Z', to: '2026-11-15T12:00:00.000Z' },
    ]);
    expect(apiRequests(h)[0]?.query).toMatchObject({
      from: '2026-10-15T12:00:00Z',
      to: '2026-11-15T12:00:00Z',
    });
    expect(summary.watermark_before).toBeNull();
    expect(summary.watermark_after).toBe('2026-11-15T11:00:00.000Z');
  });

  it('starts the next run at the watermark less the lookback', async () => {
    const h = await start({
      sessions: sessionsUntil(new Date('2026-11-15T11:00:00Z'), 3),
    });
    await h.invoke();

    const second = await h.invoke();

    expect(second.windows[0]?.from).toBe('2026-11-15T10:00:00.000Z');
    // One page is one answer: it needs no second look.
    expect(second.requests).toBe(1);
    expect(second.watermark_before).toBe('2026-11-15T11:00:00.000Z');
  });
});

describe('deltas', () => {
  it('writes nothing and adds no stream record when nothing changed', async () => {
    const h = await start({ sessions: sessionsUntil(NOW, 120) });
    await h.invoke();
    const stream = await h.stream();
    const before = (await stream.records()).length;

    const second = await h.invoke();

    expect(before).toBe(120);
    expect(second).toMatchObject({
      inserted: 0,
      updated: 0,
      // The lookback of one hour lists the last 61 of them again.
      unchanged: 61,
      write_requests: 0,
      write_capacity_units: 0,
    });
    expect((await stream.records()).length).toBe(before);
  });

  it('writes one MODIFY record with old and new images for one changed session', async () => {
    const sessions = sessionsUntil(new Date('2026-11-15T11:00:00Z'), 5);
    const h = await start({ sessions });
    await h.invoke();
    const stream = await h.stream();
    const before = (await stream.records()).length;

    const changed = session('s00002', '2026-11-15T11:30:00Z', {
      participants: [{ display_name: 'Renamed', phone_number: '14155550100' }],
    });
    h.zoom.data.upsert(changed);
    const second = await h.invoke();

    const added = (await stream.records()).slice(before);
    expect(second).toMatchObject({
      updated: 1,
      unchanged: 4,
      inserted: 0,
      write_requests: 1,
    });
    expect(added).toHaveLength(1);
    expect(added[0]?.eventName).toBe('MODIFY');
    expect(added[0]?.dynamodb?.OldImage?.last_access_time?.S).toBe(
      '2026-11-15T10:58:00Z',
    );
    expect(added[0]?.dynamodb?.NewImage?.last_access_time?.S).toBe(
      '2026-11-15T11:30:00Z',
    );
    expect(added[0]?.dynamodb?.NewImage?.first_seen_at).toEqual(
      added[0]?.dynamodb?.OldImage?.first_seen_at,
    );
  });

  it('keeps the newer item when a manual pull of an old range lists an older view', async () => {
    const h = await start({
      sessions: [session('moving', '2026-11-10T09:00:00Z')],
    });
    await h.invoke();

    h.zoom.data.upsert(
      session('moving', '2026-06-01T09:00:00Z', { participants: [] }),
    );
    const manual = await h.invoke({ from: '2026-05-20', to: '2026-06-10' });

    expect(manual).toMatchObject({ stale: 1, updated: 0, write_requests: 0 });
    const [item] = await h.items();
    expect(item?.last_access_time).toBe('2026-11-10T09:00:00Z');
    expect(item?.participants).toHaveLength(2);
  });

  it('writes a session listed twice in one run once, newest view first', async () => {
    const h = await start({
      sessions: [
        session('twice', '2026-11-14T09:00:00Z'),
        session('twice', '2026-11-14T10:00:00Z'),
      ],
    });

    const summary = await h.invoke();

    expect(summary).toMatchObject({
      sessions_seen: 2,
      sessions_unique: 1,
      inserted: 1,
      write_requests: 1,
    });
    const [item] = await h.items();
    expect(item?.last_access_time).toBe('2026-11-14T10:00:00Z');
  });

  it('keeps Zoom fields it does not know and adds only its own bookkeeping', async () => {
    const h = await start({
      sessions: [
        session('extra', '2026-11-14T09:00:00Z', { future_field: { a: 1 } }),
      ],
    });

    await h.invoke();

    const [item] = await h.items();
    expect(item?.future_field).toEqual({ a: 1 });
    expect(Object.keys(item ?? {}).sort()).toEqual([
      'changed_at',
      'content_hash',
      'first_seen_at',
      'future_field',
      'last_access_ms',
      'last_access_time',
      'participants',
      'session_id',
      'session_type',
    ]);
  });

  it('skips and counts a session without session_id, writing the rest', async () => {
    const nameless = session('x', '2026-11-14T09:00:00Z');
    delete nameless.session_id;
    const h = await start({
      sessions: [nameless, session('named', '2026-11-14T08:00:00Z')],
    });

    const summary = await h.invoke();

    expect(summary.skipped).toEqual({ missing_session_id: 1 });
    expect(summary.inserted).toBe(1);
    expect((await h.items()).map((i) => i.session_id)).toEqual(['named']);
  });

  it('skips only a session too large for DynamoDB, writing the rest of its batch', async () => {
    const listed = sessionsUntil(new Date('2026-11-14T09:00:00Z'), 30);
    const huge = session('huge', '2026-11-14T07:00:00Z', {
      notes: 'x'.repeat(420_000),
    } as object);
    const h = await start({ sessions: [...listed, huge] });

    const summary = await h.invoke();

    expect(summary).toMatchObject({
      skipped: { unstorable: 1 },
      inserted: 30,
      // The refused batch counts nothing; each item's own PutItem counts one.
      write_requests: 31,
    });
    const ids = (await h.items()).map((i) => i.session_id);
    expect(ids).toHaveLength(30);
    expect(ids).not.toContain('huge');
    const warning = h.logs.find((l) => l.includes('"reason":"unstorable"'));
    expect(warning).toContain('"sessionId":"huge"');
    expect(warning).toContain('ValidationException');
  });
});

describe('manual pulls', () => {
  it('splits a long range into windows of at most a month, oldest first, and leaves the watermark alone', async () => {
    const h = await start({
      sessions: [
        session('jan', '2026-01-20T00:00:00Z'),
        session('mar', '2026-03-20T00:00:00Z'),
      ],
    });

    const summary = await h.invoke({ from: '2026-01-01', to: '2026-03-31' });

    expect(summary.mode).toBe('manual');
    const windows = summary.windows.map((w) => ({
      from: Date.parse(w.from),
      to: Date.parse(w.to),
    }));
    expect(windows[0]?.from).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(windows.at(-1)?.to).toBe(Date.parse('2026-03-31T23:59:59Z'));
    windows.forEach((w, i) => {
      expect(w.to - w.from).toBeLessThanOrEqual(31 * 86_400_000);
      const next = windows[i + 1];
      if (next) expect(next.from).toBeLessThan(w.to);
    });
    expect(summary.inserted).toBe(2);
    expect(summary.watermark_after).toBeNull();
    const next = await h.invoke();
    expect(next.watermark_before).toBeNull();
  });

  it('passes phone_number and session_type to Zoom', async () => {
    const h = await start({ sessions: [session('a', '2026-11-14T09:00:00Z')] });

    const summary = await h.invoke({
      phone_number: '14155550199',
      session_type: 'user',
    });

    expect(apiRequests(h)[0]?.query).toMatchObject({
      phone_number: '14155550199',
      session_type: 'user',
    });
    expect(summary).toMatchObject({ mode: 'manual', inserted: 1 });
  });

  it('fetches and compares but writes nothing on a dry run', async () => {
    const h = await start({ sessions: sessionsUntil(NOW, 10) });

    const summary = await h.invoke({ dry_run: true });

    expect(summary).toMatchObject({
      dry_run: true,
      inserted: 10,
      write_requests: 0,
      watermark_after: null,
    });
    expect(await h.items()).toHaveLength(0);
  });
});

describe('bad input', () => {
  it.each([
    [{ from: '2026-01-01' }, 'to'],
    [{ to: '2026-01-01' }, 'from'],
    [{ from: '2026-02-01', to: '2026-01-01' }, 'to'],
    [{ from: 'yesterday', to: '2026-01-01' }, 'from'],
    [{ from: '2027-01-01', to: '2027-02-01' }, 'from'],
    [{ session_type: 'everything' }, 'session_type'],
    [{ phone_number: 'call me' }, 'phone_number'],
    [{ dry_run: 'yes' }, 'dry_run'],
    [{ form: '2026-01-01' }, 'form'],
  ])(
    'refuses %j naming "%s", before any secret read or Zoom call',
    async (event, field) => {
      const h = await start({ sessions: sessionsUntil(NOW, 3) });

      const failure = h.invoke(event);

      await expect(failure).rejects.toMatchObject({
        name: 'InvalidEventError',
        field,
        message: expect.stringContaining(`"${field}"`),
      });
      expect(h.secrets.reads).toBe(0);
      expect(h.zoom.requests).toHaveLength(0);
      expect(await h.items()).toHaveLength(0);
    },
  );

  it.each([
    ['not JSON at all', 'must be a JSON object'],
    [JSON.stringify({ account_id: 'a', client_id: 'b' }), '"client_secret"'],
    [
      JSON.stringify({ account_id: '', client_id: 'b', client_secret: 'c' }),
      '"account_id"',
    ],
    [JSON.stringify(['a', 'b']), 'must be a JSON object'],
  ])(
    'refuses the secret %j with an error naming it, before any Zoom call',
    async (secret, expected) => {
      const h = await start({ secret, sessions: sessionsUntil(NOW, 3) });

      const failure = h.invoke();

      await expect(failure).rejects.toMatchObject({
        name: 'SecretFormatError',
        message: expect.stringContaining(expected),
      });
      await expect(failure).rejects.toThrow('zoom-sms-sync/test');
      expect(h.zoom.requests).toHaveLength(0);
      expect(await h.items()).toHaveLength(0);
    },
  );

  it('reads a corrected secret on the next invocation', async () => {
    const h = await start({ secret: '{}', sessions: sessionsUntil(NOW, 2) });
    await expect(h.invoke()).rejects.toMatchObject({
      name: 'SecretFormatError',
    });

    h.secrets.put(
      'zoom-sms-sync/test',
      JSON.stringify({
        account_id: TEST_CREDENTIALS.accountId,
        client_id: TEST_CREDENTIALS.clientId,
        client_secret: TEST_CREDENTIALS.clientSecret,
      }),
    );

    await expect(h.invoke()).resolves.toMatchObject({ inserted: 2 });
  });

  it('names the account when Zoom rejects the credentials, and no secret', async () => {
    const h = await start({
      secret: JSON.stringify({
        account_id: TEST_CREDENTIALS.accountId,
        client_id: TEST_CREDENTIALS.clientId,
        client_secret: 'wrong-secret-value-123',
      }),
    });

    const failure = h.invoke();

    await expect(failure).rejects.toMatchObject({
      name: 'ZoomAuthError',
      message: expect.stringContaining(
        `Zoom rejected the credentials for account ${TEST_CREDENTIALS.accountId}`,
      ),
    });
    const error = await failure.catch((e: Error) => e);
    expect(String(error)).not.toContain('wrong-secret-value-123');
    expect(h.logs.join('')).not.toContain('wrong-secret-value-123');
  });

  it('reports a missing secret by its name', async () => {
    const h = await start({ env: { ZOOM_SECRET_ID: 'no-such-secret' } });

    await expect(h.invoke()).rejects.toMatchObject({
      name: 'SecretReadError',
      message: expect.stringContaining('no-such-secret'),
    });
    expect(h.zoom.requests).toHaveLength(0);
  });
});

describe('tokens and secrets', () => {
  it('reuses one access token across warm invocations', async () => {
    const h = await start({ sessions: sessionsUntil(NOW, 3) });

    await h.invoke();
    await h.invoke();

    expect(h.zoom.tokensIssued).toBe(1);
    expect(h.secrets.reads).toBe(1);
  });

  it('gets one new token and retries once when Zoom says the token is invalid', async () => {
    const h = await start({ sessions: sessionsUntil(NOW, 3) });
    await h.invoke();
    h.zoom.revokeTokens();

    const summary = await h.invoke();

    expect(summary.token_requests).toBe(1);
    expect(h.zoom.tokensIssued).toBe(2);
    // Each run lists one page (one answer: no second look needed); the
    // token dies between the runs.
    expect(apiRequests(h).map((r) => r.status)).toEqual([200, 401, 200]);
  });

  it('never logs or returns the client secret or an access token', async () => {
    const h = await start({ sessions: sessionsUntil(NOW, 3) });

    const summary = await h.invoke();
    await h.invoke({ from: 'bad', to: '2026-01-01' }).catch(() => undefined);

    const everything = `${h.logs.join('')}${JSON.stringify(summary)}${JSON.stringify(await h.items())}`;
    expect(h.logs.length).toBeGreaterThan(0);
    expect(h.issuedTokens.length).toBe(1);
    for (const secret of [TEST_CREDENTIALS.clientSecret, ...h.issuedTokens]) {
      expect(everything).not.toContain(secret);
    }
  });
});
