import type { ZoomSmsSession } from '../../functions/sync/zoom/schema.js';

/** A listed session with two participants, as Zoom would send it. */
export const session = (
  id: string,
  lastAccessTime: string,
  overrides: Partial<ZoomSmsSession> = {},
): ZoomSmsSession => ({
  session_id: id,
  session_type: 'user',
  last_access_time: lastAccessTime,
  participants: [
    {
      display_name: 'Ada Desk',
      phone_number: '14155550100',
      owner: { id: 'DnEopNmXQEGU2uvvzjgojw', type: 'user' },
      is_session_owner: true,
    },
    { display_name: 'Customer', phone_number: '14155550199' },
  ],
  ...overrides,
});

/** `count` sessions spread one minute apart, ending at `last`. */
export const sessionsUntil = (
  last: Date,
  count: number,
  prefix = 's',
): ZoomSmsSession[] =>
  Array.from({ length: count }, (_, i) =>
    session(
      `${prefix}${String(i).padStart(5, '0')}`,
      new Date(last.getTime() - i * 60_000).toISOString().replace('.000Z', 'Z'),
    ),
  );
