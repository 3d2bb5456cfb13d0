import { clearCache } from '@middy/util';
import { LOCAL_AWS } from '../local/dynamodb-local.js';
import { localContext } from '../local/local-context.js';
import type { CaseInput, CaseOutput } from './case-types.js';

// One case of `npm run bench`, in a process of its own so that its peak RSS
// is the function's alone: configures the environment as Lambda would,
// imports the real handler, invokes it once with the case's event (the
// scheduled run's {} but for the dry run) and prints
// one JSON line (CaseOutput). Run by bench/spawn-case.ts, not by hand:
//   node --import tsx bench/run-case.ts '<CaseInput as JSON>'

const input = JSON.parse(process.argv[2] ?? '{}') as CaseInput;

Object.assign(process.env, {
  AWS_REGION: LOCAL_AWS.region,
  AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
  AWS_ENDPOINT_URL_DYNAMODB: input.endpoints.dynamodb,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: input.endpoints.secretsManager,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  ZOOM_OAUTH_BASE_URL: input.endpoints.zoom,
  ZOOM_API_BASE_URL: input.endpoints.zoom,
  ZOOM_SECRET_ID: input.secretId,
  SESSIONS_TABLE_NAME: input.tables.sessions,
  SYNC_STATE_TABLE_NAME: input.tables.syncState,
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'WARN',
  ...input.settings,
});

const importStart = performance.now();
const { handler } = await import('../functions/sync/handler.js');
const importMs = performance.now() - importStart;

let summary: CaseOutput['summary'] = null;
const start = performance.now();
if (input.loadOnly !== true) {
  try {
    summary = await handler(input.event, localContext());
  } finally {
    // The secret cache refreshes itself on a timer that would keep us alive.
    clearCache();
  }
}
const wallMs = performance.now() - start;

const output: CaseOutput = {
  summary,
  wall_ms: Math.round(wallMs),
  import_ms: Math.round(importMs),
  max_rss_kb: process.resourceUsage().maxRSS,
};
process.stdout.write(`${JSON.stringify(output)}\n`);
// Keep-alive sockets would hold the process open for no purpose.
process.exit(0);
