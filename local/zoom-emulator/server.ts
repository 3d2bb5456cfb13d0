// Hand-written on node:http: no library emulates Zoom's contract.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESSIONS_PATH, TOKEN_PATH } from './constants.js';
import { answerLater } from './delayed-answer.js';
import { createState, type EmulatorState } from './emulator-state.js';
import { ERRORS } from './errors.js';
import type { FaultEndpoint, ZoomFault } from './fault-types.js';
import { answerSessions } from './sessions-endpoint.js';
import { answerToken } from './token-endpoint.js';
import type {
  RecordedRequest,
  ZoomEmulator,
  ZoomEmulatorOptions,
} from './types.js';
import { type Answer, jsonWire, send } from './wire.js';

/** The logged status of a request whose client left before its answer. */
const CLIENT_CLOSED = 499;

/**
 * Starts the emulator on 127.0.0.1 and resolves once it is listening.
 *
 * @example
 * const zoom = await startZoomEmulator({ credentials, sessions });
 * // point the client's OAuth and API base URLs at zoom.url
 * zoom.injectFault({ kind: 'rate_limit_qps' }, { skip: 2 });
 * await zoom.stop();
 */
export async function startZoomEmulator(
  options: ZoomEmulatorOptions,
): Promise<ZoomEmulator> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let emulator: ZoomEmulator | undefined;
  const state = createState(options, () => emulator?.onSessionsRequest);

  const server = createServer((req, res) => {
    // Bodies are never read, but draining them keeps keep-alive working.
    req.resume();
    const target = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params: Record<string, string> = Object.fromEntries(
      target.searchParams,
    );
    const endpoint = endpointOf(req.method, target.pathname);
    const fault =
      endpoint === undefined ? undefined : state.faults.take(endpoint);
    const requestIndex =
      endpoint === 'sessions' ? state.sessionsReceived++ : -1;

    const record = (status: number, authorized: boolean) =>
      requests.push({
        method: req.method ?? '',
        path: target.pathname,
        query: { ...params },
        status,
        at: state.now(),
        authorized,
      });
    const respond = () => {
      let answer: Answer;
      try {
        answer = route(req, endpoint, { params, fault, requestIndex }, state);
      } catch {
        answer = { wire: jsonWire(ERRORS.internal), authorized: false };
      }
      record(answer.wire.status, answer.authorized);
      send(res, answer.wire);
    };

    const delayMs =
      (endpoint === 'sessions' ? state.latencyMs : 0) +
      (fault?.kind === 'slow' ? fault.delayMs : 0);
    if (delayMs === 0) {
      respond();
    } else {
      answerLater(res, delayMs, timers, respond, () =>
        record(CLIENT_CLOSED, false),
      );
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  emulator = publicFace(state, requests, () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();

    return new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // fetch keeps connections alive; close() alone would wait for them.
      server.closeAllConnections();
    });
  });

  return emulator;
}

function endpointOf(
  method: string | undefined,
  path: string,
): FaultEndpoint | undefined {
  if (method === 'POST' && path === TOKEN_PATH) return 'oauth';
  if (method === 'GET' && path === SESSIONS_PATH) return 'sessions';

  return undefined;
}

function route(
  req: IncomingMessage,
  endpoint: FaultEndpoint | undefined,
  request: {
    params: Record<string, string>;
    fault: ZoomFault | undefined;
    requestIndex: number;
  },
  state: EmulatorState,
): Answer {
  const authorization = req.headers.authorization;
  if (endpoint === 'oauth') {
    const { params, fault } = request;
    return answerToken({ params, authorization }, fault, state);
  }
  if (endpoint === 'sessions') {
    return answerSessions({ ...request, authorization }, state);
  }

  return { wire: jsonWire(ERRORS.notFound), authorized: false };
}

function publicFace(
  state: EmulatorState,
  requests: RecordedRequest[],
  stop: () => Promise<void>,
): ZoomEmulator {
  return {
    url: state.url,
    requests,
    data: state.data,
    get tokensIssued() {
      return state.tokens.issued;
    },
    revokeTokens: () => state.tokens.revokeAll(),
    injectFault: (fault, options) => state.faults.add(fault, options),
    clearFaults: () => state.faults.clear(),
    get faultsApplied() {
      return state.faults.applied;
    },
    get rateLimited() {
      return state.rateLimited;
    },
    stop,
  };
}
