import { randomUUID } from 'node:crypto';
import { MAX_VERIFY_ROUNDS } from '../constants.js';
import { isSyncError } from '../errors.js';
import type { SyncRequest } from '../event/sync-request.js';
import type { SessionStore } from '../store/session-store.js';
import type { StateStore } from '../store/state-store.js';
import type { FilterType } from '../zoom/schema.js';
import { listSlices } from './list-slices.js';
import { listWindow, type SessionsSource } from './list-window.js';
import { PageProcessor } from './page-processor.js';
import { planWindows, sliceWindow } from './plan.js';
import type { SyncOutcome, SyncSummary } from './summary.js';
import { addMonths, floorToSecond, type SyncWindow } from './windows.js';

export type { SessionsSource } from './list-window.js';

/** The part of the logger the sync uses, so that tests can pass their own. */
export interface SyncLogger {
  warn(message: string, extra: Record<string, unknown>): void;
}

export interface SyncDeps {
  source: SessionsSource;
  sessions: SessionStore;
  state: StateStore;
  logger: SyncLogger;
  clock: () => Date;
  /** Milliseconds the run may still spend before it must stop and save. */
  budgetMs: () => number;
  /** How long the lease is taken for: longer than the invocation can last. */
  leaseTtlMs: number;
  /** Registers a listener for Zoom's per-second 429s (see listSlices). */
  onRateLimited?: (listener: () => void) => void;
  /** Counters of the HTTP client, read before and after the run. */
  zoomStats: () => { requests: number; tokens: number };
}

export interface SyncSettings {
  pageSize: number;
  filterType: FilterType;
  lookbackMs: number;
  /** Windows are listed in slices of at most this long. */
  sliceMs: number;
  /** Slices listed at once, under the one request limiter. */
  sliceConcurrency: number;
}

const iso = (w: SyncWindow) => ({
  from: w.from.toISOString(),
  to: w.to.toISOString(),
});

/**
 * One run: takes the lease, lists every window slice by slice, keeps the
 * newest view of each session, compares it with the table and writes only
 * what is new or changed. A scheduled run saves its progress after each
 * slice, resumes what an earlier run left, and moves the watermark only
 * when every slice is done.
 */
export const runSync = async (
  request: SyncRequest,
  settings: SyncSettings,
  deps: SyncDeps,
): Promise<SyncSummary> => {
  const startedAt = deps.clock();
  const holder = randomUUID();
  if (!(await deps.state.acquireLease(holder, startedAt, deps.leaseTtlMs))) {
    deps.logger.warn('Another run holds the lease; this one does nothing', {});
    return finish(
      emptySummary(request, startedAt, 'lease_held'),
      deps,
      startedAt,
      false,
    );
  }

  try {
    return await leasedRun(request, settings, deps, startedAt);
  } finally {
    await deps.state.releaseLease(holder);
  }
};

const leasedRun = async (
  request: SyncRequest,
  settings: SyncSettings,
  deps: SyncDeps,
  startedAt: Date,
): Promise<SyncSummary> => {
  const zoomBefore = deps.zoomStats();
  const writesBefore = deps.sessions.writeRequests;
  const capacityBefore = { ...deps.sessions.capacity };
  const scope = request.sessionType;
  const tracked = request.mode === 'incremental' && !request.dryRun;

  const watermark =
    request.mode === 'incremental'
      ? await deps.state.getWatermark(scope)
      : undefined;
  const saved = tracked ? await deps.state.getProgress(scope) : undefined;
  const windows =
    saved?.pending ??
    planWindows(request, watermark, startedAt, settings.lookbackMs).flatMap(
      (w) => sliceWindow(w, settings.sliceMs),
    );

  const summary = emptySummary(request, startedAt, 'complete');
  summary.windows = windows.map(iso);
  summary.resumed = saved !== undefined;
  summary.watermark_before = watermark?.toISOString() ?? null;
  summary.watermark_after = summary.watermark_before;

  const pages = new PageProcessor(summary, deps.sessions, deps.logger, {
    dryRun: request.dryRun,
    clock: deps.clock,
  });
  if (saved?.newestMs !== undefined) pages.newestMs = saved.newestMs;

  const listing = (index: number, onPage = allPages(pages, index)) => ({
    source: deps.source,
    query: {
      sessionType: request.sessionType,
      filterType: settings.filterType,
      pageSize: settings.pageSize,
      ...(request.phoneNumber === undefined
        ? {}
        : { phoneNumber: request.phoneNumber }),
    },
    budgetMs: deps.budgetMs,
    onPage,
    onRestart: (error: Error, attempt: number) => {
      summary.window_restarts += 1;
      deps.logger.warn('Listing the window again from its first page', {
        window: iso(windows[index] as SyncWindow),
        attempt,
        cause: error.message,
      });
    },
  });

  const { done, error } = await listSlices(
    windows.length,
    (index) => listWindow(windows[index] as SyncWindow, listing(index)),
    {
      concurrency: settings.sliceConcurrency,
      onProgress: async (left) => {
        if (tracked && left.length > 0) {
          await deps.state.saveProgress(scope, {
            pending: left.map((i) => windows[i] as SyncWindow),
            newestMs: pages.newestMs,
          });
        }
      },
      ...(deps.onRateLimited === undefined
        ? {}
        : { onRateLimited: deps.onRateLimited }),
    },
  );

  let failure = error;
  if (failure === undefined) {
    failure = await verify(windows, pages, listing, deps, startedAt).then(
      () => undefined,
      (e: unknown) => e,
    );
  }

  let pending: SyncWindow[] = [];
  if (failure !== undefined) {
    const outcome = stopOutcome(failure);
    if (outcome === undefined) throw failure;

    summary.outcome = outcome;
    // Slices not done, and those a session left during the run, are left.
    pending = windows.filter((_, i) => !done.has(i) || pages.disturbed.has(i));
    deps.logger.warn('Run stopped early; its progress is saved', {
      outcome,
      cause: (failure as Error).message,
    });
  }

  summary.windows_completed = windows.length - pending.length;
  summary.windows_remaining = pending.map(iso);
  summary.complete = summary.outcome === 'complete';
  summary.sessions_unique = pages.uniqueSessions;
  summary.write_requests = deps.sessions.writeRequests - writesBefore;
  summary.read_capacity_units =
    deps.sessions.capacity.readUnits - capacityBefore.readUnits;
  summary.write_capacity_units =
    deps.sessions.capacity.writeUnits - capacityBefore.writeUnits;

  if (tracked) {
    await settleProgress(
      scope,
      windows,
      pending,
      pages.newestMs,
      watermark,
      summary,
      deps,
    );
  }

  const zoomAfter = deps.zoomStats();
  summary.requests = zoomAfter.requests - zoomBefore.requests;
  summary.token_requests = zoomAfter.tokens - zoomBefore.tokens;
  return finish(summary, deps, startedAt, true);
};

