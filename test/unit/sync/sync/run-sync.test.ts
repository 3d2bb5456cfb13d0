import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { TimeBudgetError } from '../../../../functions/sync/errors.js';
import type { SyncRequest } from '../../../../functions/sync/event/sync-request.js';
import { toItem } from '../../../../functions/sync/store/session-item.js';
import { SessionStore } from '../../../../functions/sync/store/session-store.js';
import { StateStore } from '../../../../functions/sync/store/state-store.js';
import { contentHash } from '../../../../functions/sync/sync/content-hash.js';
import {
  runSync,
  type SessionsSource,
  type SyncSettings,
} from '../../../../functions/sync/sync/run-sync.js';
import type {
  ListSessionsQuery,
  SessionsPage,
} from '../../../../functions/sync/zoom/sessions-client.js';
import { catchRejection } from '../../helpers/catch-error.js';
import { MemoryTables } from '../../helpers/memory-tables.js';

const SESSIONS = 'sessions';
const STATE = 'state';
const NOW = new Date('2026-03-15T12:00:00.000Z');
const HOUR_MS = 3_600_000;

const SETTINGS: SyncSettings = {
  pageSize: 50,
  filterType: 'last_message_time',
  lookbackMs: HOUR_MS,
  // Longer than any window here, so that each window is one slice.
  sliceMs: 400 * 24 * HOUR_MS,
  sliceConcurrency: 1,
};

const INCREMENTAL: SyncRequest = {
  mode: 'incremental',
  sessionType: 'all',
  dryRun: false,
};

const documents = mockClient(DynamoDBDocumentClient);
let tables: MemoryTables;

beforeEach(() => {
  documents.reset();
  tables = new MemoryTables(documents);
});

const session = (id: string, time: string, extra: object = {}) => ({
  session_id: id,
  session_type: 'user',
  last_access_time: time,
  ...extra,
});

/** Stores `record` as a previous run would have. */
const seedSession = (record: ReturnType<typeof session>) => {
  const item = toItem(
    {
      sessionId: record.session_id,
      record,
      contentHash: contentHash(record),
      lastAccessMs: Date.parse(record.last_access_time),
    },
    '2026-01-01T00:00:00.000Z',
    '2026-01-01T00:00:00.000Z',
  );
  tables.seed(SESSIONS, record.session_id, item);
};

/**
 * Lists what `pages` gives each query. Like Zoom's client, it stops with a
 * TimeBudgetError before a page when `budgetMs` says no time is left.
 */
class ListedPages implements SessionsSource {
  readonly queries: ListSessionsQuery[] = [];
  /** Listings that went to their last page. */
  finished = 0;
  budgetMs = () => Number.POSITIVE_INFINITY;

  constructor(
    private readonly pages: (query: ListSessionsQuery) => unknown[][],
  ) {}

  async *listSessions(query: ListSessionsQuery): AsyncGenerator<SessionsPage> {
    this.queries.push(query);
    for (const records of this.pages(query)) {
      if (this.budgetMs() <= 0) throw new TimeBudgetError('out of time');

      yield { records };
    }
    this.finished += 1;
  }
}

const listing = (...pages: unknown[][]) => new ListedPages(() => pages);

interface RunOptions {
  settings?: Partial<SyncSettings>;
  budgetMs?: () => number;
}

const setup = (source: SessionsSource, options: RunOptions = {}) => {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'eu-west-1' }),
  );
  const warn = vi.fn();
  const run = (request: SyncRequest) =>
    runSync(
      request,
      { ...SETTINGS, ...options.settings },
      {
        source,
        sessions: new SessionStore(client, SESSIONS),
        state: new StateStore(client, STATE),
        logger: { warn },
        clock: () => NOW,
        budgetMs: options.budgetMs ?? (() => Number.POSITIVE_INFINITY),
        leaseTtlMs: 15 * 60_000,
        zoomStats: () => ({ requests: 0, tokens: 0 }),
      },
    );
  return { run, warn };
};

const sessionWrites = () =>
  documents
    .commandCalls(PutCommand)
    .filter((call) => call.args[0].input.TableName === SESSIONS).length;

const storedWatermark = () => tables.items(STATE).get('watermark#all');

