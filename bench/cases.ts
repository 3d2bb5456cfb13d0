import { loadavg } from 'node:os';
import type { CaseOutput } from './case-types.js';
import { type BenchConfig, PAGE_SIZE, SECRET_ID } from './config.js';
import { benchData, changedSessions } from './data-set.js';
import type { Services, Store } from './services.js';
import type { SpawnCase } from './spawn-case.js';

export type CaseName =
  | 'sequential'
  | 'dry-run'
  | 'parallel'
  | 'unchanged'
  | 'incremental';

export interface CaseRun {
  name: CaseName;
  sliceHours: number;
  sliceConcurrency: number;
  output: CaseOutput;
  /** Requests the emulator answered 429 during the case. */
  rateLimited: number;
  /**
   * The machine's 1-minute load average at the case's end: other work on
   * the machine competes with DynamoDB Local for the cores.
   */
  load: number;
  /** CPU seconds DynamoDB Local spent during the case. */
  storeCpuS: number;
}

export interface SizeRun {
  size: number;
  anchor: string;
  perDay: number;
  /** Sessions the emulator serves: about `size`, some before the month. */
  generated: number;
  /** Sessions given a new message before the incremental case. */
  changed: number;
  cases: CaseRun[];
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/**
 * The cases of one data set, in order: a first sync with one chain of
 * pages; a dry run of ours on empty tables (listing and reads, no writes:
 * what the listing alone can do); a first sync of day slices listed
 * concurrently (ours); a second sync of those tables with nothing changed;
 * and one after 1% changed.
 */
export const runSize = async (
  size: number,
  config: BenchConfig,
  services: Services,
  spawnCase: SpawnCase,
): Promise<SizeRun> => {
  const data = benchData(size);
  const zoom = await services.startZoom(data.sessions);
  log(
    `${size}: ${data.sessions.length} sessions up to ${data.anchor.toISOString()}`,
  );

  const run = async (
    name: CaseName,
    store: Store,
    slice: { hours: number; concurrency: number },
    event: Record<string, unknown> = {},
  ): Promise<CaseRun> => {
    const before = zoom.rateLimited;
    const storeCpuBefore = store.cpuSeconds();
    const output = await spawnCase({
      endpoints: {
        dynamodb: store.endpoint,
        secretsManager: services.secretsManager,
        zoom: zoom.url,
      },
      secretId: SECRET_ID,
      tables: store.tables,
      event,
      settings: {
        SLICE_HOURS: String(slice.hours),
        SLICE_CONCURRENCY: String(slice.concurrency),
        ZOOM_REQUESTS_PER_SECOND: String(config.requestsPerSecond),
        ZOOM_PAGE_SIZE: String(PAGE_SIZE),
      },
    });
    const rateLimited = zoom.rateLimited - before;
    const storeCpuS = store.cpuSeconds() - storeCpuBefore;
    const s = output.summary;
    log(
      `${size} ${name}: ${(output.wall_ms / 1000).toFixed(1)} s, ${s?.requests} requests, ${s?.sessions_unique} sessions, ${s?.outcome}`,
    );
    return {
      name,
      sliceHours: slice.hours,
      sliceConcurrency: slice.concurrency,
      output,
      rateLimited,
      load: loadavg()[0] ?? 0,
      storeCpuS,
    };
  };

  let store: Store | undefined;
  try {
    const oneChain = { hours: 744, concurrency: 1 };
    const ours = { hours: 24, concurrency: config.parallelConcurrency };
    store = await services.freshStore();
    const sequential = await run('sequential', store, oneChain);
    await store.stop();

    store = await services.freshStore();
    // A dry run saves no progress, watermark or session: case 2 starts afresh.
    const dryRun = await run('dry-run', store, ours, { dry_run: true });
    const parallel = await run('parallel', store, ours);
    const unchanged = await run('unchanged', store, ours);

    const mark = unchanged.output.summary?.watermark_after;
    const watermark = mark ? new Date(mark) : data.anchor;
    const changed = changedSessions(data.sessions, watermark);
    for (const session of changed) zoom.data.upsert(session);
    const incremental = await run('incremental', store, ours);

    return {
      size,
      anchor: data.anchor.toISOString(),
      perDay: data.perDay,
      generated: data.sessions.length,
      changed: changed.length,
      cases: [sequential, dryRun, parallel, unchanged, incremental],
    };
  } finally {
    await store?.stop();
    await zoom.stop();
  }
};
