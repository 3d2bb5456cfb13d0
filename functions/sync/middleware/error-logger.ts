import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';

/**
 * Logs a failed invocation as one structured line with the error's cause
 * chain, then lets the error through so that Lambda counts the failure.
 * Our errors carry no secret, and SDK or HTTP errors are wrapped before they
 * reach here.
 */
export const errorLogger = (logger: Logger): MiddlewareObj => ({
  onError: async (request) => {
    logger.error('Sync failed', request.error as Error);
  },
});
