import { describe, expect, it } from 'vitest';
import {
  type SessionCandidate,
  toItem,
  toStoredView,
} from '../../../../functions/sync/store/session-item.js';

const candidate: SessionCandidate = {
  sessionId: 'IQ-1',
  record: {
    session_id: 'IQ-1',
    session_type: 'user',
    direction: 'inbound',
  },
  contentHash: 'hash-1',
  lastAccessMs: 1_772_359_200_000,
};

describe('toItem', () => {
  it("holds Zoom's fields, unknown ones included, and the bookkeeping", () => {
    expect(
      toItem(candidate, '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z'),
    ).toEqual({
      session_id: 'IQ-1',
      session_type: 'user',
      direction: 'inbound',
      content_hash: 'hash-1',
      last_access_ms: 1_772_359_200_000,
      first_seen_at: '2026-01-01T00:00:00Z',
      changed_at: '2026-03-01T00:00:00Z',
    });
  });

  it('is the same item for the same candidate and times', () => {
    const times = ['2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z'] as const;

    expect(toItem(candidate, ...times)).toEqual(toItem(candidate, ...times));
  });

  it('keys the item by the candidate id whatever the record says', () => {
    const odd = { ...candidate, record: { session_id: 'other' } };

    expect(toItem(odd, 'a', 'b').session_id).toBe('IQ-1');
  });

  it('lets bookkeeping win over a Zoom field of the same name', () => {
    const clash = {
      ...candidate,
      record: { session_id: 'IQ-1', content_hash: 'from-zoom' },
    };

    expect(toItem(clash, 'a', 'b').content_hash).toBe('hash-1');
  });
});

describe('toStoredView', () => {
  it('reads the bookkeeping of an item', () => {
    const item = toItem(candidate, '2026-01-01T00:00:00Z', 'now');

    expect(toStoredView(item)).toEqual({
      contentHash: 'hash-1',
      lastAccessMs: 1_772_359_200_000,
      firstSeenAt: '2026-01-01T00:00:00Z',
    });
  });

  it('returns undefined for no item', () => {
    expect(toStoredView(undefined)).toBeUndefined();
  });

  it('reads an item without bookkeeping as empty, never as a match', () => {
    expect(toStoredView({ session_id: 'IQ-1', content_hash: 7 })).toEqual({
      contentHash: '',
      lastAccessMs: 0,
      firstSeenAt: '',
    });
  });
});
