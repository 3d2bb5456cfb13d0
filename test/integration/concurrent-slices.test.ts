import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { SessionStore } from '../../functions/sync/store/session-store.js';
import { StateStore } from '../../functions/sync/store/state-store.js';
import type { SessionsSource } from '../../functions/sync/sync/list-window.js';
import { runSync } from '../../functions/sync/sync/run-sync.js';
import {
  createTestTables,
  localDynamoClient,
  scanAll,
  streamReader,
} from '../helpers/dynamo.js';

const NOW = new Date('2026-03-15T12:00:00.000Z');
const HOUR = 3_600_000;
const OLD_VIEW = '2026-03-14T06:00:00Z';
const NEW_VIEW = '2026-03-15T11:59:00Z';

const record = (id: string, time: string) => ({
  session_id: id,
  session_type: 'user',
  last_access_time: time,
});

it('writes a session seen in two slices listed at once in order, newest last', async () => {
  const raw = localDynamoClient();
  const tables = await createTestTables(raw);
  // The write of the older view lands late, as a slow answer would.
  raw.middlewareStack.add(
    (next) => async (args) => {
      if (JSON.stringify(args.input).includes(OLD_VIEW)) {
        await new Promise((done) => setTimeout(done, 300));
      }
      return next(args);
    },
    { step: 'initialize', name: 'slowOldView' },
  );
  const documents = DynamoDBDocumentClient.from(raw);
  // Two day slices: x was listed in the older one, got a new message and
  // was listed again in the newer one, while the first was being written.
  const source: SessionsSource = {
    async *listSessions(query) {
      yield query.to < NOW
        ? { records: [record('x', OLD_VIEW), record('a', OLD_VIEW)] }
        : { records: [record('x', NEW_VIEW), record('b', NEW_VIEW)] };
    },
  };

  const summary = await runSync(
    {
      mode: 'manual',
      range: { from: new Date(NOW.getTime() - 47 * HOUR), to: NOW },
      sessionType: 'all',
      dryRun: false,
    },
    {
      pageSize: 100,
      filterType: 'last_message_time',
      lookbackMs: HOUR,
      sliceMs: 24 * HOUR,
      sliceConcurrency: 2,
    },
    {
      source,
      sessions: new SessionStore(documents, tables.sessions),
      state: new StateStore(documents, tables.syncState),
      logger: { warn: () => {} },
      clock: () => NOW,
      budgetMs: () => Number.POSITIVE_INFINITY,
      leaseTtlMs: 60_000,
      zoomStats: () => ({ requests: 0, tokens: 0 }),
    },
  );

  expect(summary.windows).toHaveLength(2);
  expect(summary).toMatchObject({ inserted: 3, updated: 1, stale: 0 });
  const items = await scanAll(raw, tables.sessions);
  expect(items.find((i) => i.session_id === 'x')?.last_access_time).toBe(
    NEW_VIEW,
  );
  const stream = await (await streamReader(raw, tables.sessions)).records();
  const ofX = stream.filter((r) => r.dynamodb?.Keys?.session_id?.S === 'x');
  expect(ofX.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY']);
  expect(ofX[1]?.dynamodb?.NewImage?.last_access_time?.S).toBe(NEW_VIEW);
});
