import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BundleLoadResult } from './bundle-load.js';
import type { BenchConfig } from './config.js';
import type { CaseFigures } from './figures.js';
import type { Target } from './targets.js';

export interface Machine {
  cpu: string;
  cores: number;
  memory_gb: number;
  node: string;
  os: string;
  date: string;
}

export interface BenchResults {
  machine: Machine;
  config: BenchConfig;
  /** A case process's peak RSS after importing the handler, no invocation. */
  baseline_rss_mb: number;
  bundle: BundleLoadResult;
  sizes: { size: number; anchor: string; generated: number; changed: number }[];
  cases: CaseFigures[];
  targets: Target[];
}

const resultsDir = join(
  resolve(dirname(fileURLToPath(import.meta.url))),
  'results',
);

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const n = (x: number, digits = 1) => x.toFixed(digits);

const caseTable = (cases: CaseFigures[], limit: number): string[] => [
  row([
    'size',
    'case',
    'slices h × conc.',
    'wall s',
    'requests',
    'ms/page',
    'req/s ÷ limit',
    '429s',
    'sessions',
    'sessions/s',
    'RCU/session',
    'WCU/session',
    'writes',
    'peak RSS MB',
    'CPU s fn / store',
    'load',
    'outcome',
  ]),
  row(Array.from({ length: 17 }, () => '---')),
  ...cases.map((c) =>
    row([
      c.size,
      c.case,
      `${c.slice_hours} × ${c.slice_concurrency}`,
      n(c.wall_s),
      c.requests,
      n((c.wall_s * 1000) / Math.max(1, c.pages), 0),
      `${n(c.requests_per_s)} ÷ ${limit} = ${n(c.rate_share * 100, 0)}%`,
      c.answered_429,
      c.sessions_unique,
      n(c.sessions_per_s),
      n(c.rcu_per_session, 2),
      n(c.wcu_per_session, 2),
      c.write_requests,
      n(c.peak_rss_mb, 0),
      `${n(c.function_cpu_s)} / ${n(c.dynamodb_local_cpu_s)}`,
      n(c.load_avg),
      c.complete ? c.outcome : `${c.outcome} (incomplete)`,
    ]),
  ),
];

const targetTable = (targets: Target[]): string[] => [
  row(['scope', 'target', 'measured', '']),
  row(['---', '---', '---', '---']),
  ...targets.map((t) =>
    row([t.scope, t.target, t.measured, t.pass ? 'PASS' : 'FAIL']),
  ),
];

/** The report as Markdown: the cases, the targets, the bundle, the machine. */
export const markdown = (r: BenchResults): string => {
  const m = r.machine;
  const c = r.config;
  return [
    `# Sync bench, ${m.date}`,
    '',
    `${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, node ${m.node}. ` +
      `Zoom emulator: ${c.latencyMs} ms a request, ${c.rateLimit} requests/s ` +
      `enforced (429 above), client paced at ${c.requestsPerSecond}/s, ` +
      'page size 100. DynamoDB Local in memory.',
    '',
    ...caseTable(r.cases, c.rateLimit),
    '',
    'Cases: *sequential* is a first sync as one chain of pages (SLICE_HOURS ' +
      '744, SLICE_CONCURRENCY 1); *parallel* is ours, on fresh tables; ' +
      '*unchanged* is the next scheduled run on its tables; *incremental* ' +
      'the one after 1% of sessions got a new message. *dry-run* is not a ' +
      'target: ours as a dry run on the empty tables before *parallel*, so ' +
      'it lists and reads but writes nothing, which shows what the listing ' +
      'alone reaches. ms/page is wall time over pages; load is the ' +
      "machine's 1-minute load average at the case's end. sessions are the " +
      'distinct ones listed: the month a case lists ends at its own start, ' +
      'so a later case sees a few sessions fewer at the old end. CPU s is the ' +
      "CPU time the function's process and DynamoDB Local each spent in " +
      'the case.',
    '',
    ...targetTable(r.targets),
    '',
    `Bundle (SDK bundled, minified): ${n(r.bundle.bytes.bundled / 1024, 0)} KiB. ` +
      'Handler module load, median (p90) of ' +
      `${r.bundle.runs} fresh processes: ` +
      r.bundle.cases
        .map((x) => `${x.name} ${n(x.medianMs, 0)} ms (${n(x.p90Ms, 0)})`)
        .join('; ') +
      '.',
    '',
    "Each case runs in a node process of its own, with Lambda's " +
      '--enable-source-maps, importing the bundle as deployed; peak RSS is ' +
      "that process's. Importing the handler alone peaks at " +
      `${n(r.baseline_rss_mb, 0)} MB there.`,
    '',
  ].join('\n');
};

/**
 * Writes bench/results/<name>.json and <name>.md; returns the Markdown.
 * `latest` is the committed run of the default sizes, `quick` any other.
 */
export const writeResults = (
  results: BenchResults,
  name: 'latest' | 'quick',
): string => {
  const text = markdown(results);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, `${name}.json`),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  writeFileSync(join(resultsDir, `${name}.md`), text);
  return text;
};
