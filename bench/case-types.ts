import type { SyncSummary } from '../functions/sync/sync/summary.js';

/** What the parent hands a child process: one invocation of the handler. */
export interface CaseInput {
  endpoints: { dynamodb: string; secretsManager: string; zoom: string };
  secretId: string;
  tables: { sessions: string; syncState: string };
  /** The event to invoke the handler with; {} is the scheduled run. */
  event: Record<string, unknown>;
  /** The function's own settings: SLICE_*, ZOOM_REQUESTS_PER_SECOND... */
  settings: Record<string, string>;
  /** Import the handler, report memory, and invoke nothing. */
  loadOnly?: boolean;
}

/** The part of a CaseInput the child reads from its arguments. */
export type CaseRun = Pick<CaseInput, 'event' | 'loadOnly'>;

/** The one JSON line a child prints: what the handler returned, and cost. */
export interface CaseOutput {
  summary: SyncSummary | null;
  /** The invocation alone, import excluded. */
  wall_ms: number;
  /** Importing the handler's bundle. */
  import_ms: number;
  /** CPU time (user and system) of the invocation, in ms. */
  cpu_ms: number;
  /** process.resourceUsage().maxRSS: the child's peak, in KB. */
  max_rss_kb: number;
}
