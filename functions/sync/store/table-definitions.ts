import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The shape of each table, in one place: the CDK stack, the local start and
 * the tests all build their tables from these, so they cannot drift apart.
 */
export interface TableDefinition {
  partitionKey: { name: string; type: 'S' };
  /** What the table's stream carries, or no stream. */
  stream?: 'NEW_AND_OLD_IMAGES';
}

/** One item per Zoom SMS session; its stream feeds downstream consumers. */
export const SESSIONS_TABLE: TableDefinition = {
  partitionKey: { name: 'session_id', type: 'S' },
  stream: 'NEW_AND_OLD_IMAGES',
};

/** The watermark and the last run's summary. No stream: nobody consumes it. */
export const SYNC_STATE_TABLE: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
};

/** A CreateTable request for `definition`, billed on demand. */
export const createTableInput = (
  tableName: string,
  definition: TableDefinition,
): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    {
      AttributeName: definition.partitionKey.name,
      AttributeType: definition.partitionKey.type,
    },
  ],
  KeySchema: [{ AttributeName: definition.partitionKey.name, KeyType: 'HASH' }],
  ...(definition.stream === undefined
    ? {}
    : {
        StreamSpecification: {
          StreamEnabled: true,
          StreamViewType: definition.stream,
        },
      }),
});
