import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Request } from '@middy/core';
import { describe, expect, it, vi } from 'vitest';
import { StoreError } from '../../../../functions/sync/errors.js';
import { errorLogger } from '../../../../functions/sync/middleware/error-logger.js';

describe('errorLogger', () => {
  it('logs the failure as one line with the error, counts it, and lets it through', async () => {
    const logger = new Logger({ serviceName: 'test' });
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
    const counted = vi.spyOn(metrics, 'addMetric');
    const error = vi.spyOn(logger, 'error').mockImplementation(() => {});
    const failure = new StoreError('PutItem failed', {
      cause: new Error('x'),
    });

    const result = await errorLogger(logger, metrics).onError?.({
      error: failure,
    } as Request);

    expect(error).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith('Sync failed', failure);
    expect(result).toBeUndefined();
    expect(counted).toHaveBeenCalledWith('SyncFailed', 'Count', 1);
  });
});
