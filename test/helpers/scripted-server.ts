import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedAnswer {
  status?: number;
  body: string | object;
}

/**
 * An HTTP server that answers each request with the next scripted answer
 * (the last one repeats), for shapes of answer the Zoom emulator never
 * gives: repeated page tokens, broken JSON, wrong field types.
 */
export const startScriptedServer = async (
  answers: (request: IncomingMessage) => ScriptedAnswer,
) => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const answer = answers(req);
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
    res.end(
      typeof answer.body === 'string'
        ? answer.body
        : JSON.stringify(answer.body),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
};
