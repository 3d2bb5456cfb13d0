import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// Hand-written: no npm package serves the Secrets Manager API without Docker,
// and the sync needs only GetSecretValue.

export interface SecretsManagerEmulator {
  endpoint: string;
  /** Sets or replaces a secret's string value. */
  put(secretId: string, value: string): void;
  /** GetSecretValue calls answered so far. */
  readonly reads: number;
  stop(): Promise<void>;
}

/**
 * A local Secrets Manager endpoint that answers GetSecretValue from memory,
 * so that the real SDK client and @middy/secrets-manager run unchanged.
 */
export const startSecretsManagerEmulator = async (
  secrets: Record<string, string> = {},
): Promise<SecretsManagerEmulator> => {
  const store = new Map(Object.entries(secrets));
  let reads = 0;

  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += String(chunk);
    });
    req.on('end', () => {
      const answer = (status: number, payload: object) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(payload));
      };

      const target = String(req.headers['x-amz-target'] ?? '');
      if (target !== 'secretsmanager.GetSecretValue') {
        answer(400, {
          __type: 'InvalidRequestException',
          message: `This emulator only serves GetSecretValue, not ${target}`,
        });
        return;
      }

      reads += 1;
      let secretId = '';
      try {
        secretId = String(JSON.parse(body).SecretId ?? '');
      } catch {}
      const value = store.get(secretId);
      if (value === undefined) {
        answer(400, {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        });
        return;
      }

      answer(200, {
        ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${secretId}`,
        Name: secretId,
        SecretString: value,
        VersionId: 'local',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 0,
      });
    });
  });

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    put: (secretId, value) => {
      store.set(secretId, value);
    },
    get reads() {
      return reads;
    },
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
};
