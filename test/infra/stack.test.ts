import { Match } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/sync/config.js';
import { SERVICE_NAME } from '../../functions/sync/constants.js';
import { SECRET_KEYS } from '../../functions/sync/credentials/secret-schema.js';
import { METRIC, METRICS_NAMESPACE } from '../../functions/sync/metrics.js';
import {
  createTableInput,
  SESSIONS_TABLE,
  SYNC_STATE_TABLE,
} from '../../functions/sync/store/table-definitions.js';
import {
  environmentOf,
  identityPolicyStatements,
  resourceAt,
  resourcesOf,
  type Synthesized,
  synthApp,
  type TemplateJson,
} from './synth-app.js';

let synth: Synthesized;
let json: TemplateJson;

beforeAll(() => {
  synth = synthApp();
  json = synth.json;
});

afterAll(() => synth.cleanup());

const TABLE = 'AWS::DynamoDB::Table';
const sessionsTable = () => resourceAt(json, TABLE, 'Tables/Sessions/Resource');
const stateTable = () => resourceAt(json, TABLE, 'Tables/SyncState/Resource');
const ref = (logicalId: string) => ({ Ref: logicalId });
const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
const functionResource = () =>
  resourceAt(json, 'AWS::Lambda::Function', 'Sync/Function/Resource');

/** Every statement of every identity policy in the template. */
const identityStatements = () =>
  identityPolicyStatements(json).map(({ policy, statement }) => ({
    policy,
    actions: [statement.Action].flat(),
    resources: [statement.Resource].flat(),
  }));

const functionPolicyStatements = () => {
  const [roleId] = resourceAt(json, 'AWS::IAM::Role', 'Sync/Role/Resource');
  const [policyId] = resourcesOf(json, 'AWS::IAM::Policy').filter(([, p]) =>
    JSON.stringify(p.Properties?.Roles).includes(roleId),
  )[0] ?? [''];
  return identityStatements().filter((s) => s.policy === policyId);
};

