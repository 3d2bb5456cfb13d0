import type { ServerResponse } from 'node:http';
import type { Reply } from './errors.js';

/** An answer as it goes on the wire: status, headers and body text. */
export interface WireReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A reply and whether the request was authorized, for the request log. */
export interface Answer {
  wire: WireReply;
  /** Valid client credentials on `/oauth/token`, a live token elsewhere. */
  authorized: boolean;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** A JSON reply, with extra headers such as a 429's rate-limit ones. */
export function jsonWire(
  reply: Reply,
  headers: Record<string, string> = {},
): WireReply {
  return {
    status: reply.status,
    headers: { 'content-type': JSON_TYPE, ...headers },
    body: JSON.stringify(reply.body),
  };
}

/** Any text, sent with the JSON content type: bodies a client must reject. */
export function jsonTypedText(status: number, body: string): WireReply {
  return { status, headers: { 'content-type': JSON_TYPE }, body };
}

export function htmlWire(status: number, body: string): WireReply {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body,
  };
}

/**
 * Writes the reply unless the client has gone: after a delay the socket
 * may be closed, and writing to it then would only raise an error.
 */
export function send(res: ServerResponse, reply: WireReply): void {
  if (res.destroyed || res.writableEnded) return;

  res.writeHead(reply.status, {
    ...reply.headers,
    'content-length': Buffer.byteLength(reply.body),
  });
  res.end(reply.body);
}
