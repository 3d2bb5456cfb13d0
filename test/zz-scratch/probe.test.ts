import { afterEach, describe, expect, it } from 'vitest';
import { localContext } from '../../local/local-context.js';
import { session, sessionsUntil } from '../helpers/sessions.js';
import {
  type Harness,
  type HarnessOptions,
  startHarness,
} from '../helpers/sync-harness.js';
import { expectTableMatchesZoom } from '../helpers/table-matches.js';

const NOW = new Date('2026-11-15T12:00:00Z');
let harness: Harness | undefined;
const start = async (o: HarnessOptions = {}) => {
  harness = await startHarness({ clock: () => NOW, ...o });
  return harness;
};
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const apiReqs = (h: Harness) =>
  h.zoom.requests.filter((r) => r.path === '/v2/phone/sms/sessions');
const oauthReqs = (h: Harness) =>
  h.zoom.requests.filter((r) => r.path === '/oauth/token');
const missing = async (h: Harness) => {
  const ids = new Set((await h.items()).map((i) => String(i.session_id)));
  return h.zoom.data
    .all()
    .map((s) => s.session_id)
    .filter((id) => !ids.has(String(id)));
};

// 250 sessions on 2026-11-10 (one 24h slice, 3 pages) + 5 recent ones.
const dataSet = () => [
  ...sessionsUntil(new Date('2026-11-10T10:00:00Z'), 250, 'old'),
  ...sessionsUntil(new Date('2026-11-15T11:00:00Z'), 5, 'new'),
];

describe('probes', () => {
  it('A: daily-limit 429 on the OAuth endpoint', async () => {
    const h = await start({ sessions: dataSet() });
    h.zoom.injectFault(
      { kind: 'rate_limit_daily', retryAfter: { form: 'seconds', seconds: 0 } },
      { endpoint: 'oauth', count: Number.POSITIVE_INFINITY },
    );
    const t0 = Date.now();
    const r = await h.invoke().then(
      (s) => ({ ok: s }),
      (e) => ({ err: `${e.name}: ${e.message}` }),
    );
    console.log(
      'A result',
      JSON.stringify(r).slice(0, 400),
      'oauth requests',
      oauthReqs(h).length,
      'ms',
      Date.now() - t0,
    );
  }, 120_000);

  it('B: OAuth 429 Retry-After is not bounded by the remaining time', async () => {
    const h = await start({
      sessions: dataSet(),
      env: { TIME_BUDGET_MARGIN_SECONDS: '0' },
      context: () => localContext(3_000),
    });
    h.zoom.injectFault(
      { kind: 'rate_limit_qps', retryAfter: { form: 'seconds', seconds: 12 } },
      { endpoint: 'oauth', count: 1 },
    );
    const t0 = Date.now();
    const r = await h.invoke().then(
      (s) => ({ outcome: s.outcome }),
      (e) => ({ err: `${e.name}: ${e.message}` }),
    );
    console.log(
      'B result',
      JSON.stringify(r),
      'elapsed ms',
      Date.now() - t0,
      'deadline ms 3000',
    );
  }, 120_000);

  it('C: slow API answer is not bounded by the remaining time', async () => {
    const h = await start({
      sessions: dataSet(),
      env: { TIME_BUDGET_MARGIN_SECONDS: '1' },
      context: () => localContext(4_000),
    });
    h.zoom.injectFault(
      { kind: 'slow', delayMs: 12_000 },
      { skip: 0, count: 1 },
    );
    const t0 = Date.now();
    const r = await h.invoke().then(
      (s) => ({ outcome: s.outcome, complete: s.complete }),
      (e) => ({ err: `${e.name}: ${e.message}` }),
    );
    console.log(
      'C result',
      JSON.stringify(r),
      'elapsed ms',
      Date.now() - t0,
      'deadline ms 4000',
    );
  }, 120_000);

  it('C2: 5xx exponential backoff is not bounded by the remaining time', async () => {
    const h = await start({
      sessions: dataSet(),
      env: { TIME_BUDGET_MARGIN_SECONDS: '1' },
      context: () => localContext(3_000),
    });
    h.zoom.injectFault(
      { kind: 'server_error', status: 500 },
      { count: Number.POSITIVE_INFINITY },
    );
    const t0 = Date.now();
    const r = await h.invoke().then(
      (s) => ({ outcome: s.outcome, complete: s.complete }),
      (e) => ({ err: `${e.name}: ${e.message}` }),
    );
    console.log(
      'C2 result',
      JSON.stringify(r),
      'elapsed ms',
      Date.now() - t0,
      'deadline ms 3000',
      'api reqs',
      apiReqs(h).length,
    );
  }, 120_000);

  it('D: time budget while re-listing a disturbed slice advances the watermark past it', async () => {
    const sessions = dataSet();
    let exhausted = false;
    const h = await start({
      sessions,
      env: { SLICE_HOURS: '24' },
      context: () => ({
        ...localContext(),
        getRemainingTimeInMillis: () => (exhausted ? 0 : 15 * 60_000),
      }),
    });
    const mover = sessions[0]!; // newest of the old slice: on page 1
    let moved = false;
    h.zoom.onSessionsRequest = ({ pageNumber }) => {
      if (!moved && pageNumber === 2) {
        moved = true;
        h.zoom.data.upsert({
          ...mover,
          last_access_time: '2026-11-15T12:00:00Z',
        });
        return;
      }
      // the verify pass re-lists the old slice: from its first page
      const last = h.zoom.requests.at(-1);
      void last;
    };
    let page2 = 0;
    const prev = h.zoom.onSessionsRequest;
    h.zoom.onSessionsRequest = (info) => {
      prev?.(info);
      if (false)
        console.log(
          'REQ',
          info.requestIndex,
          info.pageNumber,
          h.zoom.data.all().find((x) => x.session_id === mover.session_id)
            ?.last_access_time,
        );
      if (info.pageNumber === 2) page2 += 1;
      if (info.requestIndex === 33) exhausted = true;
    };
    const first = await h.invoke();
    console.log(
      'D first',
      JSON.stringify({ ...first, windows: first.windows.length }),
    );
    console.log(
      'D api requests',
      apiReqs(h).length,
      apiReqs(h)
        .map(
          (r) =>
            `${r.query.from}|${r.query.next_page_token ? 'tok' : '1'}|${r.status}`,
        ).join(' '),
    );
    console.log(
      'D logs',
      h.logs.filter((l) => l.includes('WARN')).map((l) => l.slice(0, 400)),
    );
    console.log('D missing after run 1', await missing(h));
    exhausted = false;
    h.zoom.onSessionsRequest = undefined;
    const second = await h.invoke();
    console.log(
      'D second',
      JSON.stringify({
        outcome: second.outcome,
        resumed: second.resumed,
        windows: second.windows,
        wm: second.watermark_after,
      }),
    );
    console.log('D missing after run 2', await missing(h));
  }, 120_000);
});

