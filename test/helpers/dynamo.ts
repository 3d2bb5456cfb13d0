import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { ensureTables, type TableNames } from '../../local/create-tables.js';
import { LOCAL_AWS } from '../../local/dynamodb-local.js';

/** A client of the run's DynamoDB Local. */
export const localDynamoClient = (): DynamoDBClient =>
  new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });

/** Creates a fresh pair of tables with names no other test uses. */
export const createTestTables = async (
  client: DynamoDBClient,
): Promise<TableNames> => {
  const suffix = randomUUID().slice(0, 8);
  const names = {
    sessions: `sessions-${suffix}`,
    syncState: `sync-state-${suffix}`,
  };
  await ensureTables(client, names);
  return names;
};

/** Every item of a table, by a full scan. */
export const scanAll = async (
  client: DynamoDBClient,
  tableName: string,
): Promise<Record<string, unknown>[]> => {
  const documents = DynamoDBDocumentClient.from(client);
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
};

/**
 * Reads a table's stream from its start, as a downstream consumer would.
 * `count()` gives every record so far; records are read shard by shard.
 */
export const streamReader = async (
  client: DynamoDBClient,
  tableName: string,
) => {
  const streams = new DynamoDBStreamsClient({
    ...LOCAL_AWS,
    endpoint: inject('dynamoEndpoint'),
  });
  const table = await client.send(
    new DescribeTableCommand({ TableName: tableName }),
  );
  const streamArn = table.Table?.LatestStreamArn;
  if (streamArn === undefined) throw new Error(`${tableName} has no stream`);

  return {
    /** All records from the start of the stream. */
    async records(): Promise<_Record[]> {
      const stream = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn }),
      );
      const all: _Record[] = [];
      for (const shard of stream.StreamDescription?.Shards ?? []) {
        const start = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        let iterator = start.ShardIterator;
        // An open shard always returns a next iterator; stop on an empty page.
        while (iterator !== undefined) {
          const page = await streams.send(
            new GetRecordsCommand({ ShardIterator: iterator }),
          );
          all.push(...(page.Records ?? []));
          if ((page.Records ?? []).length === 0) break;
          iterator = page.NextShardIterator;
        }
      }
      return all;
    },
    close: () => streams.destroy(),
  };
};
