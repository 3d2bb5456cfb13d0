import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  createTableInput,
  SESSIONS_TABLE,
  SYNC_STATE_TABLE,
} from '../functions/sync/store/table-definitions.js';

export interface TableNames {
  sessions: string;
  syncState: string;
}

/** Creates the two tables, from the definitions the stack uses, if missing. */
export const ensureTables = async (
  client: DynamoDBClient,
  names: TableNames,
): Promise<void> => {
  const wanted = [
    createTableInput(names.sessions, SESSIONS_TABLE),
    createTableInput(names.syncState, SYNC_STATE_TABLE),
  ];
  for (const input of wanted) {
    try {
      await client.send(new CreateTableCommand(input));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    await waitUntilTableExists(
      { client, maxWaitTime: 30 },
      { TableName: input.TableName },
    );
  }
};
