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
  /** The page number of the listing that this cursor fetches. */
  page: number;
}

interface StoredCursor extends PageCursor {
  issuedAtMs: number;
}

/**
 * Maps each opaque `next_page_token` to its cursor. A token may be sent
 * again (a client retrying a page after a 429 does), but only with the
 * exact query of the listing it came from, and, when a lifetime is set,
 * only until it is older than that by the emulator's clock.
 */
export class PageTokenStore {
  readonly #cursors = new Map<string, StoredCursor>();
  readonly #now: () => Date;
  readonly #ttlMs: number;

  constructor(now: () => Date, ttlMs = Number.POSITIVE_INFINITY) {
    if (Number.isNaN(ttlMs) || ttlMs < 0) {
      throw new RangeError(`pageTokenTtlMs must be >= 0, got ${ttlMs}`);
    }
    this.#now = now;
    this.#ttlMs = ttlMs;
  }

  issue(cursor: PageCursor): string {
    const token = randomBytes(24).toString('base64url');
    this.#cursors.set(token, {
      ...cursor,
      issuedAtMs: this.#now().getTime(),
    });

    return token;
  }

  /**
   * The token's cursor, or undefined when unknown, sent for another
   * query or expired: Zoom answers all three with the same 400.
   */
  resolve(token: string, fingerprint: string): PageCursor | undefined {
    const cursor = this.#cursors.get(token);
    if (cursor?.fingerprint !== fingerprint) return undefined;
    if (this.#now().getTime() - cursor.issuedAtMs > this.#ttlMs) {
      return undefined;
    }

    return cursor;
  }
}

/** A token that looks issued but resolves to nothing: for previews. */
export function unstoredToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Identifies a listing: every query parameter except the page token. */
export function queryFingerprint(params: Record<string, string>): string {
  const entries = Object.entries(params)
    .filter(([name]) => name !== 'next_page_token')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  return JSON.stringify(entries);
}
