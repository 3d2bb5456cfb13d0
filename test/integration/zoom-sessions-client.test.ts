import { afterEach, describe, expect, it } from 'vitest';
import { createZoomHttp } from '../../functions/sync/zoom/http.js';
import { ZoomSessionsClient } from '../../functions/sync/zoom/sessions-client.js';
import { ZoomTokenProvider } from '../../functions/sync/zoom/token-provider.js';
import {
  type ScriptedAnswer,
  startScriptedServer,
} from '../helpers/scripted-server.js';

const credentials = {
  accountId: 'acc',
  clientId: 'id',
  clientSecret: 'shh-secret',
};
const query = {
  from: new Date('2026-11-01T00:00:00Z'),
  to: new Date('2026-11-15T00:00:00Z'),
  sessionType: 'all' as const,
  filterType: 'last_message_time' as const,
  pageSize: 100,
};

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/** A client whose API answers come from `pages`, one a request. */
const clientFor = async (
  pages: (n: number) => ScriptedAnswer,
  maxPages = 50,
) => {
  let n = 0;
  const server = await startScriptedServer((req) =>
    req.url?.startsWith('/oauth/token')
      ? { body: { access_token: 'access-tok-7f3e1', expires_in: 3600 } }
      : pages(n++),
  );
  stop = server.stop;
  const http = createZoomHttp({ timeoutMs: 5_000 });
  const client = new ZoomSessionsClient({
    http: http.ky,
    apiBaseUrl: server.url,
    tokens: new ZoomTokenProvider({ http: http.ky, oauthBaseUrl: server.url }),
    credentials,
    maxPages,
  });
  const drain = async () => {
    const pagesSeen: unknown[][] = [];
    for await (const page of client.listSessions(query))
      pagesSeen.push(page.records);
    return pagesSeen;
  };
  return { drain, server };
};

describe('ZoomSessionsClient', () => {
  it('stops with an error when Zoom returns the same next_page_token twice', async () => {
    const { drain } = await clientFor(() => ({
      body: { next_page_token: 'same', sms_sessions: [] },
    }));

    await expect(drain()).rejects.toMatchObject({
      name: 'ZoomPagingError',
      message: expect.stringContaining('same next_page_token twice'),
    });
  });

  it('stops with an error past the page cap instead of paging forever', async () => {
    const { drain } = await clientFor(
      (n) => ({ body: { next_page_token: `t${n}`, sms_sessions: [] } }),
      3,
    );

    await expect(drain()).rejects.toMatchObject({
      name: 'ZoomPagingError',
      message: expect.stringContaining('cap of 3 pages'),
    });
  });

  it('ends the listing on a missing token as well as on an empty one', async () => {
    const { drain } = await clientFor((n) =>
      n === 0
        ? {
            body: {
              next_page_token: 'p2',
              sms_sessions: [{ session_id: 'a' }],
            },
          }
        : { body: { sms_sessions: [{ session_id: 'b' }] } },
    );

    await expect(drain()).resolves.toEqual([
      [{ session_id: 'a' }],
      [{ session_id: 'b' }],
    ]);
  });

  it('names the field when a page does not match the contract', async () => {
    const { drain } = await clientFor(() => ({
      body: { next_page_token: '', sms_sessions: 'not a list' },
    }));

    await expect(drain()).rejects.toMatchObject({
      name: 'ZoomResponseError',
      message: expect.stringContaining('"sms_sessions"'),
    });
  });

  it('says so when a page is not JSON', async () => {
    const { drain } = await clientFor(() => ({ body: '{"sms_sessions": [' }));

    await expect(drain()).rejects.toMatchObject({ name: 'ZoomResponseError' });
  });

  it("fails at once on a 4xx with Zoom's code and message, without the token", async () => {
    const { drain, server } = await clientFor(() => ({
      status: 400,
      body: {
        code: 300,
        message: 'The next page token is invalid or expired.',
      },
    }));

    const error = await drain().catch((e: Error) => e);

    expect(error).toMatchObject({
      name: 'ZoomApiError',
      status: 400,
      zoomCode: 300,
      message: expect.stringContaining(
        'The next page token is invalid or expired.',
      ),
    });
    expect(JSON.stringify(error) + String(error)).not.toContain(
      'access-tok-7f3e1',
    );
    expect(server.seen.filter((u) => u.startsWith('/v2/'))).toHaveLength(1);
  });
});
