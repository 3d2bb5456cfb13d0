import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../../functions/sync/sync/content-hash.js';
import {
  isNewerView,
  preparePage,
} from '../../../../functions/sync/sync/prepare-page.js';

const session = (id: string, time: string, extra: object = {}) => ({
  session_id: id,
  session_type: 'user',
  last_access_time: time,
  ...extra,
});

const EARLY = '2026-03-01T10:00:00Z';
const LATE = '2026-03-01T11:00:00Z';

describe('preparePage', () => {
  it('makes one candidate per record, with hash and time', () => {
    const record = session('IQ-1', EARLY);
    const { candidates, skipped } = preparePage([record]);

    expect(skipped).toEqual([]);
    expect(candidates).toEqual([
      {
        sessionId: 'IQ-1',
        record,
        contentHash: contentHash(record),
        lastAccessMs: Date.parse(EARLY),
      },
    ]);
  });

  it('returns nothing for an empty page', () => {
    expect(preparePage([])).toEqual({ candidates: [], skipped: [] });
  });

  it('keeps the newest view of a session listed twice, in either order', () => {
    const old = session('IQ-1', EARLY, { note: 'old' });
    const fresh = session('IQ-1', LATE, { note: 'new' });

    for (const page of [
      [old, fresh],
      [fresh, old],
    ]) {
      const { candidates } = preparePage(page);

      expect(candidates).toHaveLength(1);
      expect(candidates[0]?.record).toEqual(fresh);
    }
  });

  it('picks the same view of two with equal times, whatever their order', () => {
    const a = session('IQ-1', EARLY, { note: 'a' });
    const b = session('IQ-1', EARLY, { note: 'b' });

    const first = preparePage([a, b]).candidates;
    const second = preparePage([b, a]).candidates;

    expect(first).toHaveLength(1);
    expect(second).toEqual(first);
  });

  it('keeps distinct sessions apart, in the order first listed', () => {
    const { candidates } = preparePage([
      session('IQ-2', EARLY),
      session('IQ-1', EARLY),
      session('IQ-2', LATE),
    ]);

    expect(candidates.map((c) => c.sessionId)).toEqual(['IQ-2', 'IQ-1']);
  });

  it.each([
    ['without session_id', { session_type: 'user' }],
    ['with an empty session_id', { session_id: '', session_type: 'user' }],
  ])('skips a record %s as missing_session_id', (_name, record) => {
    const { candidates, skipped } = preparePage([
      session('IQ-1', EARLY),
      record,
    ]);

    expect(candidates.map((c) => c.sessionId)).toEqual(['IQ-1']);
    expect(skipped).toEqual([
      { reason: 'missing_session_id', index: 1, detail: 'no session_id' },
    ]);
  });

  it.each([
    ['a numeric session_id', 'session_id', { session_id: 7 }],
    [
      'a numeric last_access_time',
      'last_access_time',
      { session_id: 'IQ-9', last_access_time: 1 },
    ],
    [
      'participants that are not a list',
      'participants',
      { session_id: 'IQ-9', participants: 'Ann' },
    ],
    [
      'a participant with a numeric phone number',
      'participants.0.phone_number',
      { session_id: 'IQ-9', participants: [{ phone_number: 15550001 }] },
    ],
    ['null', 'record', null],
    ['a string', 'record', 'IQ-9'],
  ])('skips %s as invalid_record naming "%s"', (_name, field, record) => {
    const { candidates, skipped } = preparePage([record]);

    expect(candidates).toEqual([]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ reason: 'invalid_record', index: 0 });
    expect(skipped[0]?.detail).toContain(`field "${field}"`);
  });

  it('keeps fields it does not know in the candidate record', () => {
    const record = session('IQ-1', EARLY, {
      direction: 'inbound',
      labels: ['vip'],
      participants: [{ phone_number: '+15550001', carrier: { name: 'X' } }],
    });
    const { candidates } = preparePage([record]);

    expect(candidates[0]?.record).toEqual(record);
  });

  it('takes 0 as the time of a record without a readable one', () => {
    const { candidates } = preparePage([
      { session_id: 'IQ-1' },
      session('IQ-2', 'yesterday'),
    ]);

    expect(candidates.map((c) => c.lastAccessMs)).toEqual([0, 0]);
  });

  it('does not let a view without a time replace a timed one', () => {
    const timed = session('IQ-1', EARLY);
    const { candidates } = preparePage([timed, { session_id: 'IQ-1' }]);

    expect(candidates[0]?.record).toEqual(timed);
  });
});

describe('isNewerView', () => {
  const other = { lastAccessMs: 1, contentHash: 'm' };

  it.each([
    [true, 'a later time', { lastAccessMs: 2, contentHash: 'a' }],
    [false, 'an earlier time', { lastAccessMs: 0, contentHash: 'z' }],
    [
      true,
      'an equal time and a greater hash',
      { lastAccessMs: 1, contentHash: 'n' },
    ],
    [
      false,
      'an equal time and a smaller hash',
      { lastAccessMs: 1, contentHash: 'l' },
    ],
    [false, 'the same time and hash', { lastAccessMs: 1, contentHash: 'm' }],
  ])('answers %s for a view with %s', (expected, _name, view) => {
    expect(isNewerView(view, other)).toBe(expected);
  });
});
