import type { ZoomSmsSession } from '../../functions/sync/zoom/schema.js';
import type { SessionQuery } from './query.js';
import { parseRecordTime } from './time.js';

interface Candidate {
  session: ZoomSmsSession;
  time: number | undefined;
}

/**
 * The sessions a query lists, in Zoom's order: last_access_time
 * descending, then session_id.
 *
 * A session without a parseable last_access_time is Zoom data a sync must
 * not lose, so no date range excludes it; it is listed after the dated
 * ones. Bounds are compared in whole seconds, Zoom's resolution.
 */
export function selectSessions(
  sessions: readonly ZoomSmsSession[],
  query: SessionQuery,
): ZoomSmsSession[] {
  const from = toSeconds(query.fromMs);
  const to = toSeconds(query.toMs);

  return sessions
    .map((session) => ({
      session,
      time: parseRecordTime(session.last_access_time),
    }))
    .filter(
      ({ session, time }) =>
        matchesType(session, query) &&
        matchesPhone(session, query) &&
        (time === undefined ||
          (toSeconds(time) >= from && toSeconds(time) <= to)),
    )
    .sort(compareCandidates)
    .map(({ session }) => session);
}

const toSeconds = (ms: number): number => Math.floor(ms / 1000);

function matchesType(session: ZoomSmsSession, query: SessionQuery): boolean {
  return (
    query.sessionType === 'all' || session.session_type === query.sessionType
  );
}

function matchesPhone(session: ZoomSmsSession, query: SessionQuery): boolean {
  if (query.phoneNumber === undefined) return true;

  const participants = Array.isArray(session.participants)
    ? session.participants
    : [];
  return participants.some((p) => p?.phone_number === query.phoneNumber);
}

function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.time !== b.time) {
    if (a.time === undefined) return 1;
    if (b.time === undefined) return -1;
    return b.time - a.time;
  }

  const idA = a.session.session_id ?? '';
  const idB = b.session.session_id ?? '';
  if (idA === idB) return 0;
  return idA < idB ? -1 : 1;
}
