import type { ZoomSmsSession } from '../../functions/sync/zoom/schema.js';
import {
  dataVersion,
  type EmulatorDataSet,
  storedSessions,
} from './data-set.js';
import type { SessionQuery } from './query.js';
import { selectSessions } from './select.js';

interface Entry {
  version: number;
  selected: readonly ZoomSmsSession[];
}

/** Listings kept at once; a sync runs a handful of windows at a time. */
const CAPACITY = 16;

/**
 * The filtered, sorted sessions of each recent query on one data set,
 * kept while the data set is unchanged. Without it every page would
 * filter and sort the whole data set again: paging through 100,000
 * sessions 100 at a time would sort them a thousand times. Any change
 * to the data set makes the next page select afresh, so a page still
 * reads the live data.
 */
export class SelectionCache {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly data: EmulatorDataSet) {}

  select(query: SessionQuery): readonly ZoomSmsSession[] {
    const key = JSON.stringify(query);
    const version = dataVersion(this.data);
    const cached = this.#entries.get(key);
    // Re-inserting on every use keeps the map in least-recent-first order.
    this.#entries.delete(key);
    if (cached?.version === version) {
      this.#entries.set(key, cached);
      return cached.selected;
    }

    const selected = selectSessions(storedSessions(this.data), query);
    this.#entries.set(key, { version, selected });
    if (this.#entries.size > CAPACITY) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }

    return selected;
  }
}
