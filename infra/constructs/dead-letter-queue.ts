import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * An SQS queue that holds what could not be delivered, for an operator to
 * read: encrypted at rest with the SQS managed key (no key policy needed by
 * the AWS services that send to it), TLS only, kept for SQS's maximum of
 * 14 days. An alarm on its depth says when something lands here.
 */
export const deadLetterQueue = (
  scope: Construct,
  id: string,
  holds: string,
): Queue => {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });

  const reason = `This queue is itself the dead-letter queue (${holds}); nothing consumes it automatically, so there is nothing to redrive from it.`;
  Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason });
  Validations.of(queue).acknowledge({
    id: 'Serverless-SQSRedrivePolicy',
    reason,
  });
  return queue;
};
