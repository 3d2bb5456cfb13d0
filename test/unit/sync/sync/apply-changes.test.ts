import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  PutCommand,
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
    expect(documents.commandCalls(PutCommand)).toHaveLength(2);
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
});
