import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue.js';

export interface SyncScheduleProps {
  function: IFunction;
  /** A Scheduler expression, `rate(15 minutes)` by default. */
  expression: string;
  /** False keeps the schedule, DISABLED. */
  enabled: boolean;
}

/**
 * The EventBridge Scheduler schedule of the incremental run. Its input is
 * `{}`, which the handler reads as "the scheduled run". Scheduler hands the
 * event to Lambda's asynchronous queue; what Scheduler itself cannot deliver
 * goes to a dead-letter queue after 3 retries within the hour: the next run
 * picks up from the watermark anyway, so older attempts are of no use.
 */
export class SyncSchedule extends Construct {
  readonly schedule: Schedule;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: SyncScheduleProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetters',
      'for schedule invocations that EventBridge Scheduler could not deliver',
    );

    // Our own role: the target's would also allow every version and alias
    // of the function (`<arn>:*`), where Scheduler calls the function only.
    const role = new Role(this, 'Role', {
      description: 'EventBridge Scheduler: invoke the zoom-sms-sync function',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: 'default',
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          },
        },
      }),
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [props.function.functionArn],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
      }),
    );

    this.schedule = new Schedule(this, 'Schedule', {
      description: 'zoom-sms-sync: the scheduled incremental run',
      schedule: ScheduleExpression.expression(props.expression),
      enabled: props.enabled,
      target: new LambdaInvoke(props.function, {
        // Immutable here: the statements above are all the role gets.
        role: role.withoutPolicyUpdates(),
        input: ScheduleTargetInput.fromObject({}),
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
  }
}