const allPages =
  (pages: PageProcessor, index: number, recheck = false) =>
  async (records: unknown[]) => {
    await pages.process(records, index, recheck);
    return true;
  };

/**
 * Lists again what may have shifted while it was listed: every window a
 * session was seen to leave, and the newest window up to the current time,
 * whose first page shows whether anything moved or arrived during the run
 * (one request when nothing did). Bounded; what is still moving after the
 * last round is covered by the next run's lookback.
 */
const verify = async (
  windows: SyncWindow[],
  pages: PageProcessor,
  listing: (
    index: number,
    onPage?: (records: unknown[]) => Promise<boolean>,
  ) => Parameters<typeof listWindow>[1],
  deps: SyncDeps,
  startedAt: Date,
): Promise<void> => {
  const last = windows.length - 1;
  const lastWindow = windows[last];
  const openEnded =
    lastWindow !== undefined && lastWindow.to >= floorToSecond(startedAt);

  for (let round = 1; round <= MAX_VERIFY_ROUNDS; round += 1) {
    const again = [...pages.disturbed].sort((a, b) => a - b);
    pages.disturbed.clear();
    for (const index of again) {
      await listWindow(
        windows[index] as SyncWindow,
        listing(index, allPages(pages, index, true)),
      );
    }

    let moved = false;
    if (openEnded) {
      // Up to now, and never longer than the month Zoom answers for.
      const to = floorToSecond(deps.clock());
      const from = new Date(
        Math.max(lastWindow.from.getTime(), addMonths(to, -1).getTime()),
      );
      const tail = { from, to };
      await listWindow(
        tail,
        listing(last, async (records) => {
          const fresh = await pages.process(records, last, true);
          moved ||= fresh > 0;
          return moved;
        }),
      );
    }

    if (!moved && pages.disturbed.size === 0) return;
  }

  deps.logger.warn('Sessions were still moving after the last check', {
    rounds: MAX_VERIFY_ROUNDS,
  });
};

/**
 * After a scheduled run: with every window done, the watermark moves to
 * the newest session stored and the progress item goes; otherwise the
 * windows left are saved for the next run and the watermark stays.
 */
const settleProgress = async (
  scope: string,
  windows: SyncWindow[],
  pending: SyncWindow[],
  newestMs: number | undefined,
  watermark: Date | undefined,
  summary: SyncSummary,
  deps: SyncDeps,
): Promise<void> => {
  if (pending.length > 0) {
    await deps.state.saveProgress(scope, { pending, newestMs });
    return;
  }

  if (newestMs) {
    const listedTo = Math.max(
      ...windows.map((w) => w.to.getTime()),
      floorToSecond(deps.clock()).getTime(),
    );
    const next = new Date(Math.min(newestMs, listedTo));
    if (watermark === undefined || next > watermark) {
      await deps.state.advanceWatermark(scope, next, deps.clock());
      summary.watermark_after = next.toISOString();
    }
  }

  if (summary.resumed || windows.length > 1) {
    await deps.state.clearProgress(scope);
  }
};

/** The outcome a stop means, or undefined for an error that fails the run. */
const stopOutcome = (error: unknown): SyncOutcome | undefined => {
  if (isSyncError(error, 'TimeBudgetError')) return 'time_budget';

  if (isSyncError(error, 'ZoomRateLimitError')) return 'rate_limited';

  return undefined;
};

const finish = async (
  summary: SyncSummary,
  deps: SyncDeps,
  startedAt: Date,
  save: boolean,
): Promise<SyncSummary> => {
  summary.duration_ms = deps.clock().getTime() - startedAt.getTime();
  // A dry run writes nothing that lasts, not even its summary.
  if (save && !summary.dry_run) await deps.state.saveLastRun(summary);

  return summary;
};

const emptySummary = (
  request: SyncRequest,
  startedAt: Date,
  outcome: SyncOutcome,
): SyncSummary => ({
  mode: request.mode,
  outcome,
  complete: outcome === 'complete',
  dry_run: request.dryRun,
  session_type: request.sessionType,
  ...(request.phoneNumber === undefined
    ? {}
    : { phone_number: request.phoneNumber }),
  windows: [],
  windows_completed: 0,
  windows_remaining: [],
  resumed: false,
  window_restarts: 0,
  pages: 0,
  requests: 0,
  token_requests: 0,
  sessions_seen: 0,
  sessions_unique: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  stale: 0,
  skipped: {},
  write_requests: 0,
  read_capacity_units: 0,
  write_capacity_units: 0,
  watermark_before: null,
  watermark_after: null,
  started_at: startedAt.toISOString(),
  duration_ms: 0,
});
