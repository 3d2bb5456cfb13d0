import { Logger } from '@aws-lambda-powertools/logger';
import { SERVICE_NAME } from './constants.js';

/**
 * The one structured JSON logger of the function. Its level comes from
 * POWERTOOLS_LOG_LEVEL (default INFO); the middleware adds the Lambda
 * context to every line.
 */
export const createLogger = (): Logger =>
  new Logger({ serviceName: SERVICE_NAME });
