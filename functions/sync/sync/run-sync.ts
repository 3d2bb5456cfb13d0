import { randomUUID } from 'node:crypto';
import { isSyncError } from '../errors.js';
import type { SyncRequest } from '../event/sync-request.js';
import type { SessionCandidate } from '../store/session-item.js';
import type { SessionStore } from '../store/session-store.js';
import type { StateStore, SyncProgress } from '../store/state-store.js';
import type { FilterType } from '../zoom/schema.js';
import { applyChanges } from './apply-changes.js';
import { listWindow, type SessionsSource } from './list-window.js';
import { planWindows, sliceWindow } from './plan.js';
import { isNewerView, preparePage } from './prepare-page.js';
import type { SyncOutcome, SyncSummary } from './summary.js';
import type { SyncWindow } from './windows.js';

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
  /** Counters of the HTTP client, read before and after the run. */
  zoomStats: () => { requests: number; tokens: number };
}

export interface SyncSettings {
  pageSize: number;
  filterType: FilterType;
  lookbackMs: number;
  /** Windows are listed in slices of at most this long. */
  sliceMs: number;
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

  const handled = new Map<string, SessionCandidate>();
  let newestMs = saved?.newestMs;

  const onPage = async (records: unknown[]) => {
    summary.pages += 1;
    summary.sessions_seen += records.length;
    const { candidates, skipped } = preparePage(records);
    for (const skip of skipped) {
      summary.skipped[skip.reason] = (summary.skipped[skip.reason] ?? 0) + 1;
      deps.logger.warn('Skipped a listed session', {
        ...skip,
        page: summary.pages,
      });
    }

    // A view this run already handled, or an older one, is a duplicate.
    const fresh = candidates.filter((c) => {
      const earlier = handled.get(c.sessionId);
      return earlier === undefined || isNewerView(c, earlier);
    });
    for (const c of fresh) handled.set(c.sessionId, c);

    const counts = await applyChanges(
      fresh,
      { dryRun: request.dryRun, now: deps.clock().toISOString() },
      deps.sessions,
    );
    summary.inserted += counts.insert;
    summary.updated += counts.update;
    summary.unchanged += counts.unchanged;
    summary.stale += counts.stale;
    for (const c of candidates) {
      if (c.lastAccessMs > (newestMs ?? 0)) newestMs = c.lastAccessMs;
    }
  };

  const query = {
    sessionType: request.sessionType,
    filterType: settings.filterType,
    pageSize: settings.pageSize,
    ...(request.phoneNumber === undefined
      ? {}
      : { phoneNumber: request.phoneNumber }),
  };

  let done = 0;
  for (const window of windows) {
    try {
      await listWindow(window, {
        source: deps.source,
        query,
        budgetMs: deps.budgetMs,
        onPage,
        onRestart: (error, attempt) => {
          summary.window_restarts += 1;
          deps.logger.warn('Listing the window again from its first page', {
            window: iso(window),
            attempt,
            cause: error.message,
          });
        },
      });
    } catch (error) {
      const outcome = stopOutcome(error);
      if (outcome === undefined) throw error;

      summary.outcome = outcome;
      deps.logger.warn('Run stopped early; its progress is saved', {
        outcome,
        cause: (error as Error).message,
      });
      break;
    }

    done += 1;
    const remaining = windows.slice(done);
    if (tracked && remaining.length > 0) {
      await deps.state.saveProgress(scope, { pending: remaining, newestMs });
    }
  }

  summary.windows_completed = done;
  summary.windows_remaining = windows.slice(done).map(iso);
  summary.complete = summary.outcome === 'complete';
  summary.sessions_unique = handled.size;
  summary.write_requests = deps.sessions.writeRequests - writesBefore;
  summary.read_capacity_units =
    deps.sessions.capacity.readUnits - capacityBefore.readUnits;
  summary.write_capacity_units =
    deps.sessions.capacity.writeUnits - capacityBefore.writeUnits;

  if (tracked) {
    await settleProgress(
      scope,
      windows,
      done,
      newestMs,
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

/**
 * After a scheduled run: with every window done, the watermark moves to
 * the newest session stored and the progress item goes; otherwise the
 * windows left are saved for the next run and the watermark stays.
 */
const settleProgress = async (
  scope: string,
  windows: SyncWindow[],
  done: number,
  newestMs: number | undefined,
  watermark: Date | undefined,
  summary: SyncSummary,
  deps: SyncDeps,
): Promise<void> => {
  if (done < windows.length) {
    const progress: SyncProgress = { pending: windows.slice(done), newestMs };
    await deps.state.saveProgress(scope, progress);
    return;
  }

  if (newestMs) {
    const windowEnd = Math.max(...windows.map((w) => w.to.getTime()));
    const next = new Date(Math.min(newestMs, windowEnd));
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
  if (save) await deps.state.saveLastRun(summary);

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
