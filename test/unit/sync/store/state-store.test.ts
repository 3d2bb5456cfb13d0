import {
  ConditionalCheckFailedException,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { StateStore } from '../../../../functions/sync/store/state-store.js';
import { catchRejection } from '../../helpers/catch-error.js';

const TABLE = 'state-test';

const documents = mockClient(DynamoDBDocumentClient);

const newStore = () =>
  new StateStore(
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })),
    TABLE,
  );

beforeEach(() => {
  documents.reset();
});

describe('StateStore.getWatermark', () => {
  it('reads the watermark of a session type by a consistent read', async () => {
    documents.on(GetCommand).resolves({
      Item: { pk: 'watermark#user', watermark_ms: 1_772_359_200_000 },
    });

    await expect(newStore().getWatermark('user')).resolves.toEqual(
      new Date(1_772_359_200_000),
    );
    expect(documents.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'watermark#user' },
      ConsistentRead: true,
    });
  });

  it.each([
    ['no item', {}],
    ['an item without watermark_ms', { Item: { pk: 'watermark#all' } }],
    ['a watermark_ms that is no number', { Item: { watermark_ms: 'x' } }],
  ])('returns undefined for %s', async (_name, answer) => {
    documents.on(GetCommand).resolves(answer);

    await expect(newStore().getWatermark('all')).resolves.toBeUndefined();
  });

  it('wraps an SDK error as a StoreError naming the table', async () => {
    documents.on(GetCommand).rejects(new Error('no route to host'));

    const error = await catchRejection(() => newStore().getWatermark('all'));

    expect(error.name).toBe('StoreError');
    expect(error.message).toContain(`GetItem on ${TABLE} failed`);
  });
});

describe('StateStore.advanceWatermark', () => {
  const to = new Date('2026-03-15T11:00:00.000Z');
  const now = new Date('2026-03-15T12:00:00.000Z');

  it('moves the watermark only forward, by a conditional update', async () => {
    documents.on(UpdateCommand).resolves({});
    await newStore().advanceWatermark('all', to, now);

    expect(documents.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'watermark#all' },
      UpdateExpression:
        'SET watermark = :iso, watermark_ms = :ms, updated_at = :now',
      ConditionExpression:
        'attribute_not_exists(watermark_ms) OR watermark_ms < :ms',
      ExpressionAttributeValues: {
        ':iso': '2026-03-15T11:00:00.000Z',
        ':ms': to.getTime(),
        ':now': '2026-03-15T12:00:00.000Z',
      },
    });
  });

  it('leaves a watermark that is already further ahead, silently', async () => {
    documents.on(UpdateCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
      }),
    );

    await expect(
      newStore().advanceWatermark('all', to, now),
    ).resolves.toBeUndefined();
  });

  it('wraps any other error as a StoreError naming the table', async () => {
    const cause = new Error('throttled');
    documents.on(UpdateCommand).rejects(cause);

    const error = await catchRejection(() =>
      newStore().advanceWatermark('all', to, now),
    );

    expect(error.name).toBe('StoreError');
    expect(error.message).toBe(
      `UpdateItem on ${TABLE} failed: Error: throttled.`,
    );
    expect(error.cause).toBe(cause);
  });
});

describe('StateStore.saveLastRun', () => {
  it('stores the summary under pk last_run', async () => {
    documents.on(PutCommand).resolves({});
    await newStore().saveLastRun({ mode: 'manual', inserted: 2 });

    expect(documents.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Item: { pk: 'last_run', mode: 'manual', inserted: 2 },
    });
  });
});

