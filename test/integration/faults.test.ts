import { afterEach, describe, expect, it } from 'vitest';
import { localContext } from '../../local/local-context.js';
import type { ZoomFault } from '../../local/zoom-emulator/index.js';
import { session, sessionsUntil } from '../helpers/sessions.js';
import {
  type Harness,
  type HarnessOptions,
  startHarness,
  TEST_CREDENTIALS,
} from '../helpers/sync-harness.js';
import {
  expectNoSecretsLogged,
  expectTableMatchesZoom,
} from '../helpers/table-matches.js';

const NOW = new Date('2026-11-15T12:00:00Z');

let harness: Harness | undefined;
const start = async (options: HarnessOptions = {}) => {
  harness = await startHarness({ clock: () => NOW, ...options });
  return harness;
};

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** 250 sessions in the last hours: three pages of 100. */
const threePages = () => sessionsUntil(new Date('2026-11-15T11:00:00Z'), 250);

const apiStatuses = (h: Harness) =>
  h.zoom.requests
    .filter((r) => r.path === '/v2/phone/sms/sessions')
    .map((r) => r.status);

/** After a run, the table is Zoom's data, the stream has one INSERT each. */
const expectWhole = async (h: Harness) => {
  await expectTableMatchesZoom(h);
  const stream = await h.stream();
  const records = await stream.records();
  expect(records).toHaveLength(h.zoom.data.all().length);
  expect(records.map((r) => r.eventName).filter((e) => e !== 'INSERT')).toEqual(
    [],
  );
  expectNoSecretsLogged(h, TEST_CREDENTIALS.clientSecret);
};

describe('transient faults are retried and lose nothing', () => {
  it.each<[string, ZoomFault]>([
    ['a per-second 429 with Retry-After', { kind: 'rate_limit_qps' }],
    [
      'a per-second 429 whose Retry-After is an HTTP date',
      { kind: 'rate_limit_qps', retryAfter: { form: 'http-date', seconds: 1 } },
    ],
    [
      'a per-second 429 whose Retry-After is an ISO time',
      { kind: 'rate_limit_qps', retryAfter: { form: 'iso', seconds: 1 } },
    ],
    [
      'a per-second 429 without Retry-After',
      { kind: 'rate_limit_qps', retryAfter: { form: 'none' } },
    ],
    ['a 500 with an HTML body', { kind: 'server_error', status: 500 }],
    ['a 502 with an HTML body', { kind: 'server_error', status: 502 }],
    ['a 503 with an HTML body', { kind: 'server_error', status: 503 }],
    ['a body that is not JSON', { kind: 'malformed_json' }],
    ['a body cut in half', { kind: 'truncated_json' }],
    ['an answer slower than the timeout', { kind: 'slow', delayMs: 2_000 }],
  ])('survives %s on the second page', async (_name, fault) => {
    const h = await start({
      sessions: threePages(),
      env: { ZOOM_REQUEST_TIMEOUT_MS: '500' },
    });
    h.zoom.injectFault(fault, { skip: 1 });

    const summary = await h.invoke();

    expect(h.zoom.faultsApplied).toBe(1);
    expect(summary).toMatchObject({
      outcome: 'complete',
      inserted: 250,
      window_restarts: 0,
    });
    // Three pages, one retried, and the check of the newest window.
    expect(summary.requests).toBe(5);
    await expectWhole(h);
  });

  it('restarts a window from its first page when retries run out midway', async () => {
    const h = await start({ sessions: threePages() });
    h.zoom.injectFault(
      { kind: 'server_error', status: 503 },
      { skip: 1, count: 7 },
    );

    const summary = await h.invoke();

    expect(summary).toMatchObject({
      outcome: 'complete',
      inserted: 250,
      window_restarts: 1,
    });
    await expectWhole(h);
  });

  it('restarts the window when Zoom says a page token has expired', async () => {
    const h = await start({ sessions: threePages() });
    h.zoom.injectFault({ kind: 'expired_page_token' }, { skip: 2 });

    const summary = await h.invoke();

    expect(apiStatuses(h)).toEqual([200, 200, 400, 200, 200, 200, 200]);
    expect(summary).toMatchObject({ outcome: 'complete', window_restarts: 1 });
    await expectWhole(h);
  });
});

describe('tokens', () => {
  it('gets one new token and retries when the token expires mid-run', async () => {
    const h = await start({
      sessions: threePages(),
      emulator: { invalidateTokensAfterRequests: 2 },
    });

    const summary = await h.invoke();

    expect(summary).toMatchObject({ outcome: 'complete', token_requests: 2 });
    expect(apiStatuses(h)).toContain(401);
    await expectWhole(h);
  });

  it('fails clearly when a fresh token is refused too', async () => {
    const h = await start({ sessions: threePages() });
    h.zoom.injectFault({ kind: 'invalid_token' }, { count: 2 });

    const failure = h.invoke();

    await expect(failure).rejects.toMatchObject({
      name: 'ZoomAuthError',
      message: expect.stringContaining('refused a freshly issued access token'),
    });
    expect(await h.items()).toHaveLength(0);
  });
});

