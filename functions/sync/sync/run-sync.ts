import pLimit from 'p-limit';
import { MAX_WRITE_ATTEMPTS, WRITE_CONCURRENCY } from '../constants.js';
import { StoreError } from '../errors.js';
import type { SyncRequest } from '../event/sync-request.js';
import type { SessionCandidate, StoredView } from '../store/session-item.js';
import type { SessionStore } from '../store/session-store.js';
import type { StateStore } from '../store/state-store.js';
import type { FilterType } from '../zoom/schema.js';
import type {
  ListSessionsQuery,
  SessionsPage,
} from '../zoom/sessions-client.js';
import { isNewerView, preparePage } from './prepare-page.js';
import type { SyncSummary } from './summary.js';
import {
  addMonths,
  incrementalWindow,
  type SyncWindow,
  splitIntoMonths,
} from './windows.js';

/** Where pages come from: Zoom's client, or anything shaped like it. */
export interface SessionsSource {
  listSessions(query: ListSessionsQuery): AsyncIterable<SessionsPage>;
}

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
  /** Counters of the HTTP client, read before and after the run. */
  zoomStats: () => { requests: number; tokens: number };
}

export interface SyncSettings {
  pageSize: number;
  filterType: FilterType;
  lookbackMs: number;
}

type Decision = 'insert' | 'update' | 'unchanged' | 'stale';

/** What to do with a listed view, given what the table holds. */
export const decide = (
  candidate: SessionCandidate,
  stored: StoredView | undefined,
): Decision => {
  if (stored === undefined) return 'insert';

  if (stored.contentHash === candidate.contentHash) return 'unchanged';

  // Never backwards: an older view never replaces a newer item. An equal
  // time with other content is a real change (a participant renamed).
  return candidate.lastAccessMs < stored.lastAccessMs ? 'stale' : 'update';
};

/**
 * One run: lists every window page by page, keeps the newest view of each
 * session, compares it with the table and writes only what is new or
 * changed. A complete scheduled run then moves the watermark to the newest
 * session it stored.
 */
export const runSync = async (
  request: SyncRequest,
  settings: SyncSettings,
  deps: SyncDeps,
): Promise<SyncSummary> => {
  const startedAt = deps.clock();
  const zoomBefore = deps.zoomStats();
  const scope = request.sessionType;
  const watermarkBefore =
    request.mode === 'incremental'
      ? await deps.state.getWatermark(scope)
      : undefined;
  const windows = planWindows(request, watermarkBefore, startedAt, settings);

  const summary: SyncSummary = {
    mode: request.mode,
    complete: false,
    dry_run: request.dryRun,
    session_type: request.sessionType,
    ...(request.phoneNumber === undefined
      ? {}
      : { phone_number: request.phoneNumber }),
    windows: windows.map((w) => ({
      from: w.from.toISOString(),
      to: w.to.toISOString(),
    })),
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
    watermark_before: watermarkBefore?.toISOString() ?? null,
    watermark_after: watermarkBefore?.toISOString() ?? null,
    started_at: startedAt.toISOString(),
    duration_ms: 0,
  };

  const handled = new Map<string, SessionCandidate>();
  let newestMs: number | undefined;
  const writesBefore = deps.sessions.writeRequests;
  const capacityBefore = { ...deps.sessions.capacity };

  for (const window of windows) {
    const pages = deps.source.listSessions({
      from: window.from,
      to: window.to,
      sessionType: request.sessionType,
      filterType: settings.filterType,
      pageSize: settings.pageSize,
      ...(request.phoneNumber === undefined
        ? {}
        : { phoneNumber: request.phoneNumber }),
    });

    for await (const page of pages) {
      summary.pages += 1;
      summary.sessions_seen += page.records.length;
      const { candidates, skipped } = preparePage(page.records);
      for (const skip of skipped) {
        summary.skipped[skip.reason] = (summary.skipped[skip.reason] ?? 0) + 1;
        deps.logger.warn('Skipped a listed session', {
          reason: skip.reason,
          detail: skip.detail,
          page: summary.pages,
          index: skip.index,
        });
      }

      // A view this run already handled, or an older one, is a duplicate.
      const fresh = candidates.filter((c) => {
        const earlier = handled.get(c.sessionId);
        return earlier === undefined || isNewerView(c, earlier);
      });
      for (const c of fresh) handled.set(c.sessionId, c);

      await applyChanges(fresh, request.dryRun, deps, summary);
      for (const c of candidates) {
        if (c.lastAccessMs > (newestMs ?? 0)) newestMs = c.lastAccessMs;
      }
    }
  }

  summary.complete = true;
  summary.sessions_unique = handled.size;
  summary.write_requests = deps.sessions.writeRequests - writesBefore;
  summary.read_capacity_units =
    deps.sessions.capacity.readUnits - capacityBefore.readUnits;
  summary.write_capacity_units =
    deps.sessions.capacity.writeUnits - capacityBefore.writeUnits;

  if (request.mode === 'incremental' && !request.dryRun && newestMs) {
    const windowEnd = windows.at(-1)?.to.getTime() ?? newestMs;
    const next = new Date(Math.min(newestMs, windowEnd));
    if (watermarkBefore === undefined || next > watermarkBefore) {
      await deps.state.advanceWatermark(scope, next, deps.clock());
      summary.watermark_after = next.toISOString();
    }
  }

  const zoomAfter = deps.zoomStats();
  summary.requests = zoomAfter.requests - zoomBefore.requests;
  summary.token_requests = zoomAfter.tokens - zoomBefore.tokens;
  summary.duration_ms = deps.clock().getTime() - startedAt.getTime();
  await deps.state.saveLastRun(summary);
  return summary;
};

