import type { CaseName, CaseRun, SizeRun } from './cases.js';

/** One row of the report: a case's measured figures. */
export interface CaseFigures {
  size: number;
  case: CaseName;
  slice_hours: number;
  slice_concurrency: number;
  wall_s: number;
  requests: number;
  pages: number;
  slices: number;
  requests_per_s: number;
  /** requests_per_s over the emulator's enforced limit. */
  rate_share: number;
  answered_429: number;
  sessions_unique: number;
  sessions_per_s: number;
  inserted: number;
  updated: number;
  unchanged: number;
  read_capacity_units: number;
  write_capacity_units: number;
  rcu_per_session: number;
  wcu_per_session: number;
  write_requests: number;
  peak_rss_mb: number;
  /** CPU seconds of the function's process during the invocation. */
  function_cpu_s: number;
  /** CPU seconds of DynamoDB Local during the case. */
  dynamodb_local_cpu_s: number;
  handler_import_ms: number;
  outcome: string;
  complete: boolean;
  load_avg: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** The figures of one case, from its summary and the emulator's count. */
export const caseFigures = (
  size: number,
  run: CaseRun,
  rateLimit: number,
): CaseFigures => {
  const s = run.output.summary;
  const wallS = run.output.wall_ms / 1000;
  const requests = s?.requests ?? 0;
  const unique = s?.sessions_unique ?? 0;
  const rcu = s?.read_capacity_units ?? 0;
  const wcu = s?.write_capacity_units ?? 0;
  return {
    size,
    case: run.name,
    slice_hours: run.sliceHours,
    slice_concurrency: run.sliceConcurrency,
    wall_s: wallS,
    requests,
    pages: s?.pages ?? 0,
    slices: s?.windows.length ?? 0,
    requests_per_s: ratio(requests, wallS),
    rate_share: ratio(ratio(requests, wallS), rateLimit),
    answered_429: run.rateLimited,
    sessions_unique: unique,
    sessions_per_s: ratio(unique, wallS),
    inserted: s?.inserted ?? 0,
    updated: s?.updated ?? 0,
    unchanged: s?.unchanged ?? 0,
    read_capacity_units: rcu,
    write_capacity_units: wcu,
    rcu_per_session: ratio(rcu, unique),
    wcu_per_session: ratio(wcu, unique),
    write_requests: s?.write_requests ?? 0,
    peak_rss_mb: run.output.max_rss_kb / 1024,
    function_cpu_s: run.output.cpu_ms / 1000,
    dynamodb_local_cpu_s: run.storeCpuS,
    handler_import_ms: run.output.import_ms,
    outcome: s?.outcome ?? 'none',
    complete: s?.complete ?? false,
    load_avg: run.load,
  };
};

export const sizeFigures = (run: SizeRun, rateLimit: number): CaseFigures[] =>
  run.cases.map((c) => caseFigures(run.size, c, rateLimit));