describe("Zoom's daily limit", () => {
  it.each<[string, ZoomFault]>([
    [
      'with Retry-After',
      {
        kind: 'rate_limit_daily',
        retryAfter: { form: 'seconds', seconds: 3600 },
      },
    ],
    [
      'without Retry-After',
      { kind: 'rate_limit_daily', retryAfter: { form: 'none' } },
    ],
  ])(
    'stops the run %s, keeps its progress and resumes it next time',
    async (_name, fault) => {
      const sessions = [
        ...sessionsUntil(new Date('2026-10-20T12:00:00Z'), 30, 'old'),
        ...sessionsUntil(new Date('2026-11-14T12:00:00Z'), 30, 'new'),
      ];
      const h = await start({ sessions, env: { SLICE_HOURS: '24' } });
      // The first slices answer; the limit hits part way through the month.
      h.zoom.injectFault(fault, { skip: 10, count: Number.POSITIVE_INFINITY });

      const stopped = await h.invoke();

      expect(stopped).toMatchObject({
        outcome: 'rate_limited',
        complete: false,
        watermark_after: null,
      });
      expect(stopped.windows_remaining.length).toBeGreaterThan(0);
      // Ten slices answered before the limit hit; those under way then stop.
      expect(stopped.windows_completed).toBeGreaterThanOrEqual(7);
      expect(stopped.windows_completed).toBeLessThanOrEqual(10);
      // A daily limit is not retried: one 429 at most for each of the
      // (four) slices that had a request under way when it hit.
      const limited = h.zoom.requests.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(1);
      expect(limited.length).toBeLessThanOrEqual(4);
      expect(new Set(limited.map((r) => r.query.from)).size).toBe(
        limited.length,
      );

      h.zoom.clearFaults();
      const resumed = await h.invoke();

      expect(resumed).toMatchObject({ outcome: 'complete', resumed: true });
      expect(resumed.windows).toEqual(stopped.windows_remaining);
      expect(resumed.watermark_after).toBe('2026-11-14T12:00:00.000Z');
      await expectWhole(h);
    },
  );
});

describe('the time budget', () => {
  it('stops before the function times out, then the next runs complete the month with no gap', async () => {
    // One session a day over the month, and the newest window's sessions.
    const sessions = Array.from({ length: 30 }, (_, day) =>
      session(
        `day-${day}`,
        new Date(Date.UTC(2026, 9, 16 + day, 6))
          .toISOString()
          .replace('.000Z', 'Z'),
      ),
    ).concat(sessionsUntil(new Date('2026-11-15T10:00:00Z'), 40));
    // Every request to Zoom costs the invocation one fake minute of its 15.
    let apiCalls = 0;
    const h = await start({
      sessions,
      env: { SLICE_HOURS: '24', TIME_BUDGET_MARGIN_SECONDS: '60' },
      context: () => {
        const atStart = apiCalls;
        return {
          ...localContext(),
          getRemainingTimeInMillis: () =>
            15 * 60_000 - (apiCalls - atStart) * 60_000,
        };
      },
    });
    h.zoom.onSessionsRequest = () => {
      apiCalls += 1;
    };

    const first = await h.invoke();

    expect(first).toMatchObject({ outcome: 'time_budget', complete: false });
    expect(first.windows_completed).toBeGreaterThanOrEqual(10);
    expect(first.windows_completed).toBeLessThan(first.windows.length);
    expect(first.watermark_after).toBeNull();

    const runs = [first];
    while (runs.at(-1)?.outcome !== 'complete' && runs.length < 5) {
      runs.push(await h.invoke());
    }

    const last = runs.at(-1);
    expect(runs).toHaveLength(3);
    expect(last).toMatchObject({ outcome: 'complete', resumed: true });
    expect(last?.watermark_after).toBe('2026-11-15T10:00:00.000Z');
    // Each slice was listed to the end exactly once across the runs.
    const key = (w: { from: string }) => w.from;
    const doneIn = (r: (typeof runs)[number]) => {
      const left = new Set(r.windows_remaining.map(key));
      return r.windows.map(key).filter((k) => !left.has(k));
    };
    const listed = runs.flatMap(doneIn);
    expect([...listed].sort()).toEqual(first.windows.map(key).sort());
    // Each run took up exactly what the one before it left.
    runs.slice(1).forEach((r, i) => {
      expect(r.windows).toEqual(runs[i]?.windows_remaining);
    });
    await expectWhole(h);
  });
});

describe('moving data', () => {
  it('finds every session when one leaves the window while it is listed', async () => {
    const sessions = threePages();
    const h = await start({ sessions });
    const mover = sessions[5];
    h.zoom.onSessionsRequest = ({ pageNumber }) => {
      if (pageNumber === 2 && mover !== undefined) {
        h.zoom.onSessionsRequest = undefined;
        // A new message after the run started: past the window's end.
        h.zoom.data.upsert({
          ...mover,
          last_access_time: '2026-11-15T12:00:00Z',
        });
      }
    };

    const summary = await h.invoke();

    expect(summary).toMatchObject({ outcome: 'complete', inserted: 250 });
    await expectTableMatchesZoom(h);
  });
});

