import { describe, expect, it } from 'vitest';
import {
  SESSION_TYPES,
  type ZoomSmsSession,
  zoomSmsSessionSchema,
} from '../../../functions/sync/zoom/schema.js';
import { generateSessions } from '../../../local/zoom-emulator/index.js';

const DAY_MS = 86_400_000;
const jan = (day: number, time = '00:00:00') =>
  new Date(`2024-01-${String(day).padStart(2, '0')}T${time}Z`);

const timeOf = (s: ZoomSmsSession) => Date.parse(s.last_access_time ?? '');
const within = (from: Date, to: Date) => (s: ZoomSmsSession) =>
  timeOf(s) >= from.getTime() && timeOf(s) <= to.getTime();

describe('generateSessions', () => {
  it('returns byte-identical output for the same options', () => {
    const options = { seed: 'same', from: jan(1), to: jan(8) };

    expect(JSON.stringify(generateSessions(options))).toBe(
      JSON.stringify(generateSessions({ ...options })),
    );
  });

  it('returns other sessions for another seed', () => {
    const a = generateSessions({ seed: 'a', from: jan(1), to: jan(2) });
    const b = generateSessions({ seed: 'b', from: jan(1), to: jan(2) });

    expect(a.map((s) => s.session_id)).not.toEqual(b.map((s) => s.session_id));
  });

  it('agrees with itself on the overlap of two overlapping windows', () => {
    const early = generateSessions({ seed: 'grid', from: jan(1), to: jan(10) });
    const late = generateSessions({
      seed: 'grid',
      from: jan(5, '13:17:42'),
      to: jan(15),
    });
    const overlap = within(jan(5, '13:17:42'), jan(10));

    expect(early.filter(overlap).length).toBeGreaterThan(0);
    expect(late.filter(overlap)).toEqual(early.filter(overlap));
  });

  it('yields the same session for a slot whatever the window around it', () => {
    const day = generateSessions({ seed: 'slot', from: jan(3), to: jan(4) });
    const picked = day[17] as ZoomSmsSession;
    const instant = new Date(timeOf(picked));

    expect(
      generateSessions({ seed: 'slot', from: instant, to: instant }),
    ).toEqual([picked]);
  });

  it.each([1, 7, 24, 48, 1000])(
    'yields exactly %i sessions on every whole UTC day',
    (perDay) => {
      const sessions = generateSessions({
        seed: 'count',
        from: jan(1),
        to: new Date(jan(4).getTime() - 1),
        perDay,
      });
      const perDate = new Map<string, number>();
      for (const s of sessions) {
        const date = (s.last_access_time ?? '').slice(0, 10);
        perDate.set(date, (perDate.get(date) ?? 0) + 1);
      }

      expect([...perDate.entries()]).toEqual([
        ['2024-01-01', perDay],
        ['2024-01-02', perDay],
        ['2024-01-03', perDay],
      ]);
    },
  );

  it('generates 48 sessions a day unless told otherwise', () => {
    const sessions = generateSessions({
      seed: 'default',
      from: jan(1),
      to: jan(1, '23:59:59'),
    });

    expect(sessions).toHaveLength(48);
  });

  it('keeps sessions inside the window and in time order', () => {
    const from = jan(2, '06:10:00');
    const to = jan(2, '18:45:00');
    const sessions = generateSessions({ seed: 'order', from, to });
    const times = sessions.map(timeOf);

    expect(sessions.every(within(from, to))).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
  });

  it('formats last_access_time as yyyy-MM-ddTHH:mm:ssZ without millis', () => {
    const sessions = generateSessions({
      seed: 'fmt',
      from: jan(1),
      to: jan(2),
    });

    for (const s of sessions) {
      expect(s.last_access_time).toMatch(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/,
      );
    }
  });

  it('rejects a perDay that is not a whole number from 1 to 86400', () => {
    const window = { seed: 'x', from: jan(1), to: jan(2) };

    for (const perDay of [0, 1.5, 86_401]) {
      expect(() => generateSessions({ ...window, perDay })).toThrow(RangeError);
    }
  });

  it('rejects a window that ends before it starts', () => {
    expect(() =>
      generateSessions({ seed: 'x', from: jan(2), to: jan(1) }),
    ).toThrow(RangeError);
  });
});

describe('generated records', () => {
  const month = generateSessions({
    seed: 'realistic',
    from: jan(1),
    to: new Date(jan(1).getTime() + 31 * DAY_MS - 1),
  });
  const participants = month.flatMap((s) => s.participants ?? []);

  it('conform to the schema the sync reads them with', () => {
    for (const s of month) {
      expect(zoomSmsSessionSchema.safeParse(s).success).toBe(true);
    }
  });

  it('have unique 32-character hex session ids', () => {
    const ids = month.map((s) => s.session_id);

    expect(ids.every((id) => /^[0-9a-f]{32}$/.test(id ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('are mostly user sessions, with every other session type present', () => {
    const types = month.map((s) => s.session_type);
    const users = types.filter((t) => t === 'user').length;

    expect(users / month.length).toBeGreaterThan(0.5);
    expect(new Set(types)).toEqual(
      new Set(SESSION_TYPES.filter((t) => t !== 'all')),
    );
  });

  it('have two or three participants, exactly one of them the owner', () => {
    for (const s of month) {
      const list = s.participants ?? [];
      expect(list.length).toBeGreaterThanOrEqual(2);
      expect(list.length).toBeLessThanOrEqual(3);
      expect(list.filter((p) => p.is_session_owner)).toHaveLength(1);
    }
  });

  it('give the owner a 22-character id and the type matching the session', () => {
    const expected: Record<string, string> = {
      user: 'user',
      call_queue: 'callQueue',
      auto_receptionist: 'autoReceptionist',
      service_endpoint: 'serviceEndpoint',
    };

    for (const s of month) {
      const owner = s.participants?.find((p) => p.is_session_owner);
      expect(owner?.owner?.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(owner?.owner?.type).toBe(expected[s.session_type ?? '']);
    }
  });

  it('carry display names and 11-digit phone numbers', () => {
    for (const p of participants) {
      expect(p.display_name).toMatch(/\S/);
      expect(p.phone_number).toMatch(/^1\d{10}$/);
    }
  });

  it('reuse the account’s own numbers across sessions', () => {
    const owners = month.map(
      (s) => s.participants?.find((p) => p.is_session_owner)?.phone_number,
    );

    expect(new Set(owners).size).toBeLessThan(month.length / 10);
  });

  it('occasionally have a deleted extension with its deletion time', () => {
    const deleted = participants.filter(
      (p) => p.extension_status === 'deleted',
    );

    expect(deleted.length).toBeGreaterThan(0);
    expect(deleted.length).toBeLessThan(month.length / 10);
    for (const p of deleted) {
      expect(p.extension_deleted_time).toMatch(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/,
      );
    }
    expect(
      participants.some((p) => p.extension_deleted_time && !p.extension_status),
    ).toBe(false);
  });
});
