import { pathToFileURL } from 'node:url';
import { localContext } from '../local/local-context.js';
import type { CaseOutput, CaseRun } from './case-types.js';

// One case of `npm run bench`, in a process of its own so that its peak RSS
// is the function's alone. Its environment is the function's, as Lambda
// would set it; it imports the deployed bundle of the handler, invokes it
// once with the case's event and prints one JSON line (CaseOutput). Built
// to plain JavaScript and run by bench/spawn-case.ts, not by hand:
//   node --enable-source-maps run-case.mjs <handler index.mjs> '<CaseRun>'

const [handlerFile = '', json = '{}'] = process.argv.slice(2);
const input = JSON.parse(json) as CaseRun;

const importStart = performance.now();
const { handler } = (await import(
  pathToFileURL(handlerFile).href
)) as typeof import('../functions/sync/handler.js');
const importMs = performance.now() - importStart;

let summary: CaseOutput['summary'] = null;
const start = performance.now();
const cpuStart = process.cpuUsage();
if (input.loadOnly !== true) {
  summary = await handler(input.event, localContext());
}
const wallMs = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);

const output: CaseOutput = {
  summary,
  wall_ms: Math.round(wallMs),
  import_ms: Math.round(importMs),
  cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
  max_rss_kb: process.resourceUsage().maxRSS,
};
process.stdout.write(`${JSON.stringify(output)}\n`);
// The secret cache's refresh timer and keep-alive sockets would hold the
// process open for no purpose.
process.exit(0);
