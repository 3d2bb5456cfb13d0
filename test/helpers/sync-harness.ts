import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { loadConfig, type SyncConfig } from '../../functions/sync/config.js';
import { createHandler } from '../../functions/sync/create-handler.js';
import type { SyncSummary } from '../../functions/sync/sync/summary.js';
import type { ZoomSmsSession } from '../../functions/sync/zoom/schema.js';
import type { TableNames } from '../../local/create-tables.js';
import { LOCAL_AWS } from '../../local/dynamodb-local.js';
import { localContext } from '../../local/local-context.js';
import {
  type SecretsManagerEmulator,
  startSecretsManagerEmulator,
} from '../../local/secrets-manager-emulator.js';
import {
  startZoomEmulator,
  type ZoomEmulator,
  type ZoomEmulatorOptions,
} from '../../local/zoom-emulator/index.js';
import { captureOutput } from './capture-output.js';
import {
  createTestTables,
  localDynamoClient,
  scanAll,
  streamReader,
} from './dynamo.js';

export const TEST_CREDENTIALS = {
  accountId: 'test-account-7Hq',
  clientId: 'test-client-Xy3',
  clientSecret: 'test-secret-do-not-log-9f2c',
};

export const SECRET_ID = 'zoom-sms-sync/test';

/** The secret as the stack documents it. */
export const secretJson = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    account_id: TEST_CREDENTIALS.accountId,
    client_id: TEST_CREDENTIALS.clientId,
    client_secret: TEST_CREDENTIALS.clientSecret,
    ...overrides,
  });

export interface HarnessOptions {
  sessions?: ZoomSmsSession[];
  /** The clock of the handler and the emulator. */
  clock?: () => Date;
  /** Environment variables on top of the harness's own. */
  env?: Record<string, string>;
  /** The secret's string; the valid credentials by default. */
  secret?: string;
  /** More emulator options: faults, rate limit, latency, page token TTL. */
  emulator?: Omit<ZoomEmulatorOptions, 'credentials' | 'sessions' | 'now'>;
  /** The Lambda context of each invocation; a real 15-minute one by default. */
  context?: () => Context;
}

export interface Harness {
  zoom: ZoomEmulator;
  secrets: SecretsManagerEmulator;
  dynamo: DynamoDBClient;
  tables: TableNames;
  config: SyncConfig;
  /** Every line the function logged, across invocations. */
  logs: string[];
  /** Access tokens Zoom issued, seen on the wire. */
  issuedTokens: string[];
  /** Invokes the handler the way Lambda would. */
  invoke(event?: unknown): Promise<SyncSummary>;
  items(): Promise<Record<string, unknown>[]>;
  stream(): Promise<Awaited<ReturnType<typeof streamReader>>>;
  stop(): Promise<void>;
}

/**
 * The whole function against real parts: DynamoDB Local, the Zoom emulator
 * and the local Secrets Manager, each over real HTTP.
 */
export const startHarness = async (
  options: HarnessOptions = {},
): Promise<Harness> => {
  const dynamo = localDynamoClient();
  const tables = await createTestTables(dynamo);
  const zoom = await startZoomEmulator({
    ...options.emulator,
    credentials: TEST_CREDENTIALS,
    sessions: options.sessions ?? [],
    ...(options.clock === undefined ? {} : { now: options.clock }),
  });
  const secrets = await startSecretsManagerEmulator({
    [SECRET_ID]: options.secret ?? secretJson(),
  });
  const config = loadConfig({
    ZOOM_SECRET_ID: SECRET_ID,
    SESSIONS_TABLE_NAME: tables.sessions,
    SYNC_STATE_TABLE_NAME: tables.syncState,
    ZOOM_OAUTH_BASE_URL: zoom.url,
    ZOOM_API_BASE_URL: zoom.url,
    ZOOM_REQUESTS_PER_SECOND: '200',
    // One slice a window unless a test asks for slices.
    SLICE_HOURS: '744',
    ...options.env,
  });

  const issuedTokens: string[] = [];
  const tappedFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (
      String(input instanceof Request ? input.url : input).includes(
        '/oauth/token',
      )
    ) {
      const body = (await response
        .clone()
        .json()
        .catch(() => ({}))) as {
        access_token?: string;
      };
      if (body.access_token) issuedTokens.push(body.access_token);
    }
    return response;
  };

  const handler = createHandler({
    config,
    dynamoDb: dynamo,
    secretsManager: { ...LOCAL_AWS, endpoint: secrets.endpoint },
    fetch: tappedFetch,
    secretCacheKey: `secret-${randomUUID()}`,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });

  const logs: string[] = [];
  const readers: { close(): void }[] = [];
  return {
    zoom,
    secrets,
    dynamo,
    tables,
    config,
    logs,
    issuedTokens,
    invoke: (event = {}) =>
      captureOutput(logs, () =>
        handler(event, options.context?.() ?? localContext()),
      ),
    items: () => scanAll(dynamo, tables.sessions),
    stream: async () => {
      const reader = await streamReader(dynamo, tables.sessions);
      readers.push(reader);
      return reader;
    },
    stop: async () => {
      for (const reader of readers) reader.close();
      await zoom.stop();
      await secrets.stop();
      dynamo.destroy();
    },
  };
};
