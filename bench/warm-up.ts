import {
  BatchGetItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import pLimit from 'p-limit';

const TABLE = 'bench-warm-up';
const ITEMS = 10_000;
const CONCURRENCY = 16;
const BATCH = 100;

/**
 * Puts and reads back ten thousand items in a scratch table without a
 * stream, then drops it, so the sync meets a DynamoDB Local whose JVM has
 * compiled its write and read paths: a cold one is several times slower for
 * its first ten thousand writes or so, which would skew whichever case
 * came first. The table has no stream because DynamoDB Local slows down on
 * every stream-enabled table after the first it ever created.
 */
export const warmUp = async (client: DynamoDBClient): Promise<void> => {
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: TABLE });

  const ids = Array.from({ length: ITEMS }, (_, i) => `warm-${i}`);
  const limit = pLimit(CONCURRENCY);
  await Promise.all(
    ids.map((id) =>
      limit(() =>
        client.send(
          new PutItemCommand({
            TableName: TABLE,
            Item: { id: { S: id }, body: { S: id.repeat(40) } },
            ConditionExpression: 'attribute_not_exists(id)',
          }),
        ),
      ),
    ),
  );
  for (let i = 0; i < ids.length; i += BATCH) {
    const keys = ids.slice(i, i + BATCH).map((id) => ({ id: { S: id } }));
    await client.send(
      new BatchGetItemCommand({
        RequestItems: { [TABLE]: { Keys: keys, ConsistentRead: true } },
      }),
    );
  }
  await client.send(new DeleteTableCommand({ TableName: TABLE }));
};
