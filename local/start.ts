import { clearCache } from '@middy/util';
import { Command } from 'commander';
import { parseSyncEvent } from '../functions/sync/event/parse-event.js';
import type { SyncSummary } from '../functions/sync/sync/summary.js';
import { ensureTables } from './create-tables.js';
import { localAwsEnv, startDynamoDbLocal } from './dynamodb-local.js';
import { localContext } from './local-context.js';
import { EMULATOR_CREDENTIALS, startLocalZoom } from './local-zoom.js';
import { formatSummary } from './print-summary.js';
import { startSecretsManagerEmulator } from './secrets-manager-emulator.js';

// The local run: DynamoDB Local with data kept in .local/, Zoom's emulator
// unless real credentials are in the environment, a local Secrets Manager,
// and then the Lambda handler itself, configured the way Lambda would be.

const TABLES = {
  sessions: 'zoom-sms-sessions',
  syncState: 'zoom-sms-sync-state',
};
const SECRET_ID = 'zoom-sms-sync/local';

interface Options {
  from?: string;
  to?: string;
  phoneNumber?: string;
  sessionType?: string;
  dryRun?: boolean;
  json?: boolean;
}

const program = new Command()
  .name('npm start --')
  .description(
    'Run one sync locally: DynamoDB Local, and the Zoom emulator unless ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET are set.',
  )
  .option('--from <time>', 'start of a manual pull (yyyy-mm-dd or ISO time)')
  .option('--to <time>', 'end of a manual pull (a date means its whole day)')
  .option('--phone-number <number>', 'only sessions with this number')
  .option(
    '--session-type <type>',
    'user, call_queue, auto_receptionist, service_endpoint or all',
  )
  .option('--dry-run', 'fetch and compare, write nothing')
  .option('--json', 'print only the summary, as JSON')
  .parse();

const options = program.opts<Options>();

/** The manual event the options stand for; empty means the scheduled run. */
const toEvent = (opts: Options): Record<string, unknown> => ({
  ...(opts.from === undefined ? {} : { from: opts.from }),
  ...(opts.to === undefined ? {} : { to: opts.to }),
  ...(opts.phoneNumber === undefined ? {} : { phone_number: opts.phoneNumber }),
  ...(opts.sessionType === undefined ? {} : { session_type: opts.sessionType }),
  ...(opts.dryRun ? { dry_run: true } : {}),
});

const realZoom = () => {
  const { ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET } = process.env;
  return ZOOM_ACCOUNT_ID && ZOOM_CLIENT_ID && ZOOM_CLIENT_SECRET
    ? {
        accountId: ZOOM_ACCOUNT_ID,
        clientId: ZOOM_CLIENT_ID,
        clientSecret: ZOOM_CLIENT_SECRET,
      }
    : undefined;
};

const main = async (): Promise<SyncSummary> => {
  // Check the options before anything starts, so a typo fails in a second.
  parseSyncEvent(toEvent(options), new Date(), 'all');

  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // CloudWatch metrics mean nothing on a laptop; keep stdout for the summary.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  // The summary is the output; the function's INFO line would repeat it.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

  const stops: (() => Promise<void>)[] = [];
  try {
    const dynamo = await startDynamoDbLocal({ dataDir: '.local/dynamodb' });
    stops.push(dynamo.stop);
    await ensureTables(dynamo.client, TABLES);

    const real = realZoom();
    let credentials = real ?? EMULATOR_CREDENTIALS;
    if (real === undefined) {
      const zoom = await startLocalZoom(new Date());
      stops.push(zoom.stop);
      process.env.ZOOM_OAUTH_BASE_URL = zoom.url;
      process.env.ZOOM_API_BASE_URL = zoom.url;
      credentials = EMULATOR_CREDENTIALS;
    }

    const secrets = await startSecretsManagerEmulator({
      [SECRET_ID]: JSON.stringify({
        account_id: credentials.accountId,
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      }),
    });
    stops.push(secrets.stop);

    Object.assign(process.env, {
      ...localAwsEnv({
        dynamodb: dynamo.endpoint,
        secretsManager: secrets.endpoint,
      }),
      ZOOM_SECRET_ID: SECRET_ID,
      SESSIONS_TABLE_NAME: TABLES.sessions,
      SYNC_STATE_TABLE_NAME: TABLES.syncState,
    });

    const { handler } = await import('../functions/sync/handler.js');
    return await handler(toEvent(options), localContext());
  } finally {
    // The secret cache refreshes itself on a timer, which would keep this
    // process alive and then call a Secrets Manager that is gone.
    clearCache();
    for (const stop of stops.reverse()) await stop();
  }
};

main().then(
  (summary) => {
    process.stdout.write(
      options.json
        ? `${JSON.stringify(summary, null, 2)}\n`
        : `Sync summary\n${formatSummary(summary)}\n`,
    );
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`npm start failed: ${message}\n`);
    process.exitCode = 1;
  },
);
