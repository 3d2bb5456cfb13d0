import { App, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/sync/config.js';
import { CONTEXT_PREFIX } from '../../infra/context.js';
import { createApp } from '../../infra/create-app.js';
import { DEFAULT_SETTINGS, SETTING_KEYS } from '../../infra/settings.js';
import { ZoomSmsSync } from '../../infra/zoom-sms-sync.js';
import {
  CDK_JSON_CONTEXT,
  environmentOf,
  identityPolicyStatements,
  resourceAt,
  resourcesOf,
  type Synthesized,
  synthApp,
  type TemplateJson,
} from './synth-app.js';

const SECRET_ARN =
  'arn:aws:secretsmanager:eu-west-1:111122223333:secret:zoom/s2s-AbC123';
const KEY_ARN =
  'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const ctx = (values: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(values).map(([k, v]) => [`${CONTEXT_PREFIX}${k}`, v]),
  );

const functionOf = (json: TemplateJson) =>
  resourceAt(json, 'AWS::Lambda::Function', 'Sync/Function/Resource')[1];

const envOf = (json: TemplateJson) => environmentOf(functionOf(json));

const secretStatements = (json: TemplateJson) =>
  identityPolicyStatements(json)
    .map(({ statement }) => statement)
    .filter((s) => /secretsmanager:|kms:/.test(JSON.stringify(s.Action)));

describe('cdk.json', () => {
  it('lists every option, with the defaults of the code', () => {
    const listed = Object.keys(CDK_JSON_CONTEXT)
      .filter((key) => key.startsWith(CONTEXT_PREFIX))
      .map((key) => key.slice(CONTEXT_PREFIX.length))
      .sort();
    expect(listed).toEqual([...SETTING_KEYS, 'stackName'].sort());

    const defaults: Record<string, unknown> = DEFAULT_SETTINGS;
    for (const key of SETTING_KEYS) {
      expect(CDK_JSON_CONTEXT[`${CONTEXT_PREFIX}${key}`], key).toEqual(
        defaults[key] ?? '',
      );
    }
  });
});

describe('a stack with an imported secret, thrown away, schedule off, email', () => {
  let synth: Synthesized;

  beforeAll(() => {
    synth = synthApp({
      context: ctx({
        secretName: 'zoom/s2s',
        throwaway: true,
        scheduleEnabled: false,
        alarmEmail: 'ops@example.com',
      }),
    });
  });

  afterAll(() => synth.cleanup());

  it('creates no secret and reads the named one, whatever its suffix', () => {
    synth.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(envOf(synth.json).ZOOM_SECRET_ID).toBe('zoom/s2s');
    const [statement, ...others] = secretStatements(synth.json);
    expect(others).toEqual([]);
    expect(statement?.Action).toBe('secretsmanager:GetSecretValue');
    expect(JSON.stringify(statement?.Resource)).toMatch(
      /:secret:zoom\/s2s-\?\?\?\?\?\?"/,
    );
  });

  it('lets the sessions table and the logs go with the stack', () => {
    const [, table] = resourceAt(
      synth.json,
      'AWS::DynamoDB::Table',
      'Tables/Sessions/Resource',
    );
    expect(table.Properties?.DeletionProtectionEnabled).toBe(false);
    expect(table.DeletionPolicy).toBe('Delete');
    const [, logs] = resourceAt(
      synth.json,
      'AWS::Logs::LogGroup',
      'Sync/Logs/Resource',
    );
    expect(logs.DeletionPolicy).toBe('Delete');
  });

  it('keeps the schedule, disabled, and drops the missed-sync alarm', () => {
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      State: 'DISABLED',
    });
    const metrics = resourcesOf(synth.json, 'AWS::CloudWatch::Alarm').map(
      ([, a]) => a.Properties?.MetricName,
    );
    expect(metrics).not.toContain('SyncSucceeded');
    expect(metrics).toHaveLength(4);
  });

  it('subscribes the email address to the alarm topic', () => {
    synth.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });
});

describe('a stack configured with `cdk -c` strings', () => {
  let synth: Synthesized;

  beforeAll(() => {
    synth = synthApp({
      context: ctx({
        secretArn: SECRET_ARN,
        secretKmsKeyArn: KEY_ARN,
        scheduleExpression: 'rate(1 hour)',
        missedSyncPeriods: '3',
        memorySize: '1024',
        timeoutMinutes: '14',
        logRetentionDays: '365',
        pageSize: '50',
        sessionType: 'user',
        filterType: 'sent_received_message_time',
        lookbackMinutes: '0',
        sliceHours: '6',
        timeBudgetMarginSeconds: '45',
        requestsPerSecond: '4',
        requestTimeoutMs: '10000',
        oauthBaseUrl: 'https://zoomgov.com/',
        apiBaseUrl: 'https://api.zoomgov.com',
        logLevel: 'DEBUG',
      }),
    });
  });

  afterAll(() => synth.cleanup());

  it('reads the secret by ARN and may decrypt it through Secrets Manager only', () => {
    expect(envOf(synth.json).ZOOM_SECRET_ID).toBe(SECRET_ARN);
    expect(secretStatements(synth.json)).toEqual([
      expect.objectContaining({
        Action: 'secretsmanager:GetSecretValue',
        Resource: SECRET_ARN,
      }),
      expect.objectContaining({
        Action: 'kms:Decrypt',
        Resource: KEY_ARN,
        Condition: {
          StringEquals: {
            'kms:ViaService': expect.objectContaining({
              'Fn::Join': expect.anything(),
            }),
          },
        },
      }),
    ]);
  });

  it('sizes the function and its logs as asked', () => {
    expect(functionOf(synth.json).Properties).toMatchObject({
      MemorySize: 1024,
      Timeout: 14 * 60,
    });
    synth.template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 365,
    });
  });

  it('passes the Zoom settings in the names the function reads', () => {
    const env = envOf(synth.json);
    expect(env.POWERTOOLS_LOG_LEVEL).toBe('DEBUG');
    const literal = Object.fromEntries(
      Object.entries(env).map(([k, v]) => [
        k,
        typeof v === 'string' ? v : 'x-token',
      ]),
    );
    expect(loadConfig(literal)).toMatchObject({
      pageSize: 50,
      sessionType: 'user',
      filterType: 'sent_received_message_time',
      lookbackMs: 0,
      sliceMs: 6 * 3_600_000,
      timeBudgetMarginMs: 45_000,
      requestsPerSecond: 4,
      requestTimeoutMs: 10_000,
      oauthBaseUrl: 'https://zoomgov.com',
      apiBaseUrl: 'https://api.zoomgov.com',
    });
  });

  it('schedules hourly and alarms after 3 hours without a successful sync', () => {
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
    });
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SyncSucceeded',
      Period: 3600,
      EvaluationPeriods: 3,
    });
  });
});

