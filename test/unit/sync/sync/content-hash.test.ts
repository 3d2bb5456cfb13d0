import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../../functions/sync/sync/content-hash.js';

const session = {
  session_id: 'IQ-abc',
  session_type: 'user',
  last_access_time: '2026-03-01T10:00:00Z',
  participants: [
    { display_name: 'Ann', phone_number: '+15550001' },
    { display_name: 'Bob', phone_number: '+15550002' },
  ],
};

describe('contentHash', () => {
  it('is the same for the same content', () => {
    expect(contentHash(session)).toBe(contentHash(structuredClone(session)));
  });

  it('is a base64url SHA-256 digest', () => {
    expect(contentHash(session)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('ignores the order of keys, at every level', () => {
    const reordered = {
      participants: [
        { phone_number: '+15550001', display_name: 'Ann' },
        { phone_number: '+15550002', display_name: 'Bob' },
      ],
      last_access_time: '2026-03-01T10:00:00Z',
      session_type: 'user',
      session_id: 'IQ-abc',
    };

    expect(contentHash(reordered)).toBe(contentHash(session));
  });

  it('treats a key holding undefined as absent', () => {
    expect(contentHash({ ...session, note: undefined })).toBe(
      contentHash(session),
    );
  });

  it.each([
    [
      'a changed value',
      { ...session, last_access_time: '2026-03-01T10:00:01Z' },
    ],
    ['an unknown field added', { ...session, direction: 'inbound' }],
    ['a field removed', { session_id: 'IQ-abc', session_type: 'user' }],
    [
      'participants in another order',
      { ...session, participants: [...session.participants].reverse() },
    ],
    [
      'a nested value changed',
      {
        ...session,
        participants: [
          { display_name: 'Ann B.', phone_number: '+15550001' },
          { display_name: 'Bob', phone_number: '+15550002' },
        ],
      },
    ],
    ['a null in place of a string', { ...session, session_type: null }],
    ['a number in place of a string', { ...session, session_id: 42 }],
  ])('changes for %s', (_name, changed) => {
    expect(contentHash(changed)).not.toBe(contentHash(session));
  });

  it.each([
    ['a string and the same text as a number', '1', 1],
    ['an empty object and an empty array', {}, []],
    ['null and the string "null"', null, 'null'],
    ['a key and its value swapped', { a: 'b' }, { b: 'a' }],
    ['nesting and flat keys', { a: { b: 1 } }, { 'a.b': 1 }],
  ])('tells apart %s', (_name, a, b) => {
    expect(contentHash(a)).not.toBe(contentHash(b));
  });
});
