import { type EmulatorDataSet, storedSessions } from './data-set.js';
import { ERRORS, type Reply } from './errors.js';
import { type PageTokenStore, queryFingerprint } from './page-tokens.js';
import { parseSessionQuery, type SessionQuery } from './query.js';
import { selectSessions } from './select.js';

/**
 * Answers `GET /v2/phone/sms/sessions` for an authorized caller.
 *
 * Paging is offset-based over the live data set, as a real API's is: a
 * session added or removed between two pages shifts what the next page
 * holds. The last page carries an empty `next_page_token`.
 */
export function listSessions(
  params: Record<string, string>,
  data: EmulatorDataSet,
  pages: PageTokenStore,
  now: Date,
): Reply {
  const fingerprint = queryFingerprint(params);
  let query: SessionQuery;
  let offset = 0;

  const token = params.next_page_token;
  if (token !== undefined && token !== '') {
    const cursor = pages.resolve(token, fingerprint);
    if (cursor === undefined) return ERRORS.invalidPageToken;

    query = cursor.query;
    offset = cursor.offset;
  } else {
    const parsed = parseSessionQuery(params, now);
    if (!parsed.ok) return parsed.reply;

    query = parsed.query;
  }

  const selected = selectSessions(storedSessions(data), query);
  const page = structuredClone(selected.slice(offset, offset + query.pageSize));
  const nextOffset = offset + page.length;
  const nextPageToken =
    nextOffset < selected.length
      ? pages.issue({ fingerprint, offset: nextOffset, query })
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