describe('a cron schedule', () => {
  let synth: Synthesized;

  beforeAll(() => {
    synth = synthApp({
      context: ctx({
        scheduleExpression: 'cron(0/30 * * * ? *)',
        schedulePeriodMinutes: 30,
      }),
    });
  });

  afterAll(() => synth.cleanup());

  it('uses the given period for the missed-sync alarm', () => {
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0/30 * * * ? *)',
    });
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SyncSucceeded',
      Period: 1800,
      EvaluationPeriods: 4,
    });
  });
});

describe('bad settings', () => {
  const build = (values: Record<string, unknown>) => () =>
    createApp({ context: { ...CDK_JSON_CONTEXT, ...values } });

  it.each([
    [
      { memorySize: 'lots' },
      /zoomSmsSync:memorySize must be an integer from 128 to 10240 MB; got "lots"/,
    ],
    [
      { timeoutMinutes: 15 },
      /zoomSmsSync:timeoutMinutes must be an integer from 1 to 14 minutes/,
    ],
    [
      { scheduleExpression: 'every 15 minutes' },
      /zoomSmsSync:scheduleExpression must be rate\(/,
    ],
    [
      { scheduleEnabled: 'yes' },
      /zoomSmsSync:scheduleEnabled must be true or false/,
    ],
    [
      { scheduleExpression: 'cron(0 * * * ? *)' },
      /zoomSmsSync:schedulePeriodMinutes is required with a cron\(\)/,
    ],
    [
      { missedSyncPeriods: 100 },
      /zoomSmsSync:missedSyncPeriods x the schedule period \(15 minutes\) is 1500 minutes/,
    ],
    [
      { logRetentionDays: 42 },
      /zoomSmsSync:logRetentionDays must be one of 1, 3, 5/,
    ],
    [
      { sessionType: 'users' },
      /zoomSmsSync:sessionType must be one of user, call_queue/,
    ],
    [
      { pageSize: 300 },
      /zoomSmsSync:pageSize must be an integer from 1 to 100/,
    ],
    [
      { oauthBaseUrl: 'http://zoom.us' },
      /zoomSmsSync:oauthBaseUrl must be an https:\/\/ URL/,
    ],
    [
      { oauthBaseUrl: 'https://zoomgov.com/oauth' },
      /zoomSmsSync:oauthBaseUrl must be an https:\/\/ URL of scheme and host only/,
    ],
    [
      { apiBaseUrl: 'https://user:pass@api.zoom.us' },
      /zoomSmsSync:apiBaseUrl must be an https:\/\/ URL of scheme and host only/,
    ],
    [{ alarmEmail: 'ops' }, /zoomSmsSync:alarmEmail must be an email address/],
    [
      { secretArn: 'zoom/s2s' },
      /zoomSmsSync:secretArn must be the complete ARN/,
    ],
    [
      { secretName: 'a', secretArn: SECRET_ARN },
      /either Context key zoomSmsSync:secretName or Context key zoomSmsSync:secretArn, not both/,
    ],
    [
      { secretKmsKeyArn: KEY_ARN },
      /zoomSmsSync:secretKmsKeyArn applies only to an imported secret/,
    ],
    [
      { requestTimeoutMs: 60_000, timeoutMinutes: 1 },
      /zoomSmsSync:requestTimeoutMs must be shorter than/,
    ],
    [
      { timeBudgetMarginSeconds: 60, timeoutMinutes: 1 },
      /zoomSmsSync:timeBudgetMarginSeconds must be shorter than/,
    ],
    [
      { memorysize: 1024 },
      /zoomSmsSync:memorysize is not an option of this app/,
    ],
    [
      { stackName: '1st' },
      /zoomSmsSync:stackName must be a CloudFormation stack name/,
    ],
  ])('refuse %o with a message naming the key', (values, message) => {
    expect(build(ctx(values))).toThrow(message);
    expect(build(ctx(values))).toThrow(
      expect.objectContaining({ name: 'SettingsError' }),
    );
  });

  it('name the prop when the construct is used directly', () => {
    const stack = new Stack(new App(), 'S');

    expect(() => new ZoomSmsSync(stack, 'Sync', { memorySize: 64 })).toThrow(
      'Prop memorySize must be an integer from 128 to 10240 MB; got 64.',
    );
  });
});
