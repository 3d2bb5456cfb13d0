import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../errors.js';
import type { SyncWindow } from '../sync/windows.js';

/**
 * The sync-state table. Items are keyed by `pk`:
 * - `watermark#<session type>`: the newest `last_access_time` that complete
 *   scheduled runs have stored, per session type listed;
 * - `progress#<session type>`: the windows a cut-short scheduled run has
 *   left, so that the next run resumes them;
 * - `lease`: held by the run in progress, so that only one runs at a time;
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

  /**
   * Takes the lease for `holder` until `now + ttlMs`, unless another holder
   * has it and it has not expired. True when taken.
   */
  async acquireLease(
    holder: string,
    now: Date,
    ttlMs: number,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: LEASE_KEY,
            holder,
            acquired_at: now.toISOString(),
            expires_at_ms: now.getTime() + ttlMs,
          },
          ConditionExpression:
            'attribute_not_exists(pk) OR expires_at_ms < :now',
          ExpressionAttributeValues: { ':now': now.getTime() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;

      throw wrap('PutItem', this.tableName, error);
    }
  }

  /** Gives the lease back, if `holder` still has it. */
  async releaseLease(holder: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: LEASE_KEY },
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;

      throw wrap('DeleteItem', this.tableName, error);
    }
  }

  async getProgress(scope: string): Promise<SyncProgress | undefined> {
    const answer = await this.#send('GetItem', () =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: progressKey(scope) },
          ConsistentRead: true,
        }),
      ),
    );
    const item = answer.Item;
    if (item === undefined || !Array.isArray(item.slices)) return undefined;

    const slices = (item.slices as { from: string; to: string }[]).map((w) => ({
      from: new Date(w.from),
      to: new Date(w.to),
    }));
    const pending = Array.isArray(item.pending)
      ? (item.pending as unknown[]).filter(
          (i): i is number =>
            typeof i === 'number' && Number.isInteger(i) && i < slices.length,
        )
      : slices.map((_, i) => i);
    return {
      slices,
      pending,
      newestMs: typeof item.newest_ms === 'number' ? item.newest_ms : undefined,
    };
  }

  async saveProgress(scope: string, progress: SyncProgress): Promise<void> {
    await this.#send('PutItem', () =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: progressKey(scope),
            slices: progress.slices.map((w) => ({
              from: w.from.toISOString(),
              to: w.to.toISOString(),
            })),
            pending: progress.pending,
            ...(progress.newestMs === undefined
              ? {}
              : { newest_ms: progress.newestMs }),
          },
        }),
      ),
    );
  }

  async clearProgress(scope: string): Promise<void> {
    await this.#send('DeleteItem', () =>
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: progressKey(scope) },
        }),
      ),
    );
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

/** Where a cut-short scheduled run left off. */
export interface SyncProgress {
  /** Every slice of the pass the run was making, oldest first. */
  slices: SyncWindow[];
  /** Indexes of the slices still to list (or to list again). */
  pending: number[];
  /** The newest `last_access_time` stored by the windows already done. */
  newestMs: number | undefined;
}

const LEASE_KEY = 'lease';
const watermarkKey = (scope: string) => `watermark#${scope}`;
const progressKey = (scope: string) => `progress#${scope}`;

const wrap = (operation: string, table: string, error: unknown) =>
  new StoreError(
    `${operation} on ${table} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}.`,
    { cause: error },
  );
