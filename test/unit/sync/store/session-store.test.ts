import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionCandidate } from '../../../../functions/sync/store/session-item.js';
import { SessionStore } from '../../../../functions/sync/store/session-store.js';
import { catchRejection } from '../../helpers/catch-error.js';

const TABLE = 'sessions-test';
const NOW = '2026-03-15T12:00:00.000Z';

const documents = mockClient(DynamoDBDocumentClient);

const newStore = () =>
  new SessionStore(
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })),
    TABLE,
  );

const candidate: SessionCandidate = {
  sessionId: 'IQ-1',
  record: { session_id: 'IQ-1', session_type: 'user', direction: 'inbound' },
  contentHash: 'hash-new',
  lastAccessMs: 2_000,
};

const storedItem = (id: string) => ({
  session_id: id,
  content_hash: `hash-${id}`,
  last_access_ms: 1_000,
  first_seen_at: '2026-01-01T00:00:00.000Z',
});

/** The keys each BatchGetItem call asked for, in call order. */
const requestedIds = () =>
  documents
    .commandCalls(BatchGetCommand)
    .map((call) =>
      (call.args[0].input as BatchGetCommandInput).RequestItems?.[
        TABLE
      ]?.Keys?.map((key) => key.session_id),
    );

const unprocessed = (...ids: string[]) => ({
  [TABLE]: { Keys: ids.map((id) => ({ session_id: id })) },
});

const ids = (count: number) =>
  Array.from({ length: count }, (_, i) => `IQ-${i}`);

beforeEach(() => {
  documents.reset();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('SessionStore.getStored', () => {
  it('reads the stored view of each id by consistent reads', async () => {
    documents.on(BatchGetCommand).resolves({
      Responses: { [TABLE]: [storedItem('a')] },
      ConsumedCapacity: [{ TableName: TABLE, CapacityUnits: 1 }],
    });
    const store = newStore();
    const found = await store.getStored(['a', 'b']);

    expect([...found]).toEqual([
      [
        'a',
        {
          contentHash: 'hash-a',
          lastAccessMs: 1_000,
          firstSeenAt: '2026-01-01T00:00:00.000Z',
        },
      ],
    ]);
    expect(store.capacity.readUnits).toBe(1);
    const input = documents.commandCalls(BatchGetCommand)[0]?.args[0].input;
    expect(input?.RequestItems?.[TABLE]?.ConsistentRead).toBe(true);
    expect(input?.ReturnConsumedCapacity).toBe('TOTAL');
  });

  it('sends no request for no ids', async () => {
    const found = await newStore().getStored([]);

    expect(found.size).toBe(0);
    expect(documents.calls()).toHaveLength(0);
  });

  it('asks again for UnprocessedKeys until none are left', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    documents
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [TABLE]: [storedItem('a')] },
        UnprocessedKeys: unprocessed('b', 'c'),
      })
      .resolvesOnce({
        Responses: { [TABLE]: [storedItem('b')] },
        UnprocessedKeys: unprocessed('c'),
      })
      .resolvesOnce({ Responses: { [TABLE]: [storedItem('c')] } });

    const found = await newStore().getStored(['a', 'b', 'c']);

    expect([...found.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(requestedIds()).toEqual([['a', 'b', 'c'], ['b', 'c'], ['c']]);
  });

  it.each([
    [100, [100]],
    [101, [100, 1]],
    [250, [100, 100, 50]],
  ])('splits %i ids into batches of %j', async (count, sizes) => {
    documents.on(BatchGetCommand).resolves({});
    await newStore().getStored(ids(count));

    const batches = requestedIds();
    expect(batches.map((batch) => batch?.length)).toEqual(sizes);
    expect(batches.flat()).toEqual(ids(count));
  });

  it('fails with a StoreError when keys stay unprocessed', async () => {
    // No jitter, so that the eight bounded attempts do not wait.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    documents
      .on(BatchGetCommand)
      .resolves({ UnprocessedKeys: unprocessed('a') });

    const error = await catchRejection(() => newStore().getStored(['a']));

    expect(error.name).toBe('StoreError');
    expect(error.message).toContain(`BatchGetItem on ${TABLE}`);
    expect(error.message).toContain('1 keys unprocessed after 8 attempts');
    expect(documents.commandCalls(BatchGetCommand)).toHaveLength(8);
  });

  it('wraps an SDK error as a StoreError naming the table', async () => {
    const cause = new ProvisionedThroughputExceededException({
      message: 'Rate exceeded',
      $metadata: {},
    });
    documents.on(BatchGetCommand).rejects(cause);

    const error = await catchRejection(() => newStore().getStored(['a']));

    expect(error.name).toBe('StoreError');
    expect(error.message).toBe(
      `BatchGetItem on ${TABLE} failed: ProvisionedThroughputExceededException: Rate exceeded.`,
    );
    expect(error.cause).toBe(cause);
  });
});

