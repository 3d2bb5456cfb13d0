import type { BundleLoadResult } from './bundle-load.js';
import type { SizeRun } from './cases.js';
import type { CaseFigures } from './figures.js';

export interface Target {
  scope: string;
  target: string;
  measured: string;
  pass: boolean;
}

/** The handler as Lambda loads it: SDK bundled, NODE_OPTIONS source maps. */
export const DEPLOYED_LOAD_CASE = 'bundled, --enable-source-maps';

const MB = 1_000_000;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const fixed = (x: number, digits = 2) => x.toFixed(digits);

/** The targets of one data set, from its four cases' figures. */
export const sizeTargets = (run: SizeRun, rows: CaseFigures[]): Target[] => {
  const get = (name: CaseFigures['case']) => {
    const row = rows.find((r) => r.case === name);
    if (row === undefined) throw new Error(`no ${name} case for ${run.size}`);
    return row;
  };
  const [seq, par, same, inc] = [
    get('sequential'),
    get('parallel'),
    get('unchanged'),
    get('incremental'),
  ];
  const scope = `${run.size}`;
  const share429 = par.requests === 0 ? 0 : par.answered_429 / par.requests;
  const speedup =
    seq.sessions_per_s === 0 ? 0 : par.sessions_per_s / seq.sessions_per_s;
  // Pages hold whole sessions: 2 requests a page of changes, one per slice.
  const maxRequests = 2 * Math.ceil(run.changed / 100) + inc.slices;
  // The dry run is a diagnostic: it keeps every view in memory by design.
  const real = rows.filter((r) => r.case !== 'dry-run');
  const peakRss = Math.max(...real.map((r) => r.peak_rss_mb));
  return [
    {
      scope: `${scope} parallel`,
      target: '≥ 90% of the enforced rate',
      measured: pct(par.rate_share),
      pass: par.rate_share >= 0.9,
    },
    {
      scope: `${scope} parallel`,
      target: '≤ 1% of requests answered 429',
      measured: `${pct(share429)} (${par.answered_429})`,
      pass: share429 <= 0.01,
    },
    {
      scope: `${scope} parallel`,
      target: '≥ 2.7× sequential sessions/s',
      measured: `${fixed(speedup)}×`,
      pass: speedup >= 2.7,
    },
    {
      scope: `${scope} unchanged`,
      target: '0 write capacity units',
      measured: fixed(same.write_capacity_units, 1),
      pass: same.write_capacity_units === 0,
    },
    {
      scope: `${scope} incremental`,
      target: `requests ≤ 2 × ⌈changed/100⌉ + slices = ${maxRequests}`,
      measured: String(inc.requests),
      pass: inc.requests <= maxRequests,
    },
    {
      scope: `${scope} incremental`,
      target: `write requests == changed (${run.changed})`,
      measured: String(inc.write_requests),
      pass: inc.write_requests === run.changed,
    },
    {
      scope: `${scope} cases 1-4`,
      target: 'peak RSS ≤ 256 MB, the most of the four cases',
      measured: `${fixed(peakRss, 0)} MB`,
      pass: peakRss <= 256,
    },
  ];
};

/** The bundle's targets: its size and the handler module's load time. */
export const bundleTargets = (load: BundleLoadResult): Target[] => {
  const deployed = load.cases.find((c) => c.name === DEPLOYED_LOAD_CASE);
  const median = deployed?.medianMs ?? Number.NaN;
  return [
    {
      scope: 'bundle',
      target: '≤ 1 MB minified (SDK bundled)',
      measured: `${fixed(load.bytes.bundled / MB)} MB`,
      pass: load.bytes.bundled <= MB,
    },
    {
      scope: 'bundle',
      target: `handler load ≤ 300 ms (median, ${DEPLOYED_LOAD_CASE})`,
      measured: `${fixed(median, 0)} ms`,
      pass: median <= 300,
    },
  ];
};