import { randomUUID } from 'node:crypto';
import { createHandler } from '../../functions/sync/create-handler.js';
import { LOCAL_AWS } from '../../local/dynamodb-local.js';
import { localDynamoClient } from '../helpers/dynamo.js';
import { SECRET_ID } from '../helpers/sync-harness.js';

describe('probes 2', () => {
  it('E: StoreError while re-listing a disturbed slice, then rerun', async () => {
    const sessions = dataSet();
    const h = await start({ sessions, env: { SLICE_HOURS: '24', SLICE_CONCURRENCY: '1' } });
    let crash = false;
    const client = localDynamoClient();
    client.middlewareStack.add(
      (next, ctx) => async (args) => {
        if (crash && ctx.commandName === 'BatchGetItemCommand') throw new Error('InternalServerError: simulated');
        return next(args);
      },
      { step: 'initialize', name: 'crasher' },
    );
    const handler = createHandler({
      config: h.config,
      dynamoDb: client,
      secretsManager: { ...LOCAL_AWS, endpoint: h.secrets.endpoint },
      secretCacheKey: `secret-${randomUUID()}`,
      clock: () => NOW,
    });
    const mover = sessions[0]!;
    let moved = false;
    h.zoom.onSessionsRequest = ({ pageNumber, requestIndex }) => {
      if (!moved && pageNumber === 2) {
        moved = true;
        h.zoom.data.upsert({ ...mover, last_access_time: '2026-11-15T12:00:00Z' });
      }
      if (requestIndex === 34) crash = true; // the verify re-list of the old slice
    };
    const r1 = await handler({}, localContext()).then((s) => ({ ok: s.outcome }), (e) => ({ err: `${e.name}: ${e.message}` }));
    console.log('E run1', JSON.stringify(r1), 'requests', apiReqs(h).length);
    console.log('E missing after run 1', await missing(h));
    crash = false;
    h.zoom.onSessionsRequest = undefined;
    const r2 = await handler({}, localContext());
    console.log('E run2', JSON.stringify({ outcome: r2.outcome, resumed: r2.resumed, windows: r2.windows, wm: r2.watermark_after }));
    const r3 = await handler({}, localContext());
    console.log('E run3', JSON.stringify({ outcome: r3.outcome, resumed: r3.resumed, windows: r3.windows, wm: r3.watermark_after }));
    console.log('E missing after run 3', await missing(h));
    client.destroy();
  }, 120_000);

  it('F: a mover detected only by the resumed run', async () => {
    const sessions = dataSet();
    let exhausted = false;
    const h = await start({
      sessions,
      env: { SLICE_HOURS: '24', SLICE_CONCURRENCY: '1' },
      context: () => ({ ...localContext(), getRemainingTimeInMillis: () => (exhausted ? 0 : 15 * 60_000) }),
    });
    const mover = sessions[0]!;
    let moved = false;
    h.zoom.onSessionsRequest = ({ pageNumber, requestIndex }) => {
      if (!moved && pageNumber === 2) {
        moved = true;
        h.zoom.data.upsert({ ...mover, last_access_time: '2026-11-15T12:00:00Z' });
      }
      if (requestIndex === 28) exhausted = true; // a few slices after the old one
    };
    const first = await h.invoke();
    console.log('F run1', JSON.stringify({ outcome: first.outcome, done: first.windows_completed, left: first.windows_remaining.length }));
    exhausted = false;
    h.zoom.onSessionsRequest = undefined;
    const second = await h.invoke();
    console.log('F run2', JSON.stringify({ outcome: second.outcome, resumed: second.resumed, windows: second.windows.length, wm: second.watermark_after, restarts: second.window_restarts }));
    console.log('F missing after run 2', await missing(h));
    const third = await h.invoke();
    console.log('F run3', JSON.stringify({ outcome: third.outcome, windows: third.windows }));
    console.log('F missing after run 3', await missing(h));
  }, 120_000);

  it('G: emulator rate limit 5/s with ZOOM_REQUESTS_PER_SECOND=20', async () => {
    // ~3000 sessions over the month: several pages in many slices
    const sessions = sessionsUntil(new Date('2026-11-15T11:00:00Z'), 3000, 'g').map((s, i) => ({
      ...s,
      last_access_time: new Date(NOW.getTime() - 3_600_000 - i * 14 * 60_000).toISOString().replace('.000Z', 'Z'),
    }));
    const h = await start({ sessions, env: { SLICE_HOURS: '24', ZOOM_REQUESTS_PER_SECOND: '20' }, emulator: { rateLimit: { perSecond: 5 } } });
    const t0 = Date.now();
    const r = await h.invoke().then((s) => ({ outcome: s.outcome, inserted: s.inserted, requests: s.requests, restarts: s.window_restarts }), (e) => ({ err: `${e.name}: ${e.message}` }));
    const statuses = apiReqs(h).map((x) => x.status);
    console.log('G', JSON.stringify(r), 'ms', Date.now() - t0, '429s', statuses.filter((s) => s === 429).length, 'total', statuses.length, 'emu rateLimited', h.zoom.rateLimited);
    console.log('G missing', (await missing(h)).length);
  }, 300_000);

  it('H: sessions moving between pages in older slices, month of data', async () => {
    const sessions = sessionsUntil(new Date('2026-11-15T11:00:00Z'), 3000, 'h').map((s, i) => ({
      ...s,
      last_access_time: new Date(NOW.getTime() - 3_600_000 - i * 14 * 60_000).toISOString().replace('.000Z', 'Z'),
    }));
    const h = await start({ sessions, env: { SLICE_HOURS: '24' } });
    let n = 0;
    h.zoom.onSessionsRequest = ({ pageNumber }) => {
      // on every page 2 of a first pass, the newest session of the data older than 2 days moves to now
      if (pageNumber === 2 && n < 10) {
        n += 1;
        const candidates = h.zoom.data.all().filter((s) => String(s.last_access_time) < '2026-11-13').sort((a, b) => String(b.last_access_time).localeCompare(String(a.last_access_time)));
        const pick = candidates[n * 7];
        if (pick) h.zoom.data.upsert({ ...pick, last_access_time: '2026-11-15T12:00:00Z' });
      }
    };
    const r = await h.invoke();
    console.log('H', JSON.stringify({ outcome: r.outcome, inserted: r.inserted, updated: r.updated, requests: r.requests, pages: r.pages }), 'moves', n);
    console.log('H missing', await missing(h));
  }, 300_000);
});