describe('runSync', () => {
  it('inserts every session of a first run and moves the watermark to the newest', async () => {
    const { run } = setup(
      listing(
        [
          session('a', '2026-03-15T10:00:00Z'),
          session('b', '2026-03-15T11:00:00Z'),
        ],
        [session('c', '2026-03-15T09:00:00Z')],
      ),
    );

    const summary = await run(INCREMENTAL);

    expect(summary).toMatchObject({
      mode: 'incremental',
      complete: true,
      windows: [
        { from: '2026-02-15T12:00:00.000Z', to: '2026-03-15T12:00:00.000Z' },
      ],
      sessions_seen: 3,
      sessions_unique: 3,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      stale: 0,
      write_requests: 3,
      watermark_before: null,
      watermark_after: '2026-03-15T11:00:00.000Z',
    });
    expect([...tables.items(SESSIONS).keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(storedWatermark()?.watermark).toBe('2026-03-15T11:00:00.000Z');
    expect(tables.items(STATE).get('last_run')).toMatchObject({
      inserted: 3,
      complete: true,
    });
  });

  it('writes nothing and keeps the watermark when the same sessions come again', async () => {
    const { run } = setup(
      listing([
        session('a', '2026-03-15T10:00:00Z'),
        session('b', '2026-03-15T11:00:00Z'),
      ]),
    );
    await run(INCREMENTAL);
    const before = tables.items(SESSIONS);
    documents.resetHistory();

    const summary = await run(INCREMENTAL);

    expect(summary).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: 2,
      write_requests: 0,
      windows: [
        { from: '2026-03-15T10:00:00.000Z', to: '2026-03-15T12:00:00.000Z' },
      ],
      watermark_before: '2026-03-15T11:00:00.000Z',
      watermark_after: '2026-03-15T11:00:00.000Z',
    });
    expect(sessionWrites()).toBe(0);
    expect(documents.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(tables.items(SESSIONS)).toEqual(before);
  });

  it('updates only the session whose content changed', async () => {
    seedSession(session('a', '2026-03-15T10:00:00Z'));
    seedSession(session('b', '2026-03-15T10:00:00Z'));
    const changed = session('b', '2026-03-15T10:30:00Z', { note: 'renamed' });
    const { run } = setup(
      listing([session('a', '2026-03-15T10:00:00Z'), changed]),
    );

    const summary = await run(INCREMENTAL);

    expect(summary).toMatchObject({ updated: 1, unchanged: 1, inserted: 0 });
    expect(sessionWrites()).toBe(1);
    expect(tables.items(SESSIONS).get('b')).toMatchObject({
      note: 'renamed',
      first_seen_at: '2026-01-01T00:00:00.000Z',
      changed_at: NOW.toISOString(),
    });
  });

  it('leaves a newer stored view alone and counts the listed one stale', async () => {
    const newer = session('a', '2026-03-15T11:00:00Z', { note: 'new' });
    seedSession(newer);
    const { run } = setup(
      listing([session('a', '2026-03-15T10:00:00Z', { note: 'old' })]),
    );

    const summary = await run({ ...INCREMENTAL, mode: 'manual' });

    expect(summary).toMatchObject({ stale: 1, updated: 0 });
    expect(sessionWrites()).toBe(0);
    expect(tables.items(SESSIONS).get('a')).toMatchObject({ note: 'new' });
  });

  it('writes a session listed on two pages once', async () => {
    const a = session('a', '2026-03-15T10:00:00Z');
    const { run } = setup(listing([a], [structuredClone(a)]));

    const summary = await run(INCREMENTAL);

    expect(summary).toMatchObject({
      sessions_seen: 2,
      sessions_unique: 1,
      inserted: 1,
      write_requests: 1,
    });
  });

  it('stores the newer view when a later page lists a session again', async () => {
    const { run } = setup(
      listing(
        [session('a', '2026-03-15T10:00:00Z', { note: 'first' })],
        [session('a', '2026-03-15T11:00:00Z', { note: 'second' })],
      ),
    );

    await run(INCREMENTAL);

    expect(tables.items(SESSIONS).get('a')).toMatchObject({ note: 'second' });
  });

  it('ignores an older view on a later page', async () => {
    const { run } = setup(
      listing(
        [session('a', '2026-03-15T11:00:00Z', { note: 'newer' })],
        [session('a', '2026-03-15T10:00:00Z', { note: 'older' })],
      ),
    );

    const summary = await run(INCREMENTAL);

    expect(summary).toMatchObject({ inserted: 1, stale: 0, write_requests: 1 });
    expect(tables.items(SESSIONS).get('a')).toMatchObject({ note: 'newer' });
  });

  it('counts and logs skipped records by reason, and syncs the rest', async () => {
    const { run, warn } = setup(
      listing([
        { session_type: 'user' },
        { session_id: 5 },
        session('a', '2026-03-15T10:00:00Z'),
      ]),
    );

    const summary = await run(INCREMENTAL);

    expect(summary.skipped).toEqual({
      missing_session_id: 1,
      invalid_record: 1,
    });
    expect(summary.inserted).toBe(1);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledWith(
      'Skipped a listed session',
      expect.objectContaining({ reason: 'invalid_record', page: 1, index: 1 }),
    );
  });

  it('compares but writes no session and no watermark on a dry run', async () => {
    seedSession(session('a', '2026-03-15T10:00:00Z'));
    const { run } = setup(
      listing([
        session('a', '2026-03-15T10:30:00Z', { note: 'changed' }),
        session('b', '2026-03-15T11:00:00Z'),
      ]),
    );

    const summary = await run({ ...INCREMENTAL, dryRun: true });

    expect(summary).toMatchObject({
      dry_run: true,
      inserted: 1,
      updated: 1,
      write_requests: 0,
      watermark_after: null,
    });
    expect(sessionWrites()).toBe(0);
    expect(storedWatermark()).toBeUndefined();
  });

  it('lists each month of a manual range and leaves the watermark alone', async () => {
    const source = listing([session('a', '2026-01-10T00:00:00Z')]);
    const { run } = setup(source);

    const summary = await run({
      mode: 'manual',
      sessionType: 'all',
      dryRun: false,
      range: {
        from: new Date('2025-12-01T00:00:00Z'),
        to: new Date('2026-02-10T00:00:00Z'),
      },
    });

    expect(summary.windows).toEqual([
      { from: '2025-12-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' },
      { from: '2025-12-31T23:59:00.000Z', to: '2026-01-31T23:59:00.000Z' },
      { from: '2026-01-31T23:58:00.000Z', to: '2026-02-10T00:00:00.000Z' },
    ]);
    expect(source.queries.map((q) => q.from.toISOString())).toEqual(
      summary.windows.map((w) => w.from),
    );
    expect(summary).toMatchObject({ inserted: 1, unchanged: 0 });
    expect(documents.commandCalls(GetCommand)).toHaveLength(0);
    expect(documents.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('lists the last month for a manual pull without a range', async () => {
    const { run } = setup(listing());

    const summary = await run({
      mode: 'manual',
      sessionType: 'user',
      dryRun: false,
      phoneNumber: '+15550001',
    });

    expect(summary.windows).toEqual([
      { from: '2026-02-15T12:00:00.000Z', to: '2026-03-15T12:00:00.000Z' },
    ]);
    expect(summary.phone_number).toBe('+15550001');
  });

  it('passes type, filter, page size and phone number to each listing', async () => {
    const source = listing();
    const { run } = setup(source);

    await run({
      mode: 'manual',
      sessionType: 'call_queue',
      dryRun: false,
      phoneNumber: '+15550001',
    });

    expect(source.queries[0]).toMatchObject({
      sessionType: 'call_queue',
      filterType: 'last_message_time',
      pageSize: 50,
      phoneNumber: '+15550001',
    });
  });

  it('never moves the watermark past the end of the window', async () => {
    const { run } = setup(listing([session('a', '2026-03-15T13:00:00Z')]));

    const summary = await run(INCREMENTAL);

    expect(summary.watermark_after).toBe('2026-03-15T12:00:00.000Z');
  });

  it('never moves the watermark back', async () => {
    tables.seed(STATE, 'watermark#all', {
      pk: 'watermark#all',
      watermark_ms: Date.parse('2026-03-15T11:00:00Z'),
    });
    const { run } = setup(listing([session('a', '2026-03-15T10:30:00Z')]));

    const summary = await run(INCREMENTAL);

    expect(summary.watermark_after).toBe('2026-03-15T11:00:00.000Z');
    expect(storedWatermark()?.watermark_ms).toBe(
      Date.parse('2026-03-15T11:00:00Z'),
    );
  });

  it('keeps the watermark when the listing fails part way', async () => {
    const failure = new Error('Zoom went away');
    const source: SessionsSource = {
      async *listSessions() {
        yield { records: [session('a', '2026-03-15T10:00:00Z')] };
        throw failure;
      },
    };
    const { run } = setup(source);

    const error = await catchRejection(() => run(INCREMENTAL));

    expect(error).toBe(failure);
    expect(tables.items(SESSIONS).has('a')).toBe(true);
    expect(storedWatermark()).toBeUndefined();
    expect(tables.items(STATE).has('last_run')).toBe(false);
  });

  it('decides again when another writer stores a newer view first', async () => {
    seedSession(session('a', '2026-03-15T09:00:00Z', { note: 'old' }));
    const listed = session('a', '2026-03-15T10:00:00Z', { note: 'ours' });
    tables.beforeNextSessionPut = () =>
      seedSession(session('a', '2026-03-15T11:00:00Z', { note: 'theirs' }));
    const { run } = setup(listing([listed]));

    const summary = await run(INCREMENTAL);

    expect(summary).toMatchObject({ updated: 0, stale: 1, write_requests: 1 });
    expect(tables.items(SESSIONS).get('a')).toMatchObject({ note: 'theirs' });
  });

  it('replaces an older view another writer stored first', async () => {
    seedSession(session('a', '2026-03-15T09:00:00Z', { note: 'old' }));
    const listed = session('a', '2026-03-15T11:00:00Z', { note: 'ours' });
    tables.beforeNextSessionPut = () =>
      seedSession(session('a', '2026-03-15T10:00:00Z', { note: 'theirs' }));
    const { run } = setup(listing([listed]));

    const summary = await run(INCREMENTAL);

    expect(summary).toMatchObject({ updated: 1, write_requests: 2 });
    expect(tables.items(SESSIONS).get('a')).toMatchObject({ note: 'ours' });
  });

  it('does nothing while another run holds the lease', async () => {
    tables.seed(STATE, 'lease', {
      pk: 'lease',
      holder: 'other-run',
      expires_at_ms: NOW.getTime() + 60_000,
    });
    const source = listing([session('a', '2026-03-15T10:00:00Z')]);
    const { run } = setup(source);

    const summary = await run(INCREMENTAL);

    expect(summary).toMatchObject({ outcome: 'lease_held', complete: false });
    expect(source.queries).toHaveLength(0);
    expect(tables.items(SESSIONS).size).toBe(0);
    expect(tables.items(STATE).get('lease')?.holder).toBe('other-run');
  });

  it('takes over a lease that has expired', async () => {
    tables.seed(STATE, 'lease', {
      pk: 'lease',
      holder: 'crashed-run',
      expires_at_ms: NOW.getTime() - 1,
    });
    const { run } = setup(listing([session('a', '2026-03-15T10:00:00Z')]));

    const summary = await run(INCREMENTAL);

    expect(summary).toMatchObject({ outcome: 'complete', inserted: 1 });
  });

  it.each([
    ['it completes', listing()],
    [
      'its listing fails',
      {
        // biome-ignore lint/correctness/useYield: a listing that fails at once
        async *listSessions() {
          throw new Error('Zoom went away');
        },
      },
    ],
  ])('gives the lease back when %s', async (_name, source) => {
    const { run } = setup(source);

    await run(INCREMENTAL).catch(() => undefined);

    expect(tables.items(STATE).has('lease')).toBe(false);
  });

  it('stops when out of time, saves what is left and resumes it next run', async () => {
    const source = listing([session('a', '2026-03-01T10:00:00Z')]);
    let budget = () => (source.finished >= 1 ? 0 : Number.POSITIVE_INFINITY);
    source.budgetMs = () => budget();
    const settings = { sliceMs: 10 * 24 * HOUR_MS };
    const { run } = setup(source, { settings, budgetMs: () => budget() });

    const first = await run(INCREMENTAL);

    expect(first).toMatchObject({
      outcome: 'time_budget',
      complete: false,
      windows_completed: 1,
      watermark_after: null,
    });
    expect(first.windows.length).toBeGreaterThan(1);
    expect(first.windows_remaining).toEqual(first.windows.slice(1));
    expect(storedWatermark()).toBeUndefined();
    const progress = tables.items(STATE).get('progress#all');
    expect(progress?.pending).toEqual([1, 2]);
    expect(progress?.slices).toEqual(first.windows);

    budget = () => Number.POSITIVE_INFINITY;
    const second = await run(INCREMENTAL);

    expect(second).toMatchObject({
      outcome: 'complete',
      resumed: true,
      windows: first.windows_remaining,
      watermark_after: '2026-03-01T10:00:00.000Z',
    });
    expect(tables.items(STATE).has('progress#all')).toBe(false);
  });

  it('saves no progress for a manual pull that runs out of time', async () => {
    const source = listing([]);
    source.budgetMs = () =>
      source.finished >= 1 ? 0 : Number.POSITIVE_INFINITY;
    const { run } = setup(source, { budgetMs: source.budgetMs });

    const summary = await run({
      mode: 'manual',
      sessionType: 'all',
      dryRun: false,
      range: {
        from: new Date('2025-12-01T00:00:00Z'),
        to: new Date('2026-02-10T00:00:00Z'),
      },
    });

    expect(summary).toMatchObject({
      outcome: 'time_budget',
      windows_completed: 1,
    });
    expect(tables.items(STATE).has('progress#all')).toBe(false);
  });
  it('counts a session listed with two views alike on a dry run and a real run', async () => {
    const pages = [
      [session('a', '2026-03-15T10:00:00Z', { note: 'first' })],
      [session('a', '2026-03-15T11:00:00Z', { note: 'second' })],
    ];

    const dry = await setup(listing(...pages)).run({
      ...INCREMENTAL,
      dryRun: true,
    });
    const real = await setup(listing(...pages)).run(INCREMENTAL);

    expect({ inserted: dry.inserted, updated: dry.updated }).toEqual({
      inserted: real.inserted,
      updated: real.updated,
    });
  });
});
