import { describe, expect, it } from 'vitest';
import { createZoomHttp } from '../../../../functions/sync/zoom/http.js';
import { catchRejection } from '../../helpers/catch-error.js';
import { fakeFetch, json, type Route } from '../../helpers/fake-fetch.js';

const URL = 'https://api.zoom.test/v2/phone/sms/sessions';

/** Retry-After: 0 lets every retry go at once. */
const NOW_PLEASE = { 'retry-after': '0' };

/** Answers with `routes` in turn, then with 200 and the attempt number. */
const answering = (...routes: Route[]) => {
  let n = 0;
  return fakeFetch((request) => {
    n += 1;
    return routes[n - 1]?.(request) ?? json({ n });
  });
};

const status =
  (code: number, headers: Record<string, string> = NOW_PLEASE, body = {}) =>
  () =>
    json(body, code, headers);

const client = (server: { fetch: typeof fetch }, budgetMs?: () => number) =>
  createZoomHttp({
    timeoutMs: 5000,
    fetch: server.fetch,
    ...(budgetMs === undefined ? {} : { budgetMs }),
  });

describe('createZoomHttp', () => {
  it('counts every request it sends', async () => {
    const http = client(answering());
    await http.ky.get(URL).json();
    await http.ky.get(URL).json();

    expect(http.requestCount).toBe(2);
  });

  it.each([429, 503])(
    'retries an answer of %i after Retry-After, counting each attempt',
    async (code) => {
      const http = client(answering(status(code), status(code)));

      await expect(http.ky.get(URL).json()).resolves.toEqual({ n: 3 });
      expect(http.requestCount).toBe(3);
    },
  );

  it('retries a POST too, as the token request is one', async () => {
    const http = client(answering(status(429)));

    await expect(http.ky.post(URL).json()).resolves.toEqual({ n: 2 });
  });

  it('gives up after six retries', async () => {
    const http = client(fakeFetch(status(429)));

    const error = await catchRejection(() => http.ky.get(URL));

    expect(error.name).toBe('HTTPError');
    expect(http.requestCount).toBe(7);
  });

  it.each([400, 401, 404, 413])(
    'does not retry an answer of %i',
    async (code) => {
      const http = client(answering(status(code)));

      await catchRejection(() => http.ky.get(URL));

      expect(http.requestCount).toBe(1);
    },
  );

  it.each([
    ['X-RateLimit-Type', status(429, { 'x-ratelimit-type': 'Daily-limit' })],
    [
      'the message',
      status(
        429,
        {},
        {
          code: 429,
          message:
            'You have reached the maximum daily rate limit for this API.',
        },
      ),
    ],
  ])('does not retry a daily-limit 429 told by %s', async (_name, route) => {
    const http = client(answering(route));

    const error = await catchRejection(() => http.ky.get(URL));

    expect(error.name).toBe('HTTPError');
    expect(http.requestCount).toBe(1);
  });

  it('retries a per-second 429', async () => {
    const qps = status(429, { 'x-ratelimit-type': 'QPS', 'retry-after': '0' });
    const http = client(answering(qps));

    await expect(http.ky.get(URL).json()).resolves.toEqual({ n: 2 });
  });

  it('does not retry once the budget is spent', async () => {
    const http = client(answering(status(503)), () => 0);

    await catchRejection(() => http.ky.get(URL));

    expect(http.requestCount).toBe(1);
  });

  it('does not retry a 429 whose Retry-After is past the budget', async () => {
    const http = client(
      answering(status(429, { 'retry-after': '5' })),
      () => 1000,
    );

    await catchRejection(() => http.ky.get(URL));

    expect(http.requestCount).toBe(1);
  });

  it('retries a 200 whose body is not JSON', async () => {
    const http = client(answering(() => new Response('<html>cut')));

    await expect(http.ky.get(URL).json()).resolves.toEqual({ n: 2 });
    expect(http.requestCount).toBe(2);
  });

  it('still sends and counts each attempt when a rate is set', async () => {
    const http = createZoomHttp({
      requestsPerSecond: 1000,
      timeoutMs: 5000,
      fetch: answering(status(503)).fetch,
    });

    await expect(http.ky.get(URL).json()).resolves.toEqual({ n: 2 });
    expect(http.requestCount).toBe(2);
  });
  it('does not retry a 503 whose Retry-After is past the budget', async () => {
    const server = fakeFetch(() => json({}, 503, { 'retry-after': '2' }));
    const http = createZoomHttp({
      timeoutMs: 5000,
      budgetMs: () => 1000,
      fetch: server.fetch,
    });

    await catchRejection(() => http.ky.get(URL));

    expect(http.requestCount).toBe(1);
  });
});
