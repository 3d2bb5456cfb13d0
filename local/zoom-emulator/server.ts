// Hand-written on node:http: no library emulates Zoom's contract.
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_TOKEN_TTL_SECONDS,
  SESSIONS_PATH,
  TOKEN_PATH,
} from './constants.js';
import { EmulatorDataSet } from './data-set.js';
import { ERRORS, type Reply } from './errors.js';
import { bearerToken, issueToken } from './oauth.js';
import { PageTokenStore } from './page-tokens.js';
import { listSessions } from './sessions.js';
import { TokenStore } from './token-store.js';
import type {
  RecordedRequest,
  ZoomEmulator,
  ZoomEmulatorOptions,
} from './types.js';

/**
 * Starts the emulator on 127.0.0.1 and resolves once it is listening.
 *
 * @example
 * const zoom = await startZoomEmulator({ credentials, sessions });
 * // point the client's OAuth and API base URLs at zoom.url
 * await zoom.stop();
 */
export async function startZoomEmulator(
  options: ZoomEmulatorOptions,
): Promise<ZoomEmulator> {
  const now = options.now ?? (() => new Date());
  const tokens = new TokenStore(
    options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    now,
  );
  const pages = new PageTokenStore();
  const data = new EmulatorDataSet(options.sessions ?? []);
  const requests: RecordedRequest[] = [];
  let url = '';

  const route = (req: IncomingMessage, path: string, params: Params) => {
    const authorization = req.headers.authorization;
    if (req.method === 'POST' && path === TOKEN_PATH) {
      const request = { params, authorization };
      return issueToken(request, options.credentials, tokens, url);
    }
    if (req.method === 'GET' && path === SESSIONS_PATH) {
      if (!tokens.isValid(bearerToken(authorization))) {
        return { reply: ERRORS.invalidAccessToken, authorized: false };
      }
      const reply = listSessions(params, data, pages, now());
      return { reply, authorized: true };
    }

    return { reply: ERRORS.notFound, authorized: false };
  };

  const server = createServer((req, res) => {
    // Bodies are never read, but draining them keeps keep-alive working.
    req.resume();
    const target = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params: Params = Object.fromEntries(target.searchParams);

    let answer: { reply: Reply; authorized: boolean };
    try {
      answer = route(req, target.pathname, params);
    } catch {
      answer = { reply: ERRORS.internal, authorized: false };
    }

    requests.push({
      method: req.method ?? '',
      path: target.pathname,
      query: { ...params },
      status: answer.reply.status,
      at: now(),
      authorized: answer.authorized,
    });
    sendJson(res, answer.reply);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    data,
    get tokensIssued() {
      return tokens.issued;
    },
    revokeTokens: () => tokens.revokeAll(),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; close() alone would wait for them.
        server.closeAllConnections();
      }),
  };
}

type Params = Record<string, string>;

function sendJson(res: ServerResponse, reply: Reply): void {
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
