import { randomBytes } from 'node:crypto';
import type { SessionQuery } from './query.js';

/** Where a listing stands: the query it belongs to and the next offset. */
export interface PageCursor {
  fingerprint: string;
  offset: number;
  /**
   * The query as resolved on the first page. Kept so that the default
   * 30-day range does not move under a listing while the clock runs.
   */
  query: SessionQuery;
}

/**
 * Maps each opaque `next_page_token` to its cursor. A token may be sent
 * again (a client retrying a page after a 429 does), but only with the
 * exact query of the listing it came from.
 */
export class PageTokenStore {
  readonly #cursors = new Map<string, PageCursor>();

  issue(cursor: PageCursor): string {
    const token = randomBytes(24).toString('base64url');
    this.#cursors.set(token, cursor);

    return token;
  }

  /** The token's cursor, or undefined when unknown or sent for another query. */
  resolve(token: string, fingerprint: string): PageCursor | undefined {
    const cursor = this.#cursors.get(token);
    return cursor?.fingerprint === fingerprint ? cursor : undefined;
  }
}

/** Identifies a listing: every query parameter except the page token. */
export function queryFingerprint(params: Record<string, string>): string {
  const entries = Object.entries(params)
    .filter(([name]) => name !== 'next_page_token')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  return JSON.stringify(entries);
}
