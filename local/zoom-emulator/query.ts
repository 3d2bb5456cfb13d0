import {
  FILTER_TYPES,
  type FilterType,
  SESSION_TYPES,
  type SessionType,
} from '../../functions/sync/zoom/schema.js';
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_RANGE_DAYS,
  MAX_PAGE_SIZE,
  MAX_RANGE_DAYS,
} from './constants.js';
import { ERRORS, invalidParameter, type Reply } from './errors.js';
import { DAY_MS, parseQueryTime } from './time.js';

/** A validated `GET /phone/sms/sessions` query, defaults filled in. */
export interface SessionQuery {
  pageSize: number;
  sessionType: SessionType;
  /** Checked, then ignored: every filter type applies to last_access_time. */
  filterType: FilterType;
  /** Inclusive bounds on last_access_time, in ms since the epoch. */
  fromMs: number;
  toMs: number;
  phoneNumber?: string;
}

export type ParsedQuery =
  | { ok: true; query: SessionQuery }
  | { ok: false; reply: Reply };

const TIME_FORMATS = "yyyy-mm-dd or yyyy-MM-dd'T'HH:mm:ss'Z'";

const fail = (reply: Reply): ParsedQuery => ({ ok: false, reply });

function isOneOf<T extends string>(
  values: readonly T[],
  value: string,
): value is T {
  return (values as readonly string[]).includes(value);
}

/**
 * Validates the query the way the emulator's contract says Zoom does,
 * answering the first problem found with a 400 that names the parameter.
 */
export function parseSessionQuery(
  params: Record<string, string>,
  now: Date,
): ParsedQuery {
  const pageSizeText = params.page_size ?? String(DEFAULT_PAGE_SIZE);
  const pageSize = Number(pageSizeText);
  if (!/^\d+$/.test(pageSizeText) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    return fail(
      invalidParameter(
        `page_size must be an integer from 1 to ${MAX_PAGE_SIZE}.`,
      ),
    );
  }

  const sessionType = params.session_type ?? 'user';
  if (!isOneOf(SESSION_TYPES, sessionType)) {
    return fail(ERRORS.invalidSessionType);
  }

  const filterType = params.filter_type ?? 'last_message_time';
  if (!isOneOf(FILTER_TYPES, filterType)) {
    return fail(
      invalidParameter(
        `filter_type must be one of ${FILTER_TYPES.join(', ')}.`,
      ),
    );
  }

  const range = parseRange(params.from, params.to, now);
  if ('reply' in range) return fail(range.reply);

  const query: SessionQuery = { pageSize, sessionType, filterType, ...range };
  if (params.phone_number !== undefined && params.phone_number !== '') {
    query.phoneNumber = params.phone_number;
  }

  return { ok: true, query };
}

function parseRange(
  from: string | undefined,
  to: string | undefined,
  now: Date,
): { fromMs: number; toMs: number } | { reply: Reply } {
  if (from === undefined && to === undefined) {
    const toMs = now.getTime();
    return { fromMs: toMs - DEFAULT_RANGE_DAYS * DAY_MS, toMs };
  }
  if (to === undefined) {
    return { reply: invalidParameter('to is required when from is given.') };
  }
  // Zoom documents only the other way round; a lone `to` is ambiguous, so
  // the emulator refuses it rather than guess a start.
  if (from === undefined) {
    return { reply: invalidParameter('from is required when to is given.') };
  }

  const fromMs = parseQueryTime(from, 'start');
  if (fromMs === undefined) {
    return { reply: invalidParameter(`from must be ${TIME_FORMATS}.`) };
  }
  const toMs = parseQueryTime(to, 'end');
  if (toMs === undefined) {
    return { reply: invalidParameter(`to must be ${TIME_FORMATS}.`) };
  }
  if (toMs < fromMs) {
    return { reply: invalidParameter('to must not be before from.') };
  }
  if (toMs - fromMs > MAX_RANGE_DAYS * DAY_MS) {
    return {
      reply: invalidParameter(
        `from and to must be at most ${MAX_RANGE_DAYS} days apart.`,
      ),
    };
  }

  return { fromMs, toMs };
}
