import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { METRIC } from '../metrics.js';

/**
 * Logs a failed invocation as one structured line with the error's cause
 * chain and counts it in the SyncFailed metric, then lets the error through so that Lambda counts the failure.
 * Our errors carry no secret, and SDK or HTTP errors are wrapped before they
 * reach here.
 */
export const errorLogger = (
  logger: Logger,
  metrics: Metrics,
): MiddlewareObj => ({
  onError: async (request) => {
    logger.error('Sync failed', request.error as Error);
    metrics.addMetric(METRIC.syncFailed, MetricUnit.Count, 1);
  },
});
