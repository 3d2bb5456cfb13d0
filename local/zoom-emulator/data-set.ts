import type { ZoomSmsSession } from '../../functions/sync/zoom/schema.js';

let readStored: (data: EmulatorDataSet) => readonly ZoomSmsSession[];
let readVersion: (data: EmulatorDataSet) => number;

/**
 * The stored entries themselves, for the server's read path: copying a
 * year of sessions on every request would cost far more than the page.
 * Callers copy, or serialize at once, what they hand out. Not part of
 * the emulator's public face.
 */
export function storedSessions(
  data: EmulatorDataSet,
): readonly ZoomSmsSession[] {
  return readStored(data);
}

/**
 * A number that changes whenever the data set does, so the server can
 * keep a sorted selection across the pages of a listing and still see
 * every change a test makes between two pages.
 */
export function dataVersion(data: EmulatorDataSet): number {
  return readVersion(data);
}

/**
 * The sessions the emulator serves, as a list rather than a map: Zoom's
 * reference example lists one session twice, and a test must be able to
 * do the same. Records are deep-copied on the way in and out, so a test
 * holding a record cannot change what the server answers by accident.
 */
export class EmulatorDataSet {
  #sessions: ZoomSmsSession[] = [];
  #version = 0;

  static {
    readStored = (data) => data.#sessions;
    readVersion = (data) => data.#version;
  }

  constructor(sessions: readonly ZoomSmsSession[] = []) {
    // Not add(...sessions): spreading a large data set into
    // arguments can overflow the call stack.
    this.#sessions = sessions.map((session) => structuredClone(session));
  }

  /** Appends the sessions as given, duplicates included. */
  add(...sessions: ZoomSmsSession[]): void {
    for (const session of sessions) {
      this.#sessions.push(structuredClone(session));
    }
    this.#version += 1;
  }

  /**
   * Replaces every entry with the session's `session_id` by one copy of
   * it, in the place of the first; appends when there is none, or when
   * the session has no `session_id` to match on.
   */
  upsert(session: ZoomSmsSession): void {
    this.#version += 1;
    const id = session.session_id;
    const first =
      id === undefined
        ? -1
        : this.#sessions.findIndex((stored) => stored.session_id === id);
    if (id === undefined || first === -1) {
      this.#sessions.push(structuredClone(session));
      return;
    }

    const kept = this.#sessions.filter(
      (stored, index) => index === first || stored.session_id !== id,
    );
    kept[first] = structuredClone(session);
    this.#sessions = kept;
  }

  /** Removes every entry with this `session_id`; returns how many. */
  remove(sessionId: string): number {
    const before = this.#sessions.length;
    this.#sessions = this.#sessions.filter((s) => s.session_id !== sessionId);
    this.#version += 1;

    return before - this.#sessions.length;
  }

  /** A deep copy of every entry, in insertion order. */
  all(): ZoomSmsSession[] {
    return structuredClone(this.#sessions);
  }

  clear(): void {
    this.#sessions = [];
    this.#version += 1;
  }

  get size(): number {
    return this.#sessions.length;
  }
}
