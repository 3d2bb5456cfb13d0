import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SERVICE_NAME } from './constants.js';
import type { SyncSummary } from './sync/summary.js';

/** CloudWatch namespace of the function's metrics; the stack alarms on it. */
export const METRICS_NAMESPACE = 'ZoomSmsSync';

/**
 * Metric names. `SyncSucceeded` is 1 for every complete scheduled run, so
 * that an alarm can say "no successful sync for N periods".
 */
export const METRIC = {
  syncSucceeded: 'SyncSucceeded',
  syncFailed: 'SyncFailed',
  sessionsInserted: 'SessionsInserted',
  sessionsUpdated: 'SessionsUpdated',
  sessionsSkipped: 'SessionsSkipped',
  zoomRequests: 'ZoomRequests',
} as const;

/**
 * Metrics go out as CloudWatch embedded metric format on stdout, flushed by
 * the logMetrics middleware. POWERTOOLS_METRICS_DISABLED=true turns them off.
 * Their `service` dimension is POWERTOOLS_SERVICE_NAME when set, so that two
 * deployments in one account and region keep apart metrics and alarms.
 */
export const createMetrics = (): Metrics =>
  new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME || SERVICE_NAME,
  });

/** Records what a finished run did. */
export const recordSummary = (metrics: Metrics, summary: SyncSummary): void => {
  if (summary.complete && summary.mode === 'incremental' && !summary.dry_run) {
    metrics.addMetric(METRIC.syncSucceeded, MetricUnit.Count, 1);
  }

  metrics.addMetric(
    METRIC.sessionsInserted,
    MetricUnit.Count,
    summary.inserted,
  );
  metrics.addMetric(METRIC.sessionsUpdated, MetricUnit.Count, summary.updated);
  const skipped = Object.values(summary.skipped).reduce((a, b) => a + b, 0);
  metrics.addMetric(METRIC.sessionsSkipped, MetricUnit.Count, skipped);
  metrics.addMetric(METRIC.zoomRequests, MetricUnit.Count, summary.requests);
};
