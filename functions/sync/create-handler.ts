import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import secretsManager from '@middy/secrets-manager';
import type { Context } from 'aws-lambda';
import type { SyncConfig } from './config.js';
import { ConfigError } from './errors.js';
import { parseSyncEvent } from './event/parse-event.js';
import type { SyncRequest } from './event/sync-request.js';
import { createLogger } from './logger.js';
import { createMetrics, recordSummary } from './metrics.js';
import { errorLogger } from './middleware/error-logger.js';
import {
  type CredentialsContext,
  zoomCredentials,
} from './middleware/zoom-credentials.js';
import { SessionStore } from './store/session-store.js';
import { StateStore } from './store/state-store.js';
import { runSync } from './sync/run-sync.js';
import type { SyncSummary } from './sync/summary.js';
import { createZoomHttp } from './zoom/http.js';
import { ZoomSessionsClient } from './zoom/sessions-client.js';
import { ZoomTokenProvider } from './zoom/token-provider.js';

const SECRET_KEY = 'zoomSecret';

export interface HandlerOptions {
  config: SyncConfig;
  dynamoDb?: DynamoDBClient;
  /** Options for the Secrets Manager client, such as a local endpoint. */
  secretsManager?: SecretsManagerClientConfig;
  /** The fetch Zoom requests go through. */
  fetch?: typeof fetch;
  clock?: () => Date;
  logger?: Logger;
  metrics?: Metrics;
  /** Separates the secret cache of handlers built in one process. */
  secretCacheKey?: string;
}

type SyncContext = Context & CredentialsContext & { syncRequest: SyncRequest };

export type SyncHandler = (
  event: unknown,
  context: Context,
) => Promise<SyncSummary>;

/**
 * Builds the Lambda handler. What it creates here (clients, the token cache,
 * the secret cache) lives as long as the function instance, so that warm
 * invocations reuse the access token and the secret.
 */
export const createHandler = (options: HandlerOptions): SyncHandler => {
  const { config } = options;
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger ?? createLogger();
  const metrics = options.metrics ?? createMetrics();
  const cacheKey = options.secretCacheKey ?? 'zoom-sms-sync-secret';

  // Throttled DynamoDB calls are retried by the SDK with backoff; ten
  // attempts ride out a burst of on-demand throttling of some seconds.
  const documents = DynamoDBDocumentClient.from(
    options.dynamoDb ?? new DynamoDBClient({ maxAttempts: 10 }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const sessions = new SessionStore(documents, config.sessionsTableName);
  const state = new StateStore(documents, config.syncStateTableName);
  // Set per invocation: what the function has left, less the margin.
  let budgetMs = () => Number.POSITIVE_INFINITY;
  // Set per run: the listener that slows the run's slices down on a 429.
  let rateLimited = () => {};
  const apiHttp = createZoomHttp({
    onRateLimited: () => rateLimited(),
    requestsPerSecond: config.requestsPerSecond,
    budgetMs: () => budgetMs(),
    timeoutMs: config.requestTimeoutMs,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const oauthHttp = createZoomHttp({
    timeoutMs: config.requestTimeoutMs,
    budgetMs: () => budgetMs(),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const tokens = new ZoomTokenProvider({
    http: oauthHttp.ky,
    oauthBaseUrl: config.oauthBaseUrl,
    clock,
    budgetMs: () => budgetMs(),
  });

  const sync = async (_event: unknown, context: SyncContext) => {
    const request = context.syncRequest;
    budgetMs = () =>
      context.getRemainingTimeInMillis() - config.timeBudgetMarginMs;
    if (budgetMs() <= 0) {
      throw new ConfigError(
        `TIME_BUDGET_MARGIN_SECONDS (${config.timeBudgetMarginMs / 1000}) leaves no time: the invocation has ${Math.floor(context.getRemainingTimeInMillis() / 1000)} s; raise the function's timeout or lower the margin.`,
      );
    }
    const source = new ZoomSessionsClient({
      http: apiHttp.ky,
      apiBaseUrl: config.apiBaseUrl,
      tokens,
      credentials: context.zoomCredentials,
      maxPages: config.maxPagesPerWindow,
      budgetMs: () => budgetMs(),
    });

    const summary = await runSync(
      request,
      {
        pageSize: config.pageSize,
        filterType: config.filterType,
        lookbackMs: config.lookbackMs,
        sliceMs: config.sliceMs,
        sliceConcurrency: config.sliceConcurrency,
      },
      {
        source,
        sessions,
        state,
        logger,
        clock,
        budgetMs: () => budgetMs(),
        onRateLimited: (listener) => {
          rateLimited = listener;
        },
        // Outlives the invocation, so a run killed by its timeout frees it.
        leaseTtlMs: context.getRemainingTimeInMillis() + 60_000,
        zoomStats: () => ({
          requests: apiHttp.requestCount,
          tokens: tokens.tokensIssued,
        }),
      },
    );
    logger.info('Sync finished', { summary });
    recordSummary(metrics, summary);
    return summary;
  };

  return middy()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(errorLogger(logger, metrics))
    .use({
      // The event is checked before the secret is read or Zoom is called.
      before: (request) => {
        const syncRequest = parseSyncEvent(
          request.event,
          clock(),
          config.sessionType,
        );
        Object.assign(request.context, { syncRequest });
      },
    })
    .use(
      secretsManager({
        fetchData: { [SECRET_KEY]: config.secretId },
        cacheKey,
        cacheExpiry: config.secretCacheTtlMs,
        disablePrefetch: true,
        awsClientOptions: options.secretsManager ?? {},
      }),
    )
    .use(
      zoomCredentials({
        secretId: config.secretId,
        internalKey: SECRET_KEY,
        cacheKey,
      }),
    )
    .handler(sync as never) as unknown as SyncHandler;
};
