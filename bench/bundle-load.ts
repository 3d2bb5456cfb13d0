import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildHandler } from './build.js';

// Measures how long the sync function's module takes to load (import plus
// top-level initialisation: what Lambda's init phase spends on our code) with
// the AWS SDK bundled and with it external, as the Lambda runtime would
// provide it. Run: npx tsx bench/bundle-load.ts [runs]
// `npm run bench` calls measureBundleLoad for its bundle figures.
//
// The external variant resolves @aws-sdk/* and @smithy/* from this repo's
// node_modules, which stands in for the copy under /var/runtime in Lambda.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Under node_modules, so that the external variant resolves the SDK.
const outRoot = join(root, 'node_modules', '.cache', 'bundle-load-bench');

const variants = {
  bundled: [] as string[],
  external: ['@aws-sdk/*', '@smithy/*'],
};

const bundle = (name: string, external: string[]): Promise<string> =>
  buildHandler(join(outRoot, name, 'index.mjs'), external);

const env = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  ZOOM_SECRET_ID: 'bench',
  SESSIONS_TABLE_NAME: 'bench-sessions',
  SYNC_STATE_TABLE_NAME: 'bench-state',
};

/** Milliseconds that one fresh node process spends in `import(file)`. */
const loadOnce = (file: string, nodeOptions: string[]): number => {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const out = execFileSync(
    process.execPath,
    [...nodeOptions, '--input-type=module', '-e', script],
    { env, encoding: 'utf8' },
  );
  return Number(out);
};

/** Peak RSS in KB of one fresh node process that imports `file`. */
const importRssKb = (file: string): number => {
  const script = `await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(process.resourceUsage().maxRSS));`;
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script],
    { env, encoding: 'utf8' },
  );
  return Number(out);
};

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

export interface BundleLoadResult {
  runs: number;
  /** Size of each variant's minified index.mjs, source map not included. */
  bytes: { bundled: number; external: number };
  /** Peak RSS of a node process that imports the bundled variant, in KB. */
  importRssKb: number;
  /** Load time of each case, in ms over `runs` fresh processes. */
  cases: { name: string; medianMs: number; p90Ms: number }[];
}

/** Builds both variants and times `runs` fresh loads of each case. */
export const measureBundleLoad = async (
  runs: number,
): Promise<BundleLoadResult> => {
  rmSync(outRoot, { recursive: true, force: true });
  mkdirSync(outRoot, { recursive: true });
  const files = {
    bundled: await bundle('bundled', variants.bundled),
    external: await bundle('external', variants.external),
  };

  const cases = [
    { name: 'bundled', file: files.bundled, options: [] },
    { name: 'external', file: files.external, options: [] },
    {
      name: 'bundled, --enable-source-maps',
      file: files.bundled,
      options: ['--enable-source-maps'],
    },
    {
      name: 'external, --enable-source-maps',
      file: files.external,
      options: ['--enable-source-maps'],
    },
  ];

  // One warm-up each, then the cases interleaved so that drift hits all alike.
  for (const c of cases) loadOnce(c.file, c.options);
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let i = 0; i < runs; i += 1) {
    for (const c of cases) {
      samples.get(c.name)?.push(loadOnce(c.file, c.options));
    }
  }

  return {
    runs,
    bytes: {
      bundled: statSync(files.bundled).size,
      external: statSync(files.external).size,
    },
    importRssKb: importRssKb(files.bundled),
    cases: cases.map((c) => {
      const sorted = [...(samples.get(c.name) ?? [])].sort((a, b) => a - b);
      return {
        name: c.name,
        medianMs: quantile(sorted, 0.5),
        p90Ms: quantile(sorted, 0.9),
      };
    }),
  };
};

const isMain =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(resolve(process.argv[1])).href;

if (isMain) {
  const result = await measureBundleLoad(Number(process.argv[2] ?? 15));
  process.stdout.write(
    `node ${process.version}, ${result.runs} fresh processes per case\n`,
  );
  for (const [name, bytes] of Object.entries(result.bytes)) {
    const kib = (bytes / 1024).toFixed(0);
    process.stdout.write(`${name}: index.mjs ${kib} KiB\n`);
  }
  for (const c of result.cases) {
    const median = c.medianMs.toFixed(1);
    const p90 = c.p90Ms.toFixed(1);
    process.stdout.write(`${c.name}: median ${median} ms, p90 ${p90} ms\n`);
  }
}