describe('SessionStore.putNew', () => {
  const fresh = (id: string): SessionCandidate => ({
    ...candidate,
    sessionId: id,
    record: { ...candidate.record, session_id: id },
  });
  const writtenIds = () =>
    documents
      .commandCalls(BatchWriteCommand)
      .map((call) =>
        (call.args[0].input as BatchWriteCommandInput).RequestItems?.[
          TABLE
        ]?.map((r) => r.PutRequest?.Item?.session_id),
      );
  const left = (...idsLeft: string[]) => ({
    [TABLE]: idsLeft.map((id) => ({
      PutRequest: { Item: { session_id: id } },
    })),
  });

  it('puts the items in one BatchWriteItem call and counts them', async () => {
    documents.on(BatchWriteCommand).resolves({
      ConsumedCapacity: [{ TableName: TABLE, CapacityUnits: 2 }],
    });
    const store = newStore();

    await expect(store.putNew([fresh('a'), fresh('b')], NOW)).resolves.toBe(
      true,
    );

    const input = documents.commandCalls(BatchWriteCommand)[0]?.args[0].input;
    expect(input?.ReturnConsumedCapacity).toBe('TOTAL');
    expect(input?.RequestItems?.[TABLE]?.[0]?.PutRequest?.Item).toEqual({
      session_id: 'a',
      session_type: 'user',
      direction: 'inbound',
      content_hash: 'hash-new',
      last_access_ms: 2_000,
      first_seen_at: NOW,
      changed_at: NOW,
    });
    expect(store.writeRequests).toBe(2);
    expect(store.capacity.writeUnits).toBe(2);
  });

  it('sends again what DynamoDB left unprocessed, counting each item once', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    documents
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: left('b', 'c') })
      .resolvesOnce({ UnprocessedItems: left('c') })
      .resolvesOnce({});
    const store = newStore();

    await store.putNew([fresh('a'), fresh('b'), fresh('c')], NOW);

    expect(writtenIds()).toEqual([['a', 'b', 'c'], ['b', 'c'], ['c']]);
    expect(store.writeRequests).toBe(3);
  });

  it('fails with a StoreError when items stay unprocessed', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    documents.on(BatchWriteCommand).resolves({ UnprocessedItems: left('a') });

    const error = await catchRejection(() =>
      newStore().putNew([fresh('a')], NOW),
    );

    expect(error.name).toBe('StoreError');
    expect(error.message).toBe(
      `BatchWriteItem on ${TABLE} left 1 items unprocessed after 8 attempts.`,
    );
  });

  it('returns false when DynamoDB refuses the call for one of its items', async () => {
    documents.on(BatchWriteCommand).rejects(
      Object.assign(
        new Error('Item size has exceeded the maximum allowed size'),
        {
          name: 'ValidationException',
          $metadata: { httpStatusCode: 400 },
        },
      ),
    );
    const store = newStore();

    await expect(store.putNew([fresh('a')], NOW)).resolves.toBe(false);
    expect(store.writeRequests).toBe(0);
  });

  it('fails with a StoreError, not item by item, when the service fails the call', async () => {
    documents.on(BatchWriteCommand).rejects(
      new ProvisionedThroughputExceededException({
        message: 'The number of requests exceeds the limit',
        $metadata: {},
      }),
    );

    const error = await catchRejection(() =>
      newStore().putNew([fresh('a')], NOW),
    );

    expect(error.name).toBe('StoreError');
    expect(error.message).toBe(
      `BatchWriteItem on ${TABLE} failed: ProvisionedThroughputExceededException: The number of requests exceeds the limit.`,
    );
  });

  it('refuses more items than one call takes, before sending any', async () => {
    const many = ids(26).map(fresh);

    await expect(newStore().putNew(many, NOW)).rejects.toThrow(
      'BatchWriteItem takes at most 25 items, not 26.',
    );
    expect(documents.calls()).toHaveLength(0);
  });
});

