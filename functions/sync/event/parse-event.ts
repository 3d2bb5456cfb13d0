import { z } from 'zod';
import { InvalidEventError } from '../errors.js';
import { addMonths } from '../sync/windows.js';
import { SESSION_TYPES, type SessionType } from '../zoom/schema.js';
import type { SyncRequest } from './sync-request.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The longest manual range: two years is 24 month windows, well inside
 * Zoom's daily budget; a longer backfill is several invocations.
 */
const MAX_RANGE_MONTHS = 24;

const MANUAL_KEYS = ['from', 'to', 'phone_number', 'session_type', 'dry_run'];

/** The keys a manual event may carry; any other key is refused. */
const manualEventSchema = z.strictObject({
  from: z.string().optional(),
  to: z.string().optional(),
  phone_number: z
    .string()
    .regex(/^\+?\d{3,20}$/, 'must be 3 to 20 digits, optionally after a "+"')
    .optional(),
  session_type: z
    .enum(SESSION_TYPES, {
      error: `must be one of ${SESSION_TYPES.join(', ')}`,
    })
    .optional(),
  dry_run: z.boolean().optional(),
});

type ManualEvent = z.infer<typeof manualEventSchema>;

/** EventBridge rules and Scheduler's templated targets send events like this. */
const isScheduledEvent = (event: object): boolean =>
  'detail-type' in event && event['detail-type'] === 'Scheduled Event';

/** A key as it may appear in a message: quoted, and cut short if long. */
const shown = (key: string) => (key.length > 40 ? `${key.slice(0, 40)}…` : key);

const fail = (field: string, problem: string): never => {
  throw new InvalidEventError(`Invalid event: "${field}" ${problem}.`, field);
};

/**
 * Reads a time given as `yyyy-mm-dd` or an ISO 8601 date-time with a zone.
 * A date alone means the start of that day in UTC, or its last second when
 * it is the end of a range, so that `to: 2026-10-31` includes the 31st.
 */
const parseTime = (field: 'from' | 'to', value: string): Date => {
  const dateOnly = DATE_ONLY.test(value);
  if (!dateOnly && !DATE_TIME.test(value)) {
    fail(
      field,
      'must be yyyy-mm-dd or an ISO 8601 time with a zone, such as 2026-10-01T00:00:00Z',
    );
  }

  const time = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  // Date takes 2026-02-30 for 2 March: the calendar day must round-trip.
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const calendarDay = new Date(0);
  calendarDay.setUTCFullYear(year ?? 0, (month ?? 0) - 1, day);
  if (
    Number.isNaN(time.getTime()) ||
    calendarDay.toISOString().slice(0, 10) !== value.slice(0, 10)
  ) {
    fail(field, `is not a real date and time: ${JSON.stringify(value)}`);
  }

  return dateOnly && field === 'to'
    ? new Date(time.getTime() + 86_399_000)
    : time;
};

const firstIssue = (error: z.ZodError): never => {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const key = shown(issue.keys[0] ?? 'event');
    fail(key, `is not a known key (use ${MANUAL_KEYS.join(', ')})`);
  }

  const field = String(issue?.path[0] ?? 'event');
  const given =
    issue?.input === undefined
      ? ''
      : `, not ${shown(JSON.stringify(issue.input))}`;
  return fail(
    field,
    `${issue?.message.replace(/^Invalid input: /, 'is invalid: ') ?? 'is invalid'}${given}`,
  );
};

/**
 * Validates an invocation event and turns it into a SyncRequest. An empty
 * event, or a scheduled event from EventBridge, is the scheduled incremental
 * run; anything else is a manual pull and must name only known keys.
 */
export const parseSyncEvent = (
  event: unknown,
  now: Date,
  defaultSessionType: SessionType,
): SyncRequest => {
  if (event === undefined || event === null) {
    return {
      mode: 'incremental',
      sessionType: defaultSessionType,
      dryRun: false,
    };
  }

  if (typeof event !== 'object' || Array.isArray(event)) {
    return fail('event', 'must be a JSON object');
  }

  if (isScheduledEvent(event)) {
    return {
      mode: 'incremental',
      sessionType: defaultSessionType,
      dryRun: false,
    };
  }

  const parsed = manualEventSchema.safeParse(event, { reportInput: true });
  if (!parsed.success) return firstIssue(parsed.error);

  return toRequest(parsed.data, now, defaultSessionType);
};

const toRequest = (
  event: ManualEvent,
  now: Date,
  defaultSessionType: SessionType,
): SyncRequest => {
  if (event.from !== undefined && event.to === undefined) {
    fail('to', 'is required when "from" is given');
  }

  if (event.to !== undefined && event.from === undefined) {
    fail('from', 'is required when "to" is given');
  }

  // Any key but dry_run makes a manual pull, which leaves the watermark.
  const request: SyncRequest = {
    mode:
      event.from !== undefined ||
      event.phone_number !== undefined ||
      event.session_type !== undefined
        ? 'manual'
        : 'incremental',
    sessionType: event.session_type ?? defaultSessionType,
    dryRun: event.dry_run ?? false,
  };

  if (event.phone_number !== undefined)
    request.phoneNumber = event.phone_number;

  if (event.from !== undefined && event.to !== undefined) {
    const from = parseTime('from', event.from);
    const to = parseTime('to', event.to);
    if (to < from) {
      fail('to', `(${event.to}) is before "from" (${event.from})`);
    }

    if (from > now) fail('from', `is in the future (${event.from})`);

    if (from < addMonths(to, -MAX_RANGE_MONTHS)) {
      fail(
        'from',
        `is more than ${MAX_RANGE_MONTHS} months before "to"; pull a longer range in parts`,
      );
    }

    request.range = { from, to: to > now ? now : to };
  }

  return request;
};
