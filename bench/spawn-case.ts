import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localAwsEnv } from '../local/dynamodb-local.js';
import { buildCaseRunner, buildHandler } from './build.js';
import type { CaseInput, CaseOutput, CaseRun } from './case-types.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'node_modules', '.cache', 'sync-bench');

export type SpawnCase = (input: CaseInput) => Promise<CaseOutput>;

/** BENCH_NODE_ARGS, such as --cpu-prof to profile each case: node's own flags. */
const nodeArgs = (): string[] =>
  (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');

/** The function's environment for one case, as Lambda would set it. */
const caseEnv = (input: CaseInput): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '',
  // Lambda's setting for this function (infra/constructs/sync-function.ts).
  NODE_OPTIONS: '--enable-source-maps',
  ...localAwsEnv(input.endpoints),
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

/**
 * Builds the handler's bundle, as deployed, and the case runner, then
 * returns a function that runs one case in a fresh node process and gives
 * back the JSON line it printed last. Anything else the child prints (the
 * function's WARN and ERROR log lines) goes to this process's stderr, where
 * it stays visible without spoiling the report on stdout.
 */
export const prepareCases = async (): Promise<SpawnCase> => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const handler = await buildHandler(join(outDir, 'handler', 'index.mjs'));
  const runner = await buildCaseRunner(join(outDir, 'run-case.mjs'));

  return (input) =>
    new Promise((done, fail) => {
      const run: CaseRun = {
        event: input.event,
        ...(input.loadOnly === undefined ? {} : { loadOnly: input.loadOnly }),
      };
      const child = spawn(
        process.execPath,
        [...nodeArgs(), runner, handler, JSON.stringify(run)],
        { cwd: root, env: caseEnv(input), stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => {
        stdout += String(chunk);
      });
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk);
        process.stderr.write(chunk);
      });
      child.once('error', fail);
      child.once('exit', (code) => {
        const lines = stdout.trimEnd().split('\n');
        const last = lines.pop() ?? '';
        if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
        try {
          if (code !== 0) throw new Error(`exit code ${code}`);
          done(JSON.parse(last) as CaseOutput);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          const tail = stderr.trim().split('\n').slice(-5).join('\n');
          fail(new Error(`bench case failed (${reason}): ${tail}`));
        }
      });
    });
};
