import { expect } from 'vitest';
import type { Harness } from './sync-harness.js';

/**
 * Asserts the sessions table holds every session the emulator serves, each
 * in the emulator's newest view, and nothing else.
 */
export const expectTableMatchesZoom = async (h: Harness): Promise<void> => {
  const newest = new Map<string, string>();
  for (const s of h.zoom.data.all()) {
    if (!s.session_id || !s.last_access_time) continue;
    const known = newest.get(s.session_id);
    if (known === undefined || s.last_access_time > known) {
      newest.set(s.session_id, s.last_access_time);
    }
  }

  const items = await h.items();
  const stored = new Map(
    items.map((i) => [String(i.session_id), String(i.last_access_time)]),
  );
  expect(stored).toEqual(newest);
};

/** Asserts no log line carries the client secret or an access token. */
export const expectNoSecretsLogged = (h: Harness, secret: string): void => {
  const logged = h.logs.join('');
  for (const value of [secret, ...h.issuedTokens]) {
    expect(logged).not.toContain(value);
  }
};