describe('StateStore leases', () => {
  const now = new Date('2026-03-15T12:00:00.000Z');

  it('takes the lease unless a holder has it unexpired', async () => {
    documents.on(PutCommand).resolves({});

    await expect(newStore().acquireLease('run-1', now, 60_000)).resolves.toBe(
      true,
    );
    expect(documents.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Item: {
        pk: 'lease',
        holder: 'run-1',
        acquired_at: '2026-03-15T12:00:00.000Z',
        expires_at_ms: now.getTime() + 60_000,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR expires_at_ms < :now',
      ExpressionAttributeValues: { ':now': now.getTime() },
    });
  });

  it('answers false when another run holds the lease', async () => {
    documents.on(PutCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
      }),
    );

    await expect(newStore().acquireLease('run-2', now, 60_000)).resolves.toBe(
      false,
    );
  });

  it('wraps another error while taking the lease as a StoreError', async () => {
    documents.on(PutCommand).rejects(new Error('throttled'));

    const error = await catchRejection(() =>
      newStore().acquireLease('run-1', now, 60_000),
    );

    expect(error.name).toBe('StoreError');
    expect(error.message).toContain(`PutItem on ${TABLE} failed`);
  });

  it('gives the lease back only if the holder still has it', async () => {
    documents.on(DeleteCommand).resolves({});
    await newStore().releaseLease('run-1');

    expect(documents.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'lease' },
      ConditionExpression: 'holder = :holder',
      ExpressionAttributeValues: { ':holder': 'run-1' },
    });
  });

  it('leaves a lease another run took over, silently', async () => {
    documents.on(DeleteCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
      }),
    );

    await expect(newStore().releaseLease('run-1')).resolves.toBeUndefined();
  });

  it('wraps another error while giving the lease back as a StoreError', async () => {
    documents.on(DeleteCommand).rejects(new Error('throttled'));

    const error = await catchRejection(() => newStore().releaseLease('run-1'));

    expect(error.message).toContain(`DeleteItem on ${TABLE} failed`);
  });
});

describe('StateStore progress', () => {
  const slices = [
    {
      from: new Date('2026-03-01T00:00:00.000Z'),
      to: new Date('2026-03-02T00:00:00.000Z'),
    },
    {
      from: new Date('2026-03-01T23:59:00.000Z'),
      to: new Date('2026-03-03T00:00:00.000Z'),
    },
  ];

  const pending = [1];

  it('saves the pass as ISO times, the slices left and the newest time', async () => {
    documents.on(PutCommand).resolves({});
    await newStore().saveProgress('all', { slices, pending, newestMs: 42 });

    expect(documents.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Item: {
        pk: 'progress#all',
        slices: [
          { from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' },
          { from: '2026-03-01T23:59:00.000Z', to: '2026-03-03T00:00:00.000Z' },
        ],
        pending: [1],
        newest_ms: 42,
      },
    });
  });

  it('saves no newest time when none is known', async () => {
    documents.on(PutCommand).resolves({});
    await newStore().saveProgress('all', {
      slices,
      pending,
      newestMs: undefined,
    });

    const input = documents.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input?.Item).not.toHaveProperty('newest_ms');
  });

  it('reads back what it saved', async () => {
    documents.on(PutCommand).resolves({});
    const store = newStore();
    await store.saveProgress('user', { slices, pending, newestMs: 42 });
    const item = documents.commandCalls(PutCommand)[0]?.args[0].input.Item;
    documents.on(GetCommand).resolves({ Item: item });

    await expect(store.getProgress('user')).resolves.toEqual({
      slices,
      pending,
      newestMs: 42,
    });
    expect(documents.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'progress#user' },
      ConsistentRead: true,
    });
  });

  it.each([
    ['no item', {}],
    ['an item without pending windows', { Item: { pk: 'progress#all' } }],
  ])('returns no progress for %s', async (_name, answer) => {
    documents.on(GetCommand).resolves(answer);

    await expect(newStore().getProgress('all')).resolves.toBeUndefined();
  });

  it('deletes the progress of a scope', async () => {
    documents.on(DeleteCommand).resolves({});
    await newStore().clearProgress('all');

    expect(documents.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'progress#all' },
    });
  });
});
