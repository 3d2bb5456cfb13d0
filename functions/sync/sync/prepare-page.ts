import type { SessionCandidate } from '../store/session-item.js';
import { zoomSmsSessionSchema } from '../zoom/schema.js';
import { parseZoomTime } from '../zoom/time-format.js';
import { contentHash } from './content-hash.js';

/** Why a listed record was not synced. */
export type SkipReason = 'missing_session_id' | 'invalid_record' | 'unstorable';

export interface SkippedRecord {
  reason: SkipReason;
  index: number;
  detail: string;
}

export interface PreparedPage {
  candidates: SessionCandidate[];
  skipped: SkippedRecord[];
}

/** DynamoDB takes partition keys of up to 2048 bytes. */
const MAX_ID_BYTES = 2048;

/**
 * True when `a` is a newer view of a session than `b`. Equal times are
 * broken by the hash, so that every run picks the same one of two views
 * listed in one page.
 */
export const isNewerView = (
  a: Pick<SessionCandidate, 'lastAccessMs' | 'contentHash'>,
  b: Pick<SessionCandidate, 'lastAccessMs' | 'contentHash'>,
): boolean =>
  a.lastAccessMs > b.lastAccessMs ||
  (a.lastAccessMs === b.lastAccessMs && a.contentHash > b.contentHash);

const checkId = (id: string | null | undefined): string | undefined => {
  if (id === undefined || id === null || id === '') return 'no session_id';

  if (Buffer.byteLength(id) > MAX_ID_BYTES) {
    return `session_id is longer than ${MAX_ID_BYTES} bytes`;
  }

  return undefined;
};

/**
 * Validates the records of one page and keeps one candidate per session id,
 * the newest (Zoom may list a session twice in one page).
 */
export const preparePage = (records: readonly unknown[]): PreparedPage => {
  const byId = new Map<string, SessionCandidate>();
  const skipped: SkippedRecord[] = [];

  records.forEach((raw, index) => {
    const parsed = zoomSmsSessionSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'record';
      skipped.push({
        reason: 'invalid_record',
        index,
        detail: `field "${field}": ${issue?.message ?? 'invalid'}`,
      });
      return;
    }

    const record = parsed.data;
    const idProblem = checkId(record.session_id);
    if (idProblem !== undefined || !record.session_id) {
      const reason = record.session_id
        ? 'invalid_record'
        : 'missing_session_id';
      skipped.push({ reason, index, detail: idProblem ?? 'no session_id' });
      return;
    }

    const candidate: SessionCandidate = {
      sessionId: record.session_id,
      record,
      contentHash: contentHash(record),
      lastAccessMs: parseZoomTime(record.last_access_time) ?? 0,
    };
    const other = byId.get(candidate.sessionId);
    if (other === undefined || isNewerView(candidate, other)) {
      byId.set(candidate.sessionId, candidate);
    }
  });

  return { candidates: [...byId.values()], skipped };
};
