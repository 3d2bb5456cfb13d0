import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../../infra/create-app.js';

/** The context of cdk.json, so that tests synthesize what `cdk synth` does. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
).context;

export interface SynthOptions {
  /** `zoomSmsSync:*` and other context on top of cdk.json's. */
  context?: Record<string, unknown>;
  /**
   * Run esbuild for the function's asset. Off by default: a template test
   * needs the asset's place, not its content, and skipping saves a second.
   */
  bundle?: boolean;
  /**
   * Check the template against CloudFormation's rules at synth, as cdk.json's
   * `@aws-cdk/core:validateAgainstDefaultRules` does for `cdk synth`. It
   * changes no template and its first run in a process loads the rules for
   * some seconds, so only the cdk-nag test, which asserts an empty
   * validation report, turns it on.
   */
  cfnValidation?: boolean;
}

export interface Synthesized {
  app: App;
  stack: Stack;
  assembly: ReturnType<App['synth']>;
  template: Template;
  /** The stack's template as JSON. */
  json: TemplateJson;
  /** Deletes the assembly's folder. */
  cleanup(): void;
}

export interface TemplateJson {
  Resources: Record<string, TemplateResource>;
  Outputs: Record<string, { Value: unknown; Description?: string }>;
}

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

/** Builds the app as infra/app.ts does and synthesizes it once. */
export const synthApp = (options: SynthOptions = {}): Synthesized => {
  const outdir = mkdtempSync(join(tmpdir(), 'zoom-sms-sync-cdk-'));
  const app = createApp({
    outdir,
    context: {
      ...CDK_JSON_CONTEXT,
      // What the CDK CLI sets: construct paths and asset folders in the
      // template's metadata, which the tests find resources by.
      'aws:cdk:enable-path-metadata': true,
      'aws:cdk:enable-asset-metadata': true,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      '@aws-cdk/core:validateAgainstDefaultRules':
        options.cfnValidation ?? false,
      ...options.context,
    },
  });
  const assembly = app.synth();
  const stack = app.node.children.find((child) => Stack.isStack(child));
  if (stack === undefined) throw new Error('The app has no stack');

  const json = assembly.getStackArtifact(stack.artifactId)
    .template as TemplateJson;
  return {
    app,
    stack,
    assembly,
    template: Template.fromJSON(json),
    json,
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
};

/** The resources of one type, by logical ID. */
export const resourcesOf = (
  json: TemplateJson,
  type: string,
): [string, TemplateResource][] =>
  Object.entries(json.Resources).filter(([, r]) => r.Type === type);

/** The one resource of `type` whose construct path ends with `pathEnd`. */
export const resourceAt = (
  json: TemplateJson,
  type: string,
  pathEnd: string,
): [string, TemplateResource] => {
  const found = resourcesOf(json, type).filter(([, r]) =>
    String(r.Metadata?.['aws:cdk:path'] ?? '').endsWith(pathEnd),
  );
  const [first] = found;
  if (found.length !== 1 || first === undefined) {
    throw new Error(
      `Expected one ${type} at */${pathEnd}, found ${found.length}`,
    );
  }

  return first;
};

/** A function resource's environment variables. */
export const environmentOf = (
  fn: TemplateResource,
): Record<string, unknown> => {
  const environment = fn.Properties?.Environment as
    | { Variables?: Record<string, unknown> }
    | undefined;
  return environment?.Variables ?? {};
};

export interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every statement of every AWS::IAM::Policy, with the policy's ID. */
export const identityPolicyStatements = (
  json: TemplateJson,
): { policy: string; statement: PolicyStatementJson }[] =>
  resourcesOf(json, 'AWS::IAM::Policy').flatMap(([policy, resource]) => {
    const document = resource.Properties?.PolicyDocument as
      | { Statement?: PolicyStatementJson[] }
      | undefined;
    return (document?.Statement ?? []).map((statement) => ({
      policy,
      statement,
    }));
  });
