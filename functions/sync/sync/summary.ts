import type { SkipReason } from './prepare-page.js';

/** What one run did; returned by the handler and logged as one line. */
export interface SyncSummary {
  mode: 'incremental' | 'manual';
  /** Every window was listed to its last page and every change written. */
  complete: boolean;
  dry_run: boolean;
  session_type: string;
  phone_number?: string;
  windows: { from: string; to: string }[];
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
  write_requests: number;
  read_capacity_units: number;
  write_capacity_units: number;
  watermark_before: string | null;
  watermark_after: string | null;
  started_at: string;
  duration_ms: number;
}
