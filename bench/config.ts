// What `npm run bench` measures, read from BENCH_* environment variables.

export interface BenchConfig {
  /** Sessions in each data set, one month's worth. */
  sizes: number[];
  /** The emulator's delay before every sessions answer. */
  latencyMs: number;
  /** The emulator's enforced limit: requests above it are answered 429. */
  rateLimit: number;
  /** The client's pacing, just under the limit so 429s do not bound it. */
  requestsPerSecond: number;
  /** SLICE_CONCURRENCY of the parallel case. */
  parallelConcurrency: number;
  /** Fresh processes per case when timing the handler module's load. */
  loadRuns: number;
}

/** The data sets' seed: the same sessions on every run of the bench. */
export const SEED = 'zoom-sms-sync-bench';

/** Days of data before the anchor. */
export const DATA_DAYS = 30;

/** Share of the sessions changed before the incremental run. */
export const CHANGED_SHARE = 0.01;

/** Page size of every case: Zoom's maximum. */
export const PAGE_SIZE = 100;

/** The secret the child reads through the local Secrets Manager. */
export const SECRET_ID = 'zoom-sms-sync/bench';

const whole = (name: string, fallback: number, min = 1): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;

  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be a whole number >= ${min}, got "${raw}"`);
  }
  return value;
};

/** The data sets the targets are about; others make a quick run. */
export const DEFAULT_SIZES = [20_000, 100_000];

const sizes = (): number[] => {
  const raw = process.env.BENCH_SIZES ?? DEFAULT_SIZES.join(',');
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (values.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`BENCH_SIZES must list whole numbers, got "${raw}"`);
  }
  return values;
};

/** Reads the bench's configuration; a malformed variable fails at once. */
export const readConfig = (): BenchConfig => {
  const rateLimit = whole('BENCH_RATE_LIMIT', 20);
  return {
    sizes: sizes(),
    latencyMs: whole('BENCH_LATENCY_MS', 150, 0),
    rateLimit,
    requestsPerSecond: Math.max(1, rateLimit - 1),
    parallelConcurrency: whole('BENCH_SLICE_CONCURRENCY', 4),
    loadRuns: whole('BENCH_LOAD_RUNS', 15),
  };
};
