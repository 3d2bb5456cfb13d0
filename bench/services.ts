import { readFileSync } from 'node:fs';
import type { ZoomSmsSession } from '../functions/sync/zoom/schema.js';
import { ensureTables, type TableNames } from '../local/create-tables.js';
import { startDynamoDbLocal } from '../local/dynamodb-local.js';
import { EMULATOR_CREDENTIALS } from '../local/local-zoom.js';
import { startSecretsManagerEmulator } from '../local/secrets-manager-emulator.js';
import {
  startZoomEmulator,
  type ZoomEmulator,
} from '../local/zoom-emulator/index.js';
import { type BenchConfig, SECRET_ID } from './config.js';
import { warmUp } from './warm-up.js';

/** A DynamoDB Local of one first sync: in memory, warmed up, two tables. */
export interface Store {
  endpoint: string;
  tables: TableNames;
  /** CPU seconds DynamoDB Local's process has used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/**
 * What serves the child processes, all in (or under) the bench's own
 * process: the Secrets Manager emulator for the whole run, a Zoom emulator
 * per data set (its own data and rate-limit window), and a DynamoDB Local
 * per first sync, because DynamoDB Local writes to the second stream-enabled
 * table it ever creates several times slower than to the first.
 */
export interface Services {
  secretsManager: string;
  /** A Zoom emulator serving `sessions`; the caller stops it. */
  startZoom(sessions: ZoomSmsSession[]): Promise<ZoomEmulator>;
  /** A fresh DynamoDB Local with empty tables; the caller stops it. */
  freshStore(): Promise<Store>;
  stop(): Promise<void>;
}

/**
 * User plus system CPU time of a process, from /proc (Linux): fields 14
 * and 15 of its stat line, in USER_HZ ticks, which Linux fixes at 100 a
 * second. NaN where there is no /proc.
 */
const processCpuSeconds = (pid: number | undefined): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: count after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
};

const TABLES: TableNames = {
  sessions: 'bench-sessions',
  syncState: 'bench-sync-state',
};

export const startServices = async (config: BenchConfig): Promise<Services> => {
  const secrets = await startSecretsManagerEmulator({
    [SECRET_ID]: JSON.stringify({
      account_id: EMULATOR_CREDENTIALS.accountId,
      client_id: EMULATOR_CREDENTIALS.clientId,
      client_secret: EMULATOR_CREDENTIALS.clientSecret,
    }),
  });
  const open = new Set<() => Promise<void>>();

  return {
    secretsManager: secrets.endpoint,
    startZoom: (sessions) =>
      startZoomEmulator({
        credentials: EMULATOR_CREDENTIALS,
        sessions,
        latencyMs: config.latencyMs,
        rateLimit: { perSecond: config.rateLimit },
      }),
    freshStore: async () => {
      const dynamo = await startDynamoDbLocal();
      open.add(dynamo.stop);
      await ensureTables(dynamo.client, TABLES);
      const start = performance.now();
      await warmUp(dynamo.client, TABLES.sessions);
      const seconds = ((performance.now() - start) / 1000).toFixed(0);
      process.stderr.write(
        `[bench] DynamoDB Local warmed up in ${seconds} s\n`,
      );
      return {
        endpoint: dynamo.endpoint,
        tables: TABLES,
        cpuSeconds: () => processCpuSeconds(dynamo.pid),
        stop: async () => {
          open.delete(dynamo.stop);
          await dynamo.stop();
        },
      };
    },
    stop: async () => {
      for (const stop of [...open]) await stop();
      await secrets.stop();
    },
  };
};