describe('the sessions table', () => {
  it('is keyed by session_id and streams new and old images', () => {
    const [, table] = sessionsTable();
    expect(table.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'session_id', KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: 'session_id', AttributeType: 'S' },
      ],
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('is billed on demand, with point-in-time recovery and encryption at rest', () => {
    const [, table] = sessionsTable();
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('is protected from deletion and retained when the stack goes', () => {
    const [, table] = sessionsTable();
    expect(table.Properties?.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });
});

describe('the sync-state table', () => {
  it('is on demand with point-in-time recovery and no stream', () => {
    const [, table] = stateTable();
    expect(table.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    expect(table.Properties?.StreamSpecification).toBeUndefined();
  });
});

describe('both tables', () => {
  it.each([
    ['sessions', sessionsTable, SESSIONS_TABLE],
    ['sync-state', stateTable, SYNC_STATE_TABLE],
  ] as const)(
    'match the shared definition the local start and tests use (%s)',
    (_name, find, definition) => {
      const [, table] = find();
      const local = createTableInput('any', definition);
      expect(table.Properties?.KeySchema).toEqual(local.KeySchema);
      expect(table.Properties?.AttributeDefinitions).toEqual(
        local.AttributeDefinitions,
      );
      expect(table.Properties?.BillingMode).toBe(local.BillingMode);
      expect(
        (table.Properties?.StreamSpecification as { StreamViewType?: string })
          ?.StreamViewType,
      ).toBe(local.StreamSpecification?.StreamViewType);
    },
  );

  it('are the only tables', () => {
    expect(resourcesOf(json, TABLE)).toHaveLength(2);
  });
});

describe('the credentials secret', () => {
  it('is created with the expected keys, holding placeholders only', () => {
    const [, secret] = resourceAt(
      json,
      'AWS::SecretsManager::Secret',
      'ZoomCredentials/Secret/Resource',
    );
    const value = JSON.parse(String(secret.Properties?.SecretString));
    expect(Object.keys(value).sort()).toEqual([...SECRET_KEYS].sort());
    expect(new Set(Object.values(value))).toEqual(new Set(['REPLACE_ME']));
    expect(secret.Properties?.GenerateSecretString).toBeUndefined();
    expect(secret.DeletionPolicy).toBe('Retain');
  });
});

describe('the sync function', () => {
  it('runs on the newest Node.js runtime aws-cdk-lib offers, on ARM64', () => {
    const newest = Runtime.ALL.filter(
      (r) => /^nodejs\d+\.x$/.test(r.name) && !r.isVariable,
    )
      .map((r) => r.name)
      .sort(
        (a, b) =>
          Number.parseInt(b.slice(6), 10) - Number.parseInt(a.slice(6), 10),
      )[0];
    const [, fn] = functionResource();
    expect(fn.Properties?.Runtime).toBe(newest);
    expect(fn.Properties?.Runtime).toBe('nodejs24.x');
    expect(fn.Properties?.Architectures).toEqual(['arm64']);
  });

  it('runs one at a time, traced, with the memory and timeout of cdk.json', () => {
    const [, fn] = functionResource();
    expect(fn.Properties).toMatchObject({
      ReservedConcurrentExecutions: 1,
      MemorySize: 512,
      Timeout: 600,
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
    });
    expect(Number(fn.Properties?.Timeout)).toBeLessThan(15 * 60);
  });

  it('logs to its own log group, kept 90 days and retained', () => {
    const [logsId, logs] = resourceAt(
      json,
      'AWS::Logs::LogGroup',
      'Sync/Logs/Resource',
    );
    const [, fn] = functionResource();
    expect(fn.Properties?.LoggingConfig).toEqual({ LogGroup: ref(logsId) });
    expect(logs.Properties?.RetentionInDays).toBe(90);
    expect(logs.DeletionPolicy).toBe('Retain');
  });

  it('gets an environment that the function reads into the production defaults', () => {
    const [, fn] = functionResource();
    const variables = environmentOf(fn);
    const [secretId] = resourceAt(
      json,
      'AWS::SecretsManager::Secret',
      'ZoomCredentials/Secret/Resource',
    );
    expect(variables).toMatchObject({
      ZOOM_SECRET_ID: ref(secretId),
      SESSIONS_TABLE_NAME: ref(sessionsTable()[0]),
      SYNC_STATE_TABLE_NAME: ref(stateTable()[0]),
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      POWERTOOLS_SERVICE_NAME: `${SERVICE_NAME}-ZoomSmsSync`,
      NODE_OPTIONS: '--enable-source-maps',
    });

    const literal = Object.fromEntries(
      Object.entries(variables).map(([k, v]) => [
        k,
        typeof v === 'string' ? v : `token-of-${k}`,
      ]),
    );
    expect(loadConfig(literal)).toMatchObject({
      secretId: 'token-of-ZOOM_SECRET_ID',
      sessionsTableName: 'token-of-SESSIONS_TABLE_NAME',
      syncStateTableName: 'token-of-SYNC_STATE_TABLE_NAME',
      oauthBaseUrl: 'https://zoom.us',
      apiBaseUrl: 'https://api.zoom.us',
      pageSize: 100,
      sessionType: 'all',
      filterType: 'last_message_time',
      requestsPerSecond: 8,
      requestTimeoutMs: 30_000,
      maxPagesPerWindow: 10_000,
      lookbackMs: 60 * 60_000,
      sliceMs: 24 * 3_600_000,
      timeBudgetMarginMs: 30_000,
      secretCacheTtlMs: 300_000,
    });
  });

  it('sends asynchronous invocations that fail every retry to an SQS queue', () => {
    const [queueId] = resourceAt(
      json,
      'AWS::SQS::Queue',
      'FailedInvocations/Resource',
    );
    const [functionId] = functionResource();
    synth.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: ref(functionId),
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: arnOf(queueId) } },
    });
  });
});

describe('the schedule', () => {
  it('invokes the function every 15 minutes with an empty event', () => {
    const [functionId] = functionResource();
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({ Arn: arnOf(functionId), Input: '{}' }),
    });
  });

  it('retries, then hands what it cannot deliver to a dead-letter queue', () => {
    const [queueId] = resourceAt(
      json,
      'AWS::SQS::Queue',
      'Schedule/DeadLetters/Resource',
    );
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({
        RetryPolicy: {
          MaximumRetryAttempts: 3,
          MaximumEventAgeInSeconds: 3600,
        },
        DeadLetterConfig: { Arn: arnOf(queueId) },
      }),
    });
  });

  it('assumes a role that may invoke only the function and send to its DLQ', () => {
    const [roleId, role] = resourceAt(
      json,
      'AWS::IAM::Role',
      'Schedule/Role/Resource',
    );
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({ RoleArn: arnOf(roleId) }),
    });
    expect(JSON.stringify(role.Properties?.AssumeRolePolicyDocument)).toContain(
      'aws:SourceAccount',
    );
    const [queueId] = resourceAt(
      json,
      'AWS::SQS::Queue',
      'Schedule/DeadLetters/Resource',
    );
    const statements = identityStatements().filter((s) =>
      JSON.stringify(json.Resources[s.policy]?.Properties?.Roles).includes(
        roleId,
      ),
    );
    expect(statements).toEqual([
      {
        policy: expect.any(String),
        actions: ['lambda:InvokeFunction'],
        resources: [arnOf(functionResource()[0])],
      },
      {
        policy: expect.any(String),
        actions: ['sqs:SendMessage'],
        resources: [arnOf(queueId)],
      },
    ]);
  });
});

