import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../functions/sync/metrics.js';
import type { SyncSettings } from '../settings.js';
import {
  BUNDLE_TARGET,
  ESM_REQUIRE_BANNER,
  MAIN_FIELDS,
} from './bundle-options.js';
import type { ZoomCredentialsSecret } from './credentials-secret.js';
import type { SyncTables } from './tables.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The handler's source; esbuild bundles it and all it imports. */
export const SYNC_ENTRY = join(ROOT, 'functions/sync/handler.ts');

/** DynamoDB actions the code calls (functions/sync/store). */
const SESSIONS_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PutItem',
];
const SYNC_STATE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  // The run lease is given back with a conditional DeleteItem, and a
  // finished run deletes the progress item a cut-short one left.
  'dynamodb:DeleteItem',
];

export type SyncFunctionSettings = Pick<
  SyncSettings,
  | 'memorySize'
  | 'timeoutMinutes'
  | 'logRetentionDays'
  | 'logLevel'
  | 'throwaway'
  | 'pageSize'
  | 'sessionType'
  | 'filterType'
  | 'lookbackMinutes'
  | 'sliceHours'
  | 'sliceConcurrency'
  | 'requestsPerSecond'
  | 'requestTimeoutMs'
  | 'maxPagesPerWindow'
  | 'timeBudgetMarginSeconds'
  | 'secretCacheTtlSeconds'
  | 'oauthBaseUrl'
  | 'apiBaseUrl'
>;

export interface SyncFunctionProps {
  /** POWERTOOLS_SERVICE_NAME: the `service` dimension of its metrics. */
  serviceName: string;
  settings: SyncFunctionSettings;
  tables: SyncTables;
  secret: ZoomCredentialsSecret;
  /** Where asynchronous invocations go once Lambda gives up on them. */
  onFailure: IQueue;
}

/**
 * The sync function with the defaults every deployment gets:
 *
 * - Node.js 24 (`NODEJS_24_X`, the newest runtime aws-cdk-lib knows) on
 *   ARM64 (Graviton: cheaper per GB-second, and nothing native to build).
 * - Reserved concurrency 1: Zoom rate-limits per account, so one run at a
 *   time is the unit; a second invocation is throttled instead of sharing
 *   the limit (the run lease in the sync-state table backs this up).
 * - Asynchronous invocations (the schedule's) retried twice, kept at most
 *   an hour while throttled, then sent to the on-failure queue with the
 *   error.
 * - Active X-Ray tracing; its own log group with a retention; logs and
 *   metrics as JSON through Powertools (EMF for the metrics).
 * - An explicit role holding only what the code calls.
 */
export class SyncFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: SyncFunctionProps) {
    super(scope, id);
    const { settings, tables, secret } = props;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: settings.logRetentionDays,
      removalPolicy: settings.throwaway
        ? RemovalPolicy.DESTROY
        : RemovalPolicy.RETAIN,
    });

    // The role is ours, not the one NodejsFunction would make with the
    // AWSLambdaBasicExecutionRole managed policy: writes to this one log
    // group are all the logging it needs.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'zoom-sms-sync function: Zoom secret, two tables, logs.',
    });
    this.logGroup.grantWrite(role);
    secret.grantGetSecretValue(role);
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: SESSIONS_ACTIONS,
        resources: [tables.sessions.tableArn],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: SYNC_STATE_ACTIONS,
        resources: [tables.syncState.tableArn],
      }),
    );
    // Lambda sends failed asynchronous events with the function's role, and
    // SendMessage is all it calls (SqsDestination would add two reads).
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [props.onFailure.queueArn],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      description: 'Pulls Zoom Phone SMS sessions into DynamoDB, deltas only.',
      entry: SYNC_ENTRY,
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: settings.memorySize,
      timeout: Duration.minutes(settings.timeoutMinutes),
      reservedConcurrentExecutions: 1,
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: { bind: () => ({ destination: props.onFailure.queueArn }) },
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      role,
      environment: {
        ZOOM_SECRET_ID: secret.secretId,
        SESSIONS_TABLE_NAME: tables.sessions.tableName,
        SYNC_STATE_TABLE_NAME: tables.syncState.tableName,
        ZOOM_OAUTH_BASE_URL: settings.oauthBaseUrl,
        ZOOM_API_BASE_URL: settings.apiBaseUrl,
        ZOOM_PAGE_SIZE: String(settings.pageSize),
        ZOOM_SESSION_TYPE: settings.sessionType,
        ZOOM_FILTER_TYPE: settings.filterType,
        ZOOM_MAX_PAGES_PER_WINDOW: String(settings.maxPagesPerWindow),
        ZOOM_REQUESTS_PER_SECOND: String(settings.requestsPerSecond),
        ZOOM_REQUEST_TIMEOUT_MS: String(settings.requestTimeoutMs),
        LOOKBACK_MINUTES: String(settings.lookbackMinutes),
        SLICE_HOURS: String(settings.sliceHours),
        SLICE_CONCURRENCY: String(settings.sliceConcurrency),
        TIME_BUDGET_MARGIN_SECONDS: String(settings.timeBudgetMarginSeconds),
        SECRET_CACHE_TTL_SECONDS: String(settings.secretCacheTtlSeconds),
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: settings.logLevel,
        // Stack traces point into functions/sync/*.ts, not minified code.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        // esbuild from devDependencies: synth needs neither Docker nor a
        // network.
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: BUNDLE_TARGET,
        mainFields: MAIN_FIELDS,
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        // The AWS SDK is bundled, not taken from the runtime. Loading the
        // handler module (import plus top-level setup, what the init phase
        // spends on our code), median of 30 fresh processes each, measured
        // with bench/bundle-load.ts on Node 20 and 2 vCPUs:
        //   @aws-sdk/* and @smithy/* bundled:   146 ms (p90 208), 888 KiB
        //   external, from node_modules:        266 ms (p90 373), 535 KiB
        //   the same with --enable-source-maps: 180 ms and 281 ms
        // One minified file loads faster than the SDK's hundreds of files,
        // and bundling pins the SDK to the version the tests ran against.
        externalModules: [],
      },
    });

    // X-Ray's PutTraceSegments and PutTelemetryRecords have no resource
    // level: AWS documents them for Resource "*" only.
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so IAM requires Resource "*".',
    });
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'The asynchronous on-failure destination (an SQS queue) replaces a DLQ: it records the error and the request with the event, and Lambda sends a failure to one or the other, not both.',
    });
  }
}
