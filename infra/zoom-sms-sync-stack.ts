import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { SyncSettingsInput } from './settings.js';
import { ZoomSmsSync } from './zoom-sms-sync.js';

export interface ZoomSmsSyncStackProps extends StackProps {
  settings?: SyncSettingsInput;
}

/** An example manual pull: a dry run over one month. */
const EXAMPLE_PULL = '{"from":"2026-10-01","to":"2026-10-31","dry_run":true}';

/** One deployment of zoom-sms-sync, with the outputs an operator needs. */
export class ZoomSmsSyncStack extends Stack {
  readonly sync: ZoomSmsSync;

  constructor(scope: Construct, id: string, props: ZoomSmsSyncStackProps = {}) {
    super(scope, id, {
      description:
        'zoom-sms-sync: Zoom Phone SMS sessions into DynamoDB, on a schedule',
      ...props,
    });
    const sync = new ZoomSmsSync(this, 'ZoomSmsSync', props.settings);
    this.sync = sync;

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output(
      'SessionsTableName',
      sync.sessionsTable.tableName,
      'Sessions table, one item per Zoom SMS session',
    );
    output('SessionsTableArn', sync.sessionsTable.tableArn, 'Sessions table');
    output(
      'SessionsTableStreamArn',
      sync.sessionsTable.tableStreamArn ?? '',
      'Stream of the sessions table (NEW_AND_OLD_IMAGES): consume it for changes',
    );
    output(
      'SyncStateTableName',
      sync.syncStateTable.tableName,
      'Sync-state table: watermarks and the last run',
    );
    output(
      'SyncStateTableArn',
      sync.syncStateTable.tableArn,
      'Sync-state table',
    );
    output('FunctionName', sync.function.functionName, 'Sync function');
    output('LogGroupName', sync.logGroup.logGroupName, 'Logs of the function');
    output(
      'SecretArn',
      sync.secretArn,
      'Zoom credentials secret (a partial ARN when imported by name)',
    );
    output(
      'PutSecretCommand',
      `aws secretsmanager put-secret-value --region ${this.region} --secret-id ${sync.secretId} --secret-string '{"account_id":"...","client_id":"...","client_secret":"..."}'`,
      'Puts the Zoom credentials into the secret: replace the three ... first',
    );
    output(
      'AdHocPullCommand',
      `aws lambda invoke --region ${this.region} --function-name ${sync.function.functionName} --cli-binary-format raw-in-base64-out --cli-read-timeout 900 --payload '${EXAMPLE_PULL}' summary.json`,
      'Runs an ad-hoc pull and writes its summary to summary.json; edit the payload',
    );
    output(
      'AlarmTopicArn',
      sync.alarmTopic.topicArn,
      'SNS topic of the alarms: subscribe to it',
    );
    output(
      'FailedInvocationsQueueUrl',
      sync.failureQueue.queueUrl,
      'Asynchronous invocations that failed every attempt',
    );
    output(
      'ScheduleDeadLetterQueueUrl',
      sync.scheduleDeadLetterQueue.queueUrl,
      'Scheduled invocations that EventBridge Scheduler could not deliver',
    );
  }
}
