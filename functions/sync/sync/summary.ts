import type { SkipReason } from './prepare-page.js';

/**
 * How a run ended. `complete`: every window listed to its last page and
 * every change written. `time_budget`: stopped before the function ran out
 * of time. `rate_limited`: Zoom's daily limit is used up. `lease_held`:
 * another run was in progress, so this one did nothing. A scheduled run
 * that stopped early leaves its remaining windows for the next one.
 */
export type SyncOutcome =
  | 'complete'
  | 'time_budget'
  | 'rate_limited'
  | 'lease_held';

/** What one run did; returned by the handler and logged as one line. */
export interface SyncSummary {
  mode: 'incremental' | 'manual';
  outcome: SyncOutcome;
  /** True exactly when `outcome` is `complete`. */
  complete: boolean;
  dry_run: boolean;
  session_type: string;
  phone_number?: string;
  /** The windows this run was to list, oldest first. */
  windows: { from: string; to: string }[];
  /** How many of them were listed to the end. */
  windows_completed: number;
  /** Windows left undone, oldest first; a scheduled run resumes them. */
  windows_remaining: { from: string; to: string }[];
  /** True when this run resumed windows left by an earlier one. */
  resumed: boolean;
  /** Listings started again from their first page after a failure. */
  window_restarts: number;
  pages: number;
  /** HTTP requests to Zoom's API, retries included. */
  requests: number;
  /** Access tokens obtained from Zoom during the run. */
  token_requests: number;
  /** Records listed, duplicates and skipped ones included. */
  sessions_seen: number;
  /** Distinct session ids listed. */
  sessions_unique: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Listed views older than the stored item, left alone. */
  stale: number;
  skipped: Partial<Record<SkipReason, number>>;
  /** Items put: one per PutItem call, one per item of a BatchWriteItem call. */
  write_requests: number;
  read_capacity_units: number;
  write_capacity_units: number;
  watermark_before: string | null;
  watermark_after: string | null;
  started_at: string;
  duration_ms: number;
}