const planWindows = (
  request: SyncRequest,
  watermark: Date | undefined,
  now: Date,
  settings: SyncSettings,
): SyncWindow[] => {
  if (request.range !== undefined) {
    return splitIntoMonths(request.range.from, request.range.to);
  }

  if (request.mode === 'incremental') {
    return [incrementalWindow(now, watermark, settings.lookbackMs)];
  }

  return [{ from: addMonths(now, -1), to: now }];
};

/** Reads the stored views of `candidates` and writes what changed. */
const applyChanges = async (
  candidates: SessionCandidate[],
  dryRun: boolean,
  deps: SyncDeps,
  summary: SyncSummary,
): Promise<void> => {
  if (candidates.length === 0) return;

  const stored = await deps.sessions.getStored(
    candidates.map((c) => c.sessionId),
  );
  const limit = pLimit(WRITE_CONCURRENCY);
  const now = deps.clock().toISOString();

  const outcomes = await Promise.all(
    candidates.map((candidate) =>
      limit(async () => {
        const current = stored.get(candidate.sessionId);
        return dryRun
          ? decide(candidate, current)
          : writeOne(candidate, current, now, deps.sessions);
      }),
    ),
  );

  for (const outcome of outcomes) {
    if (outcome === 'insert') summary.inserted += 1;
    else if (outcome === 'update') summary.updated += 1;
    else if (outcome === 'unchanged') summary.unchanged += 1;
    else summary.stale += 1;
  }
};

/**
 * Writes one session if it is new or changed. When another writer got there
 * first, the write is refused with the item that stands, and the decision is
 * made again against it.
 */
const writeOne = async (
  candidate: SessionCandidate,
  stored: StoredView | undefined,
  now: string,
  sessions: SessionStore,
): Promise<Decision> => {
  let current = stored;
  for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt += 1) {
    const decision = decide(candidate, current);
    if (decision === 'unchanged' || decision === 'stale') return decision;

    const outcome = await sessions.put(candidate, current, now);
    if (outcome.written) return decision;

    current = outcome.current;
  }

  throw new StoreError(
    `Session ${candidate.sessionId} on ${sessions.tableName} kept changing under ${MAX_WRITE_ATTEMPTS} conditional writes.`,
  );
};