describe('a run cut short while a session moves', () => {
  // 250 sessions in one old slice (three pages) and a few recent ones; the
  // first of them gets a new message while its slice is listed, which
  // shifts the next page by one.
  const movingSetup = async (env: Record<string, string> = {}) => {
    const old = sessionsUntil(new Date('2026-11-10T10:00:00Z'), 250, 'old');
    const recent = sessionsUntil(new Date('2026-11-15T11:00:00Z'), 5, 'new');
    let apiCalls = 0;
    let limit = Number.POSITIVE_INFINITY;
    const h = await start({
      sessions: [...old, ...recent],
      env: { SLICE_HOURS: '24', SLICE_CONCURRENCY: '1', ...env },
      context: () => ({
        ...localContext(),
        getRemainingTimeInMillis: () =>
          apiCalls >= limit ? 30_000 : 15 * 60_000,
      }),
    });
    let moved = false;
    h.zoom.onSessionsRequest = ({ pageNumber }) => {
      apiCalls += 1;
      if (!moved && pageNumber === 2 && old[0] !== undefined) {
        moved = true;
        h.zoom.data.upsert({
          ...old[0],
          last_access_time: '2026-11-15T12:00:00Z',
        });
      }
    };
    return {
      h,
      stopAfter: (requests: number) => {
        limit = apiCalls + requests;
      },
      noLimit: () => {
        limit = Number.POSITIVE_INFINITY;
      },
    };
  };

  it.each([28, 31, 33, 34, 35, 36, 37])(
    'stores every session when the time runs out after %i requests',
    async (requests) => {
      const { h, stopAfter, noLimit } = await movingSetup();
      stopAfter(requests);

      const first = await h.invoke();
      noLimit();
      const runs = [first];
      while (runs.at(-1)?.outcome !== 'complete' && runs.length < 4) {
        runs.push(await h.invoke());
      }

      expect(runs.at(-1)?.outcome).toBe('complete');
      await expectTableMatchesZoom(h);
    },
  );

  it.each([30, 34, 36])(
    'stores every session when the run fails after %i requests and is run again',
    async (requests) => {
      const { h } = await movingSetup();
      h.zoom.injectFault(
        { kind: 'invalid_token' },
        { skip: requests, count: 2 },
      );

      await h.invoke().catch(() => undefined);
      h.zoom.clearFaults();
      const runs = [await h.invoke()];
      while (runs.at(-1)?.outcome !== 'complete' && runs.length < 3) {
        runs.push(await h.invoke());
      }

      expect(runs.at(-1)?.outcome).toBe('complete');
      await expectTableMatchesZoom(h);
    },
  );
});

describe('the token endpoint', () => {
  it("stops with rate_limited on Zoom's daily limit, without retrying it", async () => {
    const h = await start({ sessions: threePages() });
    h.zoom.injectFault(
      { kind: 'rate_limit_daily' },
      { endpoint: 'oauth', count: Number.POSITIVE_INFINITY },
    );

    const summary = await h.invoke();

    expect(summary).toMatchObject({ outcome: 'rate_limited', complete: false });
    expect(
      h.zoom.requests.filter((r) => r.path === '/oauth/token'),
    ).toHaveLength(1);
  });
});

describe('one run at a time', () => {
  it('lets one of two runs started together sync while the other does nothing', async () => {
    const h = await start({ sessions: threePages() });

    const [a, b] = await Promise.all([h.invoke(), h.invoke()]);

    const outcomes = [a.outcome, b.outcome].sort();
    expect(outcomes).toEqual(['complete', 'lease_held']);
    const skipped = a.outcome === 'lease_held' ? a : b;
    expect(skipped).toMatchObject({
      requests: 0,
      token_requests: 0,
      inserted: 0,
    });
    await expectWhole(h);

    const third = await h.invoke();
    expect(third.outcome).toBe('complete');
  });
});

describe('errors that fail the invocation', () => {
  it('fails visibly after a bounded number of restarts, with one error line and no secret', async () => {
    const h = await start({ sessions: threePages() });
    h.zoom.injectFault(
      { kind: 'expired_page_token' },
      { skip: 1, count: Number.POSITIVE_INFINITY },
    );

    const failure = h.invoke();

    await expect(failure).rejects.toMatchObject({
      name: 'ZoomApiError',
      status: 400,
      zoomCode: 300,
    });
    const errors = h.logs.filter((l) => l.includes('"level":"ERROR"'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('next page token is invalid or expired');
    expect(
      h.logs.filter((l) => l.includes('again from its first page')),
    ).toHaveLength(3);
    expectNoSecretsLogged(h, TEST_CREDENTIALS.clientSecret);
  });
});
