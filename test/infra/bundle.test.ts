import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SyncSummary } from '../../functions/sync/sync/summary.js';
import type { TableNames } from '../../local/create-tables.js';
import { localAwsEnv } from '../../local/dynamodb-local.js';
import {
  type SecretsManagerEmulator,
  startSecretsManagerEmulator,
} from '../../local/secrets-manager-emulator.js';
import {
  startZoomEmulator,
  type ZoomEmulator,
} from '../../local/zoom-emulator/index.js';
import {
  createTestTables,
  localDynamoClient,
  scanAll,
} from '../helpers/dynamo.js';
import { sessionsUntil } from '../helpers/sessions.js';
import {
  SECRET_ID,
  secretJson,
  TEST_CREDENTIALS,
} from '../helpers/sync-harness.js';
import {
  environmentOf,
  resourceAt,
  type Synthesized,
  synthApp,
} from './synth-app.js';

// The function's asset exactly as `cdk synth` bundles it, run by a plain
// node process from a folder with no node_modules anywhere above it: if
// esbuild left any import outside the bundle, the import fails here.

/** Imports the bundle, invokes the handler once, writes what happened. */
const RUNNER = `
import { writeFileSync } from 'node:fs';
const [eventJson, outFile] = process.argv.slice(2);
const context = {
  functionName: 'zoom-sms-sync-bundle-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:zoom-sms-sync-bundle-test',
  memoryLimitInMB: '512',
  awsRequestId: 'bundle-test-request',
  logGroupName: '/aws/lambda/zoom-sms-sync-bundle-test',
  logStreamName: 'bundle-test',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 600000,
};
const { handler } = await import('./index.mjs');
try {
  const summary = await handler(JSON.parse(eventJson), context);
  writeFileSync(outFile, JSON.stringify({ summary }));
} catch (error) {
  writeFileSync(outFile, JSON.stringify({ error: { name: error.name, stack: error.stack } }));
}
// Idle keep-alive sockets to DynamoDB Local would hold the process open;
// Lambda freezes it instead.
process.exit(0);
`;

const SESSIONS = 150;

let synth: Synthesized;
let dir: string;
let zoom: ZoomEmulator;
let secrets: SecretsManagerEmulator;
let tables: TableNames;
let templateEnv: Record<string, unknown>;
const dynamo = localDynamoClient();

beforeAll(async () => {
  synth = synthApp({ bundle: true });
  const [, fn] = resourceAt(
    synth.json,
    'AWS::Lambda::Function',
    'Sync/Function/Resource',
  );
  const asset = join(
    synth.assembly.directory,
    String(fn.Metadata?.['aws:asset:path']),
  );
  templateEnv = environmentOf(fn);

  dir = mkdtempSync(join(tmpdir(), 'zoom-sms-sync-bundle-'));
  for (const file of ['index.mjs', 'index.mjs.map']) {
    copyFileSync(join(asset, file), join(dir, file));
  }
  writeFileSync(join(dir, 'run.mjs'), RUNNER);

  tables = await createTestTables(dynamo);
  zoom = await startZoomEmulator({
    credentials: TEST_CREDENTIALS,
    sessions: sessionsUntil(new Date(), SESSIONS),
  });
  secrets = await startSecretsManagerEmulator({ [SECRET_ID]: secretJson() });
});

afterAll(async () => {
  await zoom?.stop();
  await secrets?.stop();
  dynamo.destroy();
  synth?.cleanup();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  result: { summary?: SyncSummary; error?: { name: string; stack: string } };
}

/**
 * Runs the handler in a child process whose environment is the template's,
 * with the token-valued names and the endpoints pointed at the local parts.
 */
const invokeBundle = async (event: unknown): Promise<Run> => {
  const literal = Object.fromEntries(
    Object.entries(templateEnv).filter(([, v]) => typeof v === 'string'),
  ) as Record<string, string>;
  const env = {
    ...literal,
    ZOOM_SECRET_ID: SECRET_ID,
    SESSIONS_TABLE_NAME: tables.sessions,
    SYNC_STATE_TABLE_NAME: tables.syncState,
    ZOOM_OAUTH_BASE_URL: zoom.url,
    ZOOM_API_BASE_URL: zoom.url,
    ZOOM_REQUESTS_PER_SECOND: '40',
    ...localAwsEnv({
      dynamodb: inject('dynamoEndpoint'),
      secretsManager: secrets.endpoint,
    }),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const outFile = join(dir, `result-${Date.now()}.json`);
  const child = spawn(
    process.execPath,
    ['run.mjs', JSON.stringify(event), outFile],
    { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const code = await new Promise<number | null>((done) =>
    child.on('close', done),
  );
  const result = existsSync(outFile)
    ? JSON.parse(readFileSync(outFile, 'utf8'))
    : {};
  return { code, stdout, stderr, result };
};

describe('the synthesized bundle', () => {
  it('is copied to a folder with no node_modules in it or above it', () => {
    for (let d = dir; d !== dirname(d); d = dirname(d)) {
      expect(existsSync(join(d, 'node_modules')), d).toBe(false);
    }
  });

  it('runs a scheduled sync against the emulator and DynamoDB Local', async () => {
    const run = await invokeBundle({});

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.result.error).toBeUndefined();
    expect(run.result.summary).toMatchObject({
      mode: 'incremental',
      complete: true,
      inserted: SESSIONS,
    });
    expect(await scanAll(dynamo, tables.sessions)).toHaveLength(SESSIONS);

    // The metric that the "no successful sync" alarm of the same template
    // watches, as CloudWatch embedded metric format on stdout.
    const [, alarm] = resourceAt(
      synth.json,
      'AWS::CloudWatch::Alarm',
      'Alarms/MissedSyncs/Resource',
    );
    const watched = alarm.Properties as {
      Namespace: string;
      MetricName: string;
      Dimensions: { Name: string; Value: string }[];
    };
    const emf = run.stdout
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const succeeded = emf.find((record) =>
      JSON.stringify(record).includes(`"${watched.MetricName}"`),
    );
    expect(succeeded).toBeDefined();
    expect(succeeded?.[watched.MetricName]).toBe(1);
    for (const { Name, Value } of watched.Dimensions) {
      expect(succeeded?.[Name]).toBe(Value);
    }
    expect(JSON.stringify(succeeded?._aws)).toContain(
      `"Namespace":"${watched.Namespace}"`,
    );
  });

  it('maps stack traces back to the TypeScript sources', async () => {
    const run = await invokeBundle({ not_a_key: true });

    expect(run.result.error?.name).toBe('InvalidEventError');
    expect(run.result.error?.stack).toMatch(
      /functions\/sync\/event\/parse-event\.ts:\d+/,
    );
  });
});
