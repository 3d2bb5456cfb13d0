import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../errors.js';

/**
 * The sync-state table. Items are keyed by `pk`:
 * - `watermark#<session type>`: the newest `last_access_time` that complete
 *   scheduled runs have stored, per session type listed;
 * - `last_run`: the summary of the latest run, scheduled or manual.
 */
export class StateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async getWatermark(scope: string): Promise<Date | undefined> {
    const answer = await this.#send('GetItem', () =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: watermarkKey(scope) },
          ConsistentRead: true,
        }),
      ),
    );
    const ms = answer.Item?.watermark_ms;
    return typeof ms === 'number' ? new Date(ms) : undefined;
  }

  /**
   * Moves the watermark forward to `to`. A watermark already further ahead
   * (set by an overlapping run) stays: the write is conditional.
   */
  async advanceWatermark(scope: string, to: Date, now: Date): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: watermarkKey(scope) },
          UpdateExpression:
            'SET watermark = :iso, watermark_ms = :ms, updated_at = :now',
          ConditionExpression:
            'attribute_not_exists(watermark_ms) OR watermark_ms < :ms',
          ExpressionAttributeValues: {
            ':iso': to.toISOString(),
            ':ms': to.getTime(),
            ':now': now.toISOString(),
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;

      throw wrap('UpdateItem', this.tableName, error);
    }
  }

  async saveLastRun(summary: object): Promise<void> {
    await this.#send('PutItem', () =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: 'last_run', ...summary },
        }),
      ),
    );
  }

  async #send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw wrap(operation, this.tableName, error);
    }
  }
}

const watermarkKey = (scope: string) => `watermark#${scope}`;

const wrap = (operation: string, table: string, error: unknown) =>
  new StoreError(
    `${operation} on ${table} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}.`,
    { cause: error },
  );
