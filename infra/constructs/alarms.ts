import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE } from '../../functions/sync/metrics.js';

export interface SyncAlarmsProps {
  /** The `service` dimension the function's metrics carry. */
  serviceName: string;
  function: IFunction;
  /** Queues whose messages are failures: any message raises an alarm. */
  deadLetterQueues: { name: string; queue: IQueue }[];
  /** Minutes between scheduled runs; undefined when there is no schedule. */
  schedulePeriodMinutes: number | undefined;
  missedSyncPeriods: number;
  alarmEmail: string | undefined;
}

/** The function's errors and throttles are summed over this period. */
const PERIOD = Duration.minutes(5);

/**
 * The alarms of the sync and the SNS topic they notify, on ALARM and on OK.
 *
 * - errors: any failed invocation within 5 minutes;
 * - throttles: throttled invocations in 3 consecutive 5-minute periods,
 *   meaning runs keep colliding with a run still going (one at a time is
 *   the design, so a single throttle is no news);
 * - dead letters: a message in either failure queue;
 * - missed syncs: no `SyncSucceeded` for N schedule periods. The function
 *   emits it (Powertools Metrics, EMF) after every complete scheduled run;
 *   missing data counts as missing runs.
 */
export class SyncAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: SyncAlarmsProps) {
    super(scope, id);

    // CloudWatch can publish to an encrypted topic only with a customer
    // managed key whose policy lets it: the AWS managed SNS key does not.
    // SNS keeps no message once delivered, so the key protects no data at
    // rest and goes with the stack (after KMS's waiting period).
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the zoom-sms-sync alarm topic.',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(
      new ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey',
    );
    this.topic = new Topic(this, 'Topic', {
      displayName: 'zoom-sms-sync alarms',
      masterKey: key,
      enforceSSL: true,
    });

    if (props.alarmEmail !== undefined) {
      const subscription = this.topic.addSubscription(
        new EmailSubscription(props.alarmEmail),
      );
      Validations.of(subscription).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'An email subscription to alarm notifications: a message SNS cannot deliver to a mailbox would sit unread in a DLQ too, and the alarm state stays in CloudWatch.',
      });
    }

    const fn = props.function;
    const prefix = Stack.of(this).stackName;
    this.add('Errors', {
      alarmName: `${prefix}-sync-errors`,
      alarmDescription:
        'The zoom-sms-sync function failed. Its log group has the error; a failed scheduled run is retried, then lands in the on-failure queue.',
      metric: fn.metricErrors({ period: PERIOD, statistic: Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.add('Throttles', {
      alarmName: `${prefix}-sync-throttles`,
      alarmDescription:
        'Invocations of zoom-sms-sync were throttled for 15 minutes: runs overlap (reserved concurrency is 1). Runs may be too long for the schedule.',
      metric: fn.metricThrottles({ period: PERIOD, statistic: Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    for (const { name, queue } of props.deadLetterQueues) {
      this.add(`${name}DeadLetters`, {
        alarmName: `${prefix}-${name.toLowerCase()}-dead-letters`,
        alarmDescription: `A message is waiting in the ${name} dead-letter queue of zoom-sms-sync: an invocation was given up on.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: PERIOD,
          statistic: Stats.MAXIMUM,
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator:
          ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }

    if (props.schedulePeriodMinutes !== undefined) {
      this.add('MissedSyncs', {
        alarmName: `${prefix}-no-successful-sync`,
        alarmDescription: `No complete scheduled zoom-sms-sync run for ${props.missedSyncPeriods} schedule periods of ${props.schedulePeriodMinutes} minutes.`,
        metric: new Metric({
          namespace: METRICS_NAMESPACE,
          metricName: METRIC.syncSucceeded,
          dimensionsMap: { service: props.serviceName },
          period: Duration.minutes(props.schedulePeriodMinutes),
          statistic: Stats.SUM,
        }),
        threshold: 1,
        evaluationPeriods: props.missedSyncPeriods,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.BREACHING,
      });
    }
  }

  private add(id: string, props: ConstructorParameters<typeof Alarm>[2]) {
    const alarm = new Alarm(this, id, props);
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
  }
}
