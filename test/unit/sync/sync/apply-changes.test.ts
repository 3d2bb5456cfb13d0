import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DynamoDBDocumentClient,
  PutCommand,
  type PutCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type SessionCandidate,
  toItem,
} from '../../../../functions/sync/store/session-item.js';
import { SessionStore } from '../../../../functions/sync/store/session-store.js';
import { applyChanges } from '../../../../functions/sync/sync/apply-changes.js';
import { catchRejection } from '../../helpers/catch-error.js';
import { MemoryTables } from '../../helpers/memory-tables.js';

const TABLE = 'sessions';
const NOW = '2026-03-15T12:00:00.000Z';

const documents = mockClient(DynamoDBDocumentClient);
let tables: MemoryTables;

beforeEach(() => {
  documents.reset();
  tables = new MemoryTables(documents);
});

const store = () =>
  new SessionStore(
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })),
    TABLE,
  );

const candidate = (
  id: string,
  hash: string,
  lastAccessMs = 1_000,
): SessionCandidate => ({
  sessionId: id,
  record: { session_id: id, note: hash },
  contentHash: hash,
  lastAccessMs,
});

/** The session ids of each BatchWriteItem call, in call order. */
const batchedIds = () =>
  documents
    .commandCalls(BatchWriteCommand)
    .map((call) =>
      (call.args[0].input as BatchWriteCommandInput).RequestItems?.[TABLE]?.map(
        (r) => r.PutRequest?.Item?.session_id,
      ),
    );

/** The session id of each PutItem call, in call order. */
const putIds = () =>
  documents
    .commandCalls(PutCommand)
    .map((call) => (call.args[0].input as PutCommandInput).Item?.session_id);

const refusal = (message: string) =>
  Object.assign(new Error(message), {
    name: 'ValidationException',
    $metadata: { httpStatusCode: 400 },
  });

const seed = (c: SessionCandidate) =>
  tables.seed(TABLE, c.sessionId, toItem(c, 'first', 'changed'));

describe('applyChanges', () => {
  it('reads nothing for no candidates', async () => {
    const result = await applyChanges([], { dryRun: false, now: NOW }, store());

    expect(result).toEqual({
      counts: { insert: 0, update: 0, unchanged: 0, stale: 0 },
      unstorable: [],
      movedFrom: [],
    });
    expect(documents.calls()).toHaveLength(0);
  });

  it('writes the new and changed sessions and counts each decision', async () => {
    seed(candidate('same', 'h1'));
    seed(candidate('changed', 'h1'));
    seed(candidate('newer', 'h1', 2_000));

    const { counts } = await applyChanges(
      [
        candidate('new', 'h1'),
        candidate('same', 'h1'),
        candidate('changed', 'h2', 1_500),
        candidate('newer', 'h2', 1_000),
      ],
      { dryRun: false, now: NOW },
      store(),
    );

    expect(counts).toEqual({ insert: 1, update: 1, unchanged: 1, stale: 1 });
    expect(batchedIds()).toEqual([['new']]);
    expect(putIds()).toEqual(['changed']);
    expect(tables.items(TABLE).get('changed')).toMatchObject({
      content_hash: 'h2',
      first_seen_at: 'first',
      changed_at: NOW,
    });
    expect(tables.items(TABLE).get('newer')?.content_hash).toBe('h1');
  });

  it('counts the same decisions on a dry run but writes nothing', async () => {
    seed(candidate('changed', 'h1'));

    const { counts } = await applyChanges(
      [candidate('new', 'h1'), candidate('changed', 'h2', 1_500)],
      { dryRun: true, now: NOW },
      store(),
    );

    expect(counts).toMatchObject({ insert: 1, update: 1 });
    expect(documents.commandCalls(BatchGetCommand)).toHaveLength(1);
    expect(documents.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('fails with a StoreError naming the session when it keeps changing', async () => {
    seed(candidate('busy', 'old', 400));
    let rival = 0;
    const race = () => {
      rival += 1;
      seed(candidate('busy', `rival-${rival}`, 500));
      tables.beforeNextSessionPut = race;
    };
    tables.beforeNextSessionPut = race;

    const error = await catchRejection(() =>
      applyChanges(
        [candidate('busy', 'ours')],
        { dryRun: false, now: NOW },
        store(),
      ),
    );

    expect(error.name).toBe('StoreError');
    expect(error.message).toBe(
      `Session busy on ${TABLE} kept changing under 3 conditional writes.`,
    );
    expect(documents.commandCalls(PutCommand)).toHaveLength(3);
  });

  it('puts sessions the table does not hold in batches of 25, with no condition', async () => {
    const fresh = Array.from({ length: 60 }, (_, i) => candidate(`n${i}`, 'h'));

    const { counts } = await applyChanges(
      fresh,
      { dryRun: false, now: NOW },
      store(),
    );

    expect(counts.insert).toBe(60);
    expect(batchedIds().map((ids) => ids?.length)).toEqual([25, 25, 10]);
    expect(batchedIds().flat()).toEqual(fresh.map((c) => c.sessionId));
    expect(putIds()).toEqual([]);
    expect(tables.items(TABLE).get('n59')).toMatchObject({
      content_hash: 'h',
      first_seen_at: NOW,
      changed_at: NOW,
    });
  });

  it('writes a refused batch one by one and skips only the item DynamoDB cannot hold', async () => {
    documents.on(BatchWriteCommand).rejects(refusal('Item size too large'));
    documents
      .on(PutCommand, { Item: { session_id: 'huge' } })
      .rejects(refusal('Item size has exceeded the maximum allowed size'));

    const result = await applyChanges(
      [candidate('a', 'h'), candidate('huge', 'h'), candidate('b', 'h')],
      { dryRun: false, now: NOW },
      store(),
    );

    expect(result.counts.insert).toBe(2);
    expect(result.unstorable).toEqual([
      {
        sessionId: 'huge',
        detail:
          'ValidationException: Item size has exceeded the maximum allowed size',
      },
    ]);
    expect(putIds().sort()).toEqual(['a', 'b', 'huge']);
    expect([...tables.items(TABLE).keys()].sort()).toEqual(['a', 'b']);
  });

  it('fails with a StoreError when a batch fails for another reason', async () => {
    documents.on(BatchWriteCommand).rejects(new Error('socket hang up'));

    const error = await catchRejection(() =>
      applyChanges([candidate('a', 'h')], { dryRun: false, now: NOW }, store()),
    );

    expect(error.name).toBe('StoreError');
    expect(error.message).toBe(
      `BatchWriteItem on ${TABLE} failed: Error: socket hang up.`,
    );
    expect(putIds()).toEqual([]);
  });

  it('cuts a batch before it passes four million characters of JSON', async () => {
    const big = (id: string) => ({
      ...candidate(id, 'h'),
      record: { session_id: id, note: 'x'.repeat(1_500_000) },
    });

    await applyChanges(
      [big('a'), big('b'), big('c'), candidate('d', 'h')],
      { dryRun: false, now: NOW },
      store(),
    );

    expect(batchedIds()).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('lets every write end before it fails', async () => {
    let landed = false;
    documents
      .on(BatchWriteCommand)
      .rejectsOnce(new Error('socket hang up'))
      .callsFake(async () => {
        await new Promise((done) => setTimeout(done, 50));
        landed = true;
        return {};
      });
    const fresh = Array.from({ length: 30 }, (_, i) => candidate(`n${i}`, 'h'));

    const error = await catchRejection(() =>
      applyChanges(fresh, { dryRun: false, now: NOW }, store()),
    );

    expect(error.name).toBe('StoreError');
    expect(landed).toBe(true);
  });
});
