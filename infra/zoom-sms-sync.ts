import { Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SERVICE_NAME } from '../functions/sync/constants.js';
import { SyncAlarms } from './constructs/alarms.js';
import { ZoomCredentialsSecret } from './constructs/credentials-secret.js';
import { deadLetterQueue } from './constructs/dead-letter-queue.js';
import { SyncFunction } from './constructs/sync-function.js';
import { SyncSchedule } from './constructs/sync-schedule.js';
import { SyncTables } from './constructs/tables.js';
import {
  resolveSettings,
  type SyncSettings,
  type SyncSettingsInput,
} from './settings.js';

export type ZoomSmsSyncProps = SyncSettingsInput;

/**
 * The whole system for one Zoom account: the sessions table and its stream,
 * the sync-state table, the credentials secret, the sync function, its
 * schedule, failure queues and alarms. Every prop is optional; the defaults
 * are those of production (see DEFAULT_SETTINGS).
 *
 * @example
 * new ZoomSmsSync(stack, 'Sync', { alarmEmail: 'ops@example.com' });
 */
export class ZoomSmsSync extends Construct {
  readonly settings: SyncSettings;
  readonly sessionsTable: Table;
  readonly syncStateTable: Table;
  /** The credentials secret (a partial ARN when imported by name). */
  readonly secretArn: string;
  /** What to pass as --secret-id: the name or ARN the function reads. */
  readonly secretId: string;
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  /** Asynchronous invocations that failed every attempt. */
  readonly failureQueue: Queue;
  readonly scheduleDeadLetterQueue: Queue;
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: ZoomSmsSyncProps = {}) {
    super(scope, id);
    const settings = resolveSettings(props, (key) => `Prop ${key}`);
    this.settings = settings;

    const tables = new SyncTables(this, 'Tables', settings);
    const secret = new ZoomCredentialsSecret(this, 'ZoomCredentials', settings);
    this.failureQueue = deadLetterQueue(
      this,
      'FailedInvocations',
      'the on-failure destination of the function: asynchronous invocations that failed every attempt',
    );
    // The metrics' service dimension: one per stack, so that two stacks in
    // one account and region do not sum into each other's alarms.
    const serviceName = `${SERVICE_NAME}-${Stack.of(this).stackName}`;
    const sync = new SyncFunction(this, 'Sync', {
      serviceName,
      settings,
      tables,
      secret,
      onFailure: this.failureQueue,
    });
    const schedule = new SyncSchedule(this, 'Schedule', {
      function: sync.function,
      expression: settings.scheduleExpression,
      enabled: settings.scheduleEnabled,
    });
    const alarms = new SyncAlarms(this, 'Alarms', {
      serviceName,
      function: sync.function,
      deadLetterQueues: [
        { name: 'Invocation', queue: this.failureQueue },
        { name: 'Schedule', queue: schedule.deadLetterQueue },
      ],
      // A disabled schedule runs nothing: no runs are missed.
      schedulePeriodMinutes: settings.scheduleEnabled
        ? settings.schedulePeriodMinutes
        : undefined,
      missedSyncPeriods: settings.missedSyncPeriods,
      alarmEmail: settings.alarmEmail,
    });

    this.sessionsTable = tables.sessions;
    this.syncStateTable = tables.syncState;
    this.secretArn = secret.secretArn;
    this.secretId = secret.secretId;
    this.function = sync.function;
    this.logGroup = sync.logGroup;
    this.scheduleDeadLetterQueue = schedule.deadLetterQueue;
    this.alarmTopic = alarms.topic;
  }
}
