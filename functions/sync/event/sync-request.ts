import type { SessionType } from '../zoom/schema.js';

/** What one invocation is asked to do, after its event was validated. */
export interface SyncRequest {
  /**
   * `incremental` is the scheduled run: it pulls from the watermark and moves
   * it. `manual` pulls what it was asked for and leaves the watermark alone.
   */
  mode: 'incremental' | 'manual';
  /** Set together on a manual pull of a given range. */
  range?: { from: Date; to: Date };
  phoneNumber?: string;
  sessionType: SessionType;
  /** Fetch and compare, write nothing. */
  dryRun: boolean;
}
