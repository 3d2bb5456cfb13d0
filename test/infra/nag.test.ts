import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Aspects, type PolicyViolation, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../infra/create-app.js';
import { CDK_JSON_CONTEXT, type Synthesized, synthApp } from './synth-app.js';

const SECRET_ARN =
  'arn:aws:secretsmanager:eu-west-1:111122223333:secret:zoom/s2s-AbC123';
const KEY_ARN =
  'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** Rules acknowledged in every variant: see the reasons next to each. */
const ALWAYS = [
  'AwsSolutions-IAM5[Resource::*]',
  'AwsSolutions-SQS3',
  'Serverless-LambdaDLQ',
  'Serverless-SQSRedrivePolicy',
];

const VARIANTS: [string, Record<string, unknown>, string[]][] = [
  ['the defaults of cdk.json', {}, [...ALWAYS, 'AwsSolutions-SMG4']],
  [
    'a secret imported by name',
    { 'zoomSmsSync:secretName': 'zoom/s2s' },
    ALWAYS,
  ],
  [
    'a secret imported by ARN, with its KMS key',
    {
      'zoomSmsSync:secretArn': SECRET_ARN,
      'zoomSmsSync:secretKmsKeyArn': KEY_ARN,
    },
    ALWAYS,
  ],
  [
    'a throwaway stack with an alarm email and the schedule off',
    {
      'zoomSmsSync:throwaway': true,
      'zoomSmsSync:alarmEmail': 'ops@example.com',
      'zoomSmsSync:scheduleEnabled': false,
    },
    [...ALWAYS, 'AwsSolutions-SMG4', 'Serverless-SNSRedrivePolicy'],
  ],
];

const packs = (): NagPack[] => [
  new AwsSolutionsChecks(),
  new ServerlessChecks(),
];

interface Finding {
  path: string;
  rule: string;
}

const findingsOf = (violations: PolicyViolation[]): Finding[] =>
  violations.flatMap((v) =>
    v.violatingResources.map((r) => ({
      path: r.constructPath ?? '',
      rule: v.ruleName,
    })),
  );

/**
 * What the packs would report if nothing were acknowledged. cdk-nag has no
 * switch for that, so the test replaces its private acknowledgement check.
 */
const rawFindings = (root: IConstruct): Finding[] =>
  packs().flatMap((pack) => {
    Object.assign(pack, { isAcknowledged: () => false });
    return findingsOf(pack.validateScope(root).violations);
  });

interface Acknowledgement {
  path: string;
  rule: string;
  reason: string;
}

/** Every `Validations.of(x).acknowledge()` in the tree. */
const acknowledgementsOf = (root: IConstruct): Acknowledgement[] =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(
          ([id, reason]) => ({
            path: construct.node.path,
            rule: id.replace(/^annotation::/i, ''),
            reason,
          }),
        ),
      ),
  );

/** An acknowledgement covers findings on its construct and below. */
const covers = (ack: Acknowledgement, finding: Finding): boolean =>
  ack.rule === finding.rule &&
  (finding.path === ack.path || finding.path.startsWith(`${ack.path}/`));

describe.each(VARIANTS)('cdk-nag over %s', (_name, context, expected) => {
  let synth: Synthesized;

  beforeAll(() => {
    synth = synthApp({ context, cfnValidation: true });
  });

  afterAll(() => synth.cleanup());

  it('synthesizes with an empty validation report (CloudFormation rules too)', () => {
    const report = JSON.parse(
      readFileSync(
        join(synth.assembly.directory, 'validation-report.json'),
        'utf8',
      ),
    ) as { pluginReports: { violations?: unknown[] }[] };
    for (const plugin of report.pluginReports) {
      expect(plugin.violations ?? []).toEqual([]);
    }
  });

  it('leaves no AwsSolutions or Serverless finding unacknowledged', () => {
    for (const pack of packs()) {
      const report = pack.validateScope(synth.app);
      expect(findingsOf(report.violations)).toEqual([]);
      expect(report.success).toBe(true);
    }
  });

  it('acknowledges only findings that occur, each with its reason', () => {
    const findings = rawFindings(synth.app);
    const acks = acknowledgementsOf(synth.app);

    for (const finding of findings) {
      expect(
        acks.some((ack) => covers(ack, finding)),
        `${finding.rule} on ${finding.path}`,
      ).toBe(true);
    }
    for (const ack of acks) {
      expect(
        findings.some((finding) => covers(ack, finding)),
        `${ack.rule} on ${ack.path} acknowledges nothing`,
      ).toBe(true);
      expect(ack.reason.length).toBeGreaterThan(40);
    }
    expect([...new Set(acks.map((a) => a.rule))].sort()).toEqual(
      [...expected].sort(),
    );
  });
});

describe('the app', () => {
  it('runs the packs as validation plugins that fail the synth', () => {
    const app = createApp({
      context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] },
    });
    const stack = app.node.children[0];
    if (stack === undefined) throw new Error('no stack');
    // A queue that takes requests without TLS: AwsSolutions-SQS4.
    new Queue(stack, 'Unchecked');

    expect(Aspects.of(app).all).toEqual([]);
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});
