import { ERRORS, type Reply } from './errors.js';
import {
  type PageCursor,
  type PageTokenStore,
  queryFingerprint,
} from './page-tokens.js';
import { parseSessionQuery } from './query.js';
import type { SelectionCache } from './selection-cache.js';

export interface ListingContext {
  pages: PageTokenStore;
  cache: SelectionCache;
  now: Date;
  /**
   * Turns the next page's cursor into its token. The server stores it;
   * a preview (for a truncated body) does not, so paging stays put.
   */
  issue: (cursor: PageCursor) => string;
  /** Told once the request is known to get a page, before it is read. */
  beforePage?: (page: { pageNumber: number; hasPageToken: boolean }) => void;
}

/**
 * Answers `GET /v2/phone/sms/sessions` for an authorized caller. The
 * reply holds the stored records themselves: serialize it at once.
 *
 * Paging is offset-based over the live data set, as a real API's is: a
 * session added or removed between two pages shifts what the next page
 * holds. The last page carries an empty `next_page_token`.
 */
export function listSessions(
  params: Record<string, string>,
  context: ListingContext,
): Reply {
  const fingerprint = queryFingerprint(params);
  const token = params.next_page_token;
  const hasPageToken = token !== undefined && token !== '';
  let cursor: PageCursor;
  if (hasPageToken) {
    const found = context.pages.resolve(token, fingerprint);
    if (found === undefined) return ERRORS.invalidPageToken;

    cursor = found;
  } else {
    const parsed = parseSessionQuery(params, context.now);
    if (!parsed.ok) return parsed.reply;

    cursor = { fingerprint, offset: 0, query: parsed.query, page: 1 };
  }

  context.beforePage?.({ pageNumber: cursor.page, hasPageToken });
  const { offset, query } = cursor;
  const selected = context.cache.select(query);
  // Not copied: the reply is serialized before anything can change it,
  // and a copy of every page cost more than the rest of the request.
  const page = selected.slice(offset, offset + query.pageSize);
  const nextOffset = offset + page.length;
  const nextPageToken =
    nextOffset < selected.length
      ? context.issue({
          fingerprint,
          offset: nextOffset,
          query,
          page: cursor.page + 1,
        })
      : '';

  return {
    status: 200,
    body: {
      next_page_token: nextPageToken,
      page_size: query.pageSize,
      sms_sessions: page,
    },
  };
}
