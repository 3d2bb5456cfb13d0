import { describe, expect, it } from 'vitest';
import type {
  SessionCandidate,
  StoredView,
} from '../../../../functions/sync/store/session-item.js';
import { decide } from '../../../../functions/sync/sync/decide.js';

const T = Date.UTC(2026, 2, 1, 10, 0, 0);
const NOW = new Date(T).toISOString();
const DAY_MS = 86_400_000;

const candidate = (hash: string, lastAccessMs: number): SessionCandidate => ({
  sessionId: 'IQ-1',
  record: { session_id: 'IQ-1' },
  contentHash: hash,
  lastAccessMs,
});

const stored = (hash: string, lastAccessMs: number): StoredView => ({
  contentHash: hash,
  lastAccessMs,
  firstSeenAt: '2026-01-01T00:00:00.000Z',
});

describe('decide', () => {
  it('inserts a session the table does not hold', () => {
    expect(decide(candidate('h1', T), undefined, NOW)).toBe('insert');
  });

  it.each([
    ['at the same time', T],
    ['even when the listed view looks older', T - 1],
    ['even when the listed view looks newer', T + 1],
  ])('leaves a session with the stored hash unchanged %s', (_name, ms) => {
    expect(decide(candidate('h1', ms), stored('h1', T), NOW)).toBe('unchanged');
  });

  it('updates a session whose content changed at a later time', () => {
    expect(decide(candidate('h2', T + 1), stored('h1', T), NOW)).toBe('update');
  });

  it('updates a session whose content changed at the same time', () => {
    expect(decide(candidate('h2', T), stored('h1', T), NOW)).toBe('update');
  });

  it('calls an older view with other content stale, never an update', () => {
    expect(decide(candidate('h2', T - 1), stored('h1', T), NOW)).toBe('stale');
  });

  it('calls a view without a time stale against a timed item', () => {
    expect(decide(candidate('h2', 0), stored('h1', T), NOW)).toBe('stale');
  });

  it('replaces an item stamped over a day ahead of now as a bad value', () => {
    const ahead = stored('h1', T + DAY_MS + 1);

    expect(decide(candidate('h2', T), ahead, NOW)).toBe('update');
  });

  it('still calls an older view stale against an item up to a day ahead', () => {
    const ahead = stored('h1', T + DAY_MS);

    expect(decide(candidate('h2', T), ahead, NOW)).toBe('stale');
  });
});
