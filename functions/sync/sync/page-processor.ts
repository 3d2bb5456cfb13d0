import type { StoredView } from '../store/session-item.js';
import type { SessionStore } from '../store/session-store.js';
import { applyChanges } from './apply-changes.js';
import { preparePage } from './prepare-page.js';
import type { SyncSummary } from './summary.js';

/** The part of the logger the sync uses, so that tests can pass their own. */
export interface SyncLogger {
  warn(message: string, extra: Record<string, unknown>): void;
}

/**
 * Handles the pages of one run: validates records, drops views the run
 * already handled, writes what changed and keeps the run's counters.
 *
 * It also notices a session that moved: listed in one window, then again
 * with a newer time in a later one. Zoom pages by position, so a session
 * leaving a window while it is listed shifts the rest up by one and one
 * session goes unseen; such a window is marked disturbed, to be listed again.
 */
export class PageProcessor {
  /** The newest `last_access_time` listed, in ms. */
  newestMs: number | undefined;
  /** Windows, by index, that a session left during the run. */
  readonly disturbed = new Set<number>();
  /** Pages each window took in its listing, by index. */
  readonly #pagesIn = new Map<number, number>();
  readonly #handled = new Map<string, { ms: number; window: number }>();
  /**
   * The page still writing each session, by id. Slices are listed at once,
   * so a session that moved can be on two pages being written together: the
   * later page waits for the earlier one's writes before it reads, and so
   * decides against what they stored, instead of both putting it as new.
   */
  readonly #writing = new Map<string, Promise<void>>();
  readonly #dryRunViews = new Map<string, StoredView>();

  constructor(
    private readonly summary: SyncSummary,
    private readonly sessions: SessionStore,
    private readonly logger: SyncLogger,
    private readonly options: {
      dryRun: boolean;
      clock: () => Date;
      /**
       * The index of a slice already listed to its end that holds a time,
       * if any: a session that moved from there may have shifted it.
       */
      doneSliceAt?: (ms: number, listing: number) => number | undefined;
    },
  ) {}

  get uniqueSessions(): number {
    return this.#handled.size;
  }

  /**
   * Processes one page of window `window`; returns how many views were new.
   * A page listed again to verify (`recheck`) adds to `pages` but not to
   * `sessions_seen` or `skipped`, which count each listed record once.
   */
  async process(
    records: unknown[],
    window: number,
    recheck = false,
  ): Promise<number> {
    const { summary } = this;
    summary.pages += 1;
    if (!recheck)
      this.#pagesIn.set(window, (this.#pagesIn.get(window) ?? 0) + 1);
    const { candidates, skipped } = preparePage(records);
    if (!recheck) {
      summary.sessions_seen += records.length;
      for (const skip of skipped) this.#skip(skip.reason, { ...skip });
    }

    // A view no newer than one the run handled is a duplicate: two views of
    // one time on two pages must not overwrite each other.
    const fresh = candidates.filter((c) => {
      const earlier = this.#handled.get(c.sessionId);
      if (earlier === undefined) return true;

      if (c.lastAccessMs <= earlier.ms) return false;

      if (earlier.window !== window) this.markShifted(earlier.window);
      return true;
    });
    for (const c of fresh) {
      this.#handled.set(c.sessionId, { ms: c.lastAccessMs, window });
      if (c.lastAccessMs > (this.newestMs ?? 0)) this.newestMs = c.lastAccessMs;
    }

    const earlier = fresh.flatMap((c) => this.#writing.get(c.sessionId) ?? []);
    const writes = Promise.allSettled(earlier).then(() =>
      applyChanges(
        fresh,
        {
          dryRun: this.options.dryRun,
          now: this.options.clock().toISOString(),
          dryRunViews: this.#dryRunViews,
        },
        this.sessions,
      ),
    );
    const ended = writes.then(
      () => undefined,
      () => undefined,
    );
    for (const c of fresh) this.#writing.set(c.sessionId, ended);
    let changes: Awaited<typeof writes>;
    try {
      changes = await writes;
    } finally {
      for (const c of fresh) {
        if (this.#writing.get(c.sessionId) === ended) {
          this.#writing.delete(c.sessionId);
        }
      }
    }
    const { counts, unstorable, movedFrom } = changes;
    for (const bad of unstorable) this.#skip('unstorable', { ...bad });
    for (const ms of movedFrom) {
      const slice = this.options.doneSliceAt?.(ms, window);
      if (slice !== undefined) this.markShifted(slice);
    }

    summary.inserted += counts.insert;
    summary.updated += counts.update;
    summary.unchanged += counts.unchanged;
    summary.stale += counts.stale;
    return fresh.length;
  }

  /**
   * True when window `index` took more than one page (or this run did not
   * list it): only then can a session leaving it have shifted a page, since
   * one page is one answer. Asked once the window's listing is over.
   */
  pagedMoreThanOnce(index: number): boolean {
    return (this.#pagesIn.get(index) ?? 2) > 1;
  }

  /** The windows a session left that took more than one page. */
  shifted(): number[] {
    return [...this.disturbed]
      .filter((i) => this.pagedMoreThanOnce(i))
      .sort((a, b) => a - b);
  }

  markShifted(index: number): void {
    this.disturbed.add(index);
  }

  #skip(reason: keyof SyncSummary['skipped'], detail: Record<string, unknown>) {
    this.summary.skipped[reason] = (this.summary.skipped[reason] ?? 0) + 1;
    this.logger.warn('Skipped a listed session', {
      ...detail,
      reason,
      page: this.summary.pages,
    });
  }
}