describe('the failure queues', () => {
  it.each(['FailedInvocations/Resource', 'Schedule/DeadLetters/Resource'])(
    'are encrypted and refuse requests without TLS (%s)',
    (path) => {
      const [queueId, queue] = resourceAt(json, 'AWS::SQS::Queue', path);
      expect(queue.Properties?.SqsManagedSseEnabled).toBe(true);
      synth.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(queueId)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    },
  );
});

describe('the alarms', () => {
  const alarms = () => resourcesOf(json, 'AWS::CloudWatch::Alarm');
  const alarmOn = (metricName: string) => {
    const found = alarms().filter(
      ([, a]) => a.Properties?.MetricName === metricName,
    );
    return found.map(([, a]) => a.Properties ?? {});
  };

  it('notify the one SNS topic, on ALARM and on OK', () => {
    const [topicId] = resourceAt(
      json,
      'AWS::SNS::Topic',
      'Alarms/Topic/Resource',
    );
    expect(alarms()).toHaveLength(5);
    for (const [, alarm] of alarms()) {
      expect(alarm.Properties?.AlarmActions).toEqual([ref(topicId)]);
      expect(alarm.Properties?.OKActions).toEqual([ref(topicId)]);
    }
  });

  it('watch function errors and throttles', () => {
    const [functionId] = functionResource();
    const dimension = [{ Name: 'FunctionName', Value: ref(functionId) }];
    expect(alarmOn('Errors')).toEqual([
      expect.objectContaining({
        Namespace: 'AWS/Lambda',
        Dimensions: dimension,
        Threshold: 1,
      }),
    ]);
    expect(alarmOn('Throttles')).toEqual([
      expect.objectContaining({
        Namespace: 'AWS/Lambda',
        Dimensions: dimension,
      }),
    ]);
  });

  it('watch both dead-letter queues for any message', () => {
    expect(alarmOn('ApproximateNumberOfMessagesVisible')).toHaveLength(2);
  });

  it('raise "no successful sync" after 4 schedule periods without SyncSucceeded', () => {
    expect(alarmOn(METRIC.syncSucceeded)).toEqual([
      expect.objectContaining({
        Namespace: METRICS_NAMESPACE,
        Dimensions: [{ Name: 'service', Value: `${SERVICE_NAME}-ZoomSmsSync` }],
        Statistic: 'Sum',
        Period: 15 * 60,
        EvaluationPeriods: 4,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        TreatMissingData: 'breaching',
      }),
    ]);
  });

  it('go to an encrypted topic with no subscription unless an email is set', () => {
    const [keyId] = resourceAt(
      json,
      'AWS::KMS::Key',
      'Alarms/TopicKey/Resource',
    );
    synth.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: arnOf(keyId),
    });
    synth.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('use a rotated key that CloudWatch may use and that holds no data to keep', () => {
    const [, key] = resourceAt(
      json,
      'AWS::KMS::Key',
      'Alarms/TopicKey/Resource',
    );
    expect(key.Properties?.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Delete');
    expect(JSON.stringify(key.Properties?.KeyPolicy)).toContain(
      'cloudwatch.amazonaws.com',
    );
  });
});

describe('IAM', () => {
  it('uses no wildcard action in any identity policy', () => {
    for (const statement of identityStatements()) {
      for (const action of statement.actions) expect(action).not.toContain('*');
    }
  });

  it('uses Resource "*" only for the X-Ray calls, which allow nothing else', () => {
    const starred = identityStatements().filter((s) =>
      s.resources.includes('*'),
    );
    expect(starred.flatMap((s) => s.actions).sort()).toEqual([
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it('lets the function read the one secret, by its ARN, and nothing else of Secrets Manager', () => {
    const [secretId] = resourceAt(
      json,
      'AWS::SecretsManager::Secret',
      'ZoomCredentials/Secret/Resource',
    );
    const secrets = functionPolicyStatements().filter((s) =>
      s.actions.some((a) => a.startsWith('secretsmanager:')),
    );
    expect(secrets).toEqual([
      {
        policy: expect.any(String),
        actions: ['secretsmanager:GetSecretValue'],
        resources: [ref(secretId)],
      },
    ]);
  });

  it('grants the function only the DynamoDB actions the code uses, on the two tables', () => {
    const dynamo = functionPolicyStatements().filter((s) =>
      s.actions.some((a) => a.startsWith('dynamodb:')),
    );
    expect(dynamo).toEqual([
      {
        policy: expect.any(String),
        actions: [
          'dynamodb:BatchGetItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:PutItem',
        ],
        resources: [arnOf(sessionsTable()[0])],
      },
      {
        policy: expect.any(String),
        actions: [
          'dynamodb:DeleteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
        ],
        resources: [arnOf(stateTable()[0])],
      },
    ]);
  });

  it('gives the function role no managed policy', () => {
    const [, role] = resourceAt(json, 'AWS::IAM::Role', 'Sync/Role/Resource');
    expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
  });
});

describe('the outputs', () => {
  it.each([
    'SessionsTableName',
    'SessionsTableArn',
    'SessionsTableStreamArn',
    'SyncStateTableName',
    'SyncStateTableArn',
    'FunctionName',
    'SecretArn',
    'AdHocPullCommand',
  ])('include %s', (name) => {
    expect(json.Outputs[name]?.Value).toBeDefined();
  });

  it('give the stream ARN of the sessions table', () => {
    expect(json.Outputs.SessionsTableStreamArn?.Value).toEqual({
      'Fn::GetAtt': [sessionsTable()[0], 'StreamArn'],
    });
  });

  it('give an aws lambda invoke line for an ad-hoc pull of this function', () => {
    const line = JSON.stringify(json.Outputs.AdHocPullCommand?.Value);
    expect(line).toContain('aws lambda invoke');
    expect(line).toContain(JSON.stringify(ref(functionResource()[0])));
    expect(line).toContain('--cli-binary-format raw-in-base64-out');
  });
});
