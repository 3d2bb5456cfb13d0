import { cpus, platform, release, totalmem } from 'node:os';
import { measureBundleLoad } from './bundle-load.js';
import { runSize, type SizeRun } from './cases.js';
import { DEFAULT_SIZES, readConfig, SECRET_ID } from './config.js';
import { type CaseFigures, sizeFigures } from './figures.js';
import { type BenchResults, type Machine, writeResults } from './report.js';
import { startServices } from './services.js';
import { prepareCases } from './spawn-case.js';
import { bundleTargets, sizeTargets, type Target } from './targets.js';

// `npm run bench`: throughput and cost of the sync against the Zoom emulator
// (with latency and an enforced rate limit) and DynamoDB Local in memory,
// for each size in BENCH_SIZES (default 20000,100000), four cases each; see
// bench/cases.ts. Also the bundle's size and load time (bench/bundle-load.ts).
// Writes bench/results/latest.json and latest.md, prints the Markdown. Other
// sizes make a quick run, written to bench/results/quick.* (not committed):
//   BENCH_SIZES=2000 npm run bench

const config = readConfig();
// The bench's own SDK clients (DynamoDB Local's) would warn about Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const machine = (): Machine => ({
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memory_gb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  os: `${platform()} ${release()}`,
  date: new Date().toISOString(),
});

log(`bundle: building and timing ${config.loadRuns} loads per case`);
const bundle = await measureBundleLoad(config.loadRuns);

log('building the handler bundle and the case runner');
const spawnCase = await prepareCases();
const services = await startServices(config);
const runs: SizeRun[] = [];
let baselineRssMb = 0;
try {
  const baseline = await spawnCase({
    endpoints: {
      dynamodb: 'http://127.0.0.1:9',
      secretsManager: services.secretsManager,
      zoom: 'http://127.0.0.1:9',
    },
    secretId: SECRET_ID,
    tables: { sessions: 'bench-unused', syncState: 'bench-unused-state' },
    event: {},
    settings: {},
    loadOnly: true,
  });
  baselineRssMb = baseline.max_rss_kb / 1024;
  for (const size of config.sizes) {
    runs.push(await runSize(size, config, services, spawnCase));
  }
} finally {
  await services.stop();
}

const cases: CaseFigures[] = [];
const targets: Target[] = [];
for (const run of runs) {
  const rows = sizeFigures(run, config.rateLimit);
  cases.push(...rows);
  targets.push(...sizeTargets(run, rows));
}
targets.push(...bundleTargets(bundle));

const results: BenchResults = {
  machine: machine(),
  config,
  baseline_rss_mb: baselineRssMb,
  bundle,
  sizes: runs.map(({ size, anchor, generated, changed }) => ({
    size,
    anchor,
    generated,
    changed,
  })),
  cases,
  targets,
};
const quick = config.sizes.join(',') !== DEFAULT_SIZES.join(',');
process.stdout.write(writeResults(results, quick ? 'quick' : 'latest'));