describe('SessionStore.put', () => {
  it('writes a new session only if no item exists', async () => {
    documents.on(PutCommand).resolves({
      ConsumedCapacity: { TableName: TABLE, CapacityUnits: 1 },
    });
    const store = newStore();

    await expect(store.put(candidate, undefined, NOW)).resolves.toEqual({
      written: true,
    });

    const input = documents.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      TableName: TABLE,
      ConditionExpression: 'attribute_not_exists(session_id)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(input).not.toHaveProperty('ExpressionAttributeValues');
    expect(input?.Item).toEqual({
      session_id: 'IQ-1',
      session_type: 'user',
      direction: 'inbound',
      content_hash: 'hash-new',
      last_access_ms: 2_000,
      first_seen_at: NOW,
      changed_at: NOW,
    });
    expect(store.writeRequests).toBe(1);
    expect(store.capacity.writeUnits).toBe(1);
  });

  it('replaces an item only if it still holds the expected hash', async () => {
    documents.on(PutCommand).resolves({});
    const expected = {
      contentHash: 'hash-old',
      lastAccessMs: 1_000,
      firstSeenAt: '2026-01-01T00:00:00.000Z',
    };

    await newStore().put(candidate, expected, NOW);

    const input = documents.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      ConditionExpression: '#hash = :expected',
      ExpressionAttributeNames: { '#hash': 'content_hash' },
      ExpressionAttributeValues: { ':expected': 'hash-old' },
    });
    expect(input?.Item).toMatchObject({
      first_seen_at: '2026-01-01T00:00:00.000Z',
      changed_at: NOW,
    });
  });

  it('refuses with the view of the item that stands', async () => {
    documents.on(PutCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: {
          session_id: { S: 'IQ-1' },
          content_hash: { S: 'hash-other' },
          last_access_ms: { N: '3000' },
          first_seen_at: { S: '2026-02-01T00:00:00.000Z' },
        },
      }),
    );
    const store = newStore();

    await expect(store.put(candidate, undefined, NOW)).resolves.toEqual({
      written: false,
      current: {
        contentHash: 'hash-other',
        lastAccessMs: 3_000,
        firstSeenAt: '2026-02-01T00:00:00.000Z',
      },
    });
    expect(store.writeRequests).toBe(1);
  });

  it('refuses with no view when the item that stood is gone', async () => {
    documents.on(PutCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
      }),
    );
    const expected = { contentHash: 'h', lastAccessMs: 1, firstSeenAt: NOW };

    await expect(newStore().put(candidate, expected, NOW)).resolves.toEqual({
      written: false,
      current: undefined,
    });
  });

  it('wraps any other error as a StoreError naming table and session', async () => {
    const cause = new Error('socket hang up');
    documents.on(PutCommand).rejects(cause);

    const error = await catchRejection(() =>
      newStore().put(candidate, undefined, NOW),
    );

    expect(error.name).toBe('StoreError');
    expect(error.message).toContain('session IQ-1');
    expect(error.message).toContain(TABLE);
    expect(error.message).toContain('socket hang up');
    expect(error.cause).toBe(cause);
  });
});
