import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import pLimit from 'p-limit';

/** Items of each kind of write; about what the JIT needs to settle. */
const PUT_ITEMS = 5_000;
const BATCH_ITEMS = 60_000;
const PUT_CONCURRENCY = 16;
const BATCH_CONCURRENCY = 4;
const WRITE_BATCH = 25;
const READ_BATCH = 100;

const ids = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `bench-warm-up-${prefix}-${i}`);
const chunks = <T>(all: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(all.length / size) }, (_, i) =>
    all.slice(i * size, (i + 1) * size),
  );

/**
 * Makes the calls the sync makes (conditional PutItem, BatchWriteItem,
 * consistent BatchGetItem) tens of thousands of times on the sessions
 * table, keyed apart from any session, then deletes every item it put, so
 * the sync meets an empty table in a DynamoDB Local whose JVM has compiled
 * those paths, as a long-running service would have: a cold one is two to
 * four times slower for its first tens of thousands of writes, which would
 * skew whichever case came first. It warms the table itself, not a scratch
 * one, because DynamoDB Local is slower on every stream-enabled table after
 * the first it ever created.
 */
export const warmUp = async (
  client: DynamoDBClient,
  table: string,
): Promise<void> => {
  const item = (id: string) => ({
    session_id: { S: id },
    body: { S: id.repeat(12) },
  });
  const key = (id: string) => ({ session_id: { S: id } });

  const put = ids('put', PUT_ITEMS);
  const limit = pLimit(PUT_CONCURRENCY);
  await Promise.all(
    put.map((id) =>
      limit(() =>
        client.send(
          new PutItemCommand({
            TableName: table,
            Item: item(id),
            ConditionExpression: 'attribute_not_exists(session_id)',
          }),
        ),
      ),
    ),
  );

  const batched = ids('batch', BATCH_ITEMS);
  const all = [...put, ...batched];
  const batchLimit = pLimit(BATCH_CONCURRENCY);
  const batchWrite = (requests: WriteRequest[]) =>
    batchLimit(async () => {
      let left = requests;
      while (left.length > 0) {
        const answer = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [table]: left } }),
        );
        left = answer.UnprocessedItems?.[table] ?? [];
      }
    });
  await Promise.all(
    chunks(batched, WRITE_BATCH).map((batch) =>
      batchWrite(batch.map((id) => ({ PutRequest: { Item: item(id) } }))),
    ),
  );

  for (const batch of chunks(all, READ_BATCH)) {
    await client.send(
      new BatchGetItemCommand({
        RequestItems: {
          [table]: { Keys: batch.map(key), ConsistentRead: true },
        },
      }),
    );
  }

  await Promise.all(
    chunks(all, WRITE_BATCH).map((batch) =>
      batchWrite(batch.map((id) => ({ DeleteRequest: { Key: key(id) } }))),
    ),
  );
};
