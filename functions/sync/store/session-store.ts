import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { BATCH_GET_LIMIT, BATCH_WRITE_LIMIT } from '../constants.js';
import { StoreError } from '../errors.js';
import { CapacityMeter } from './capacity.js';
import { retryUnprocessed } from './retry-unprocessed.js';
import {
  ITEM_ATTRIBUTES,
  type SessionCandidate,
  type StoredView,
  toItem,
  toStoredView,
} from './session-item.js';

/**
 * How a write went: done; refused with the item that stands instead; or
 * impossible, because DynamoDB cannot hold this item (over 400 KB, nesting
 * past 32 levels, a number out of its range, an empty attribute name).
 */
export type PutOutcome =
  | { written: true }
  | { written: false; current: StoredView | undefined }
  | { written: false; unstorable: string };

/** The sessions table: reads bookkeeping, writes sessions conditionally. */
export class SessionStore {
  readonly capacity = new CapacityMeter();
  writeRequests = 0;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** The stored view of each id that has an item, by consistent reads. */
  async getStored(ids: readonly string[]): Promise<Map<string, StoredView>> {
    const found = new Map<string, StoredView>();
    for (let start = 0; start < ids.length; start += BATCH_GET_LIMIT) {
      const keys: Record<string, unknown>[] = ids
        .slice(start, start + BATCH_GET_LIMIT)
        .map((id) => ({ session_id: id }));
      await retryUnprocessed(
        { call: `BatchGetItem on ${this.tableName}`, unit: 'keys' },
        keys,
        (batch) => this.#batchGet(batch, found),
      );
    }

    return found;
  }

  /**
   * Writes the item of `candidate` only if the stored item is still what
   * the caller decided on: absent (`expected` undefined) or holding the
   * expected content hash. A refused write returns the item that stands.
   */
  async put(
    candidate: SessionCandidate,
    expected: StoredView | undefined,
    now: string,
  ): Promise<PutOutcome> {
    const firstSeenAt = expected?.firstSeenAt || now;
    // An item written before content hashes existed has none to compare.
    const condition =
      expected === undefined
        ? { ConditionExpression: 'attribute_not_exists(session_id)' }
        : expected.contentHash === ''
          ? {
              ConditionExpression: 'attribute_not_exists(#hash)',
              ExpressionAttributeNames: {
                '#hash': ITEM_ATTRIBUTES.contentHash,
              },
            }
          : {
              ConditionExpression: '#hash = :expected',
              ExpressionAttributeNames: {
                '#hash': ITEM_ATTRIBUTES.contentHash,
              },
              ExpressionAttributeValues: { ':expected': expected.contentHash },
            };

    this.writeRequests += 1;
    try {
      const answer = await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(candidate, firstSeenAt, now),
          ...condition,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.capacity.addWrite(answer.ConsumedCapacity);
      return { written: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        const current =
          error.Item === undefined ? undefined : unmarshall(error.Item);
        return { written: false, current: toStoredView(current) };
      }

      if (isUnstorable(error)) {
        return { written: false, unstorable: describe(error) };
      }

      throw new StoreError(
        `PutItem of session ${candidate.sessionId} on ${this.tableName} failed: ${describe(error)}.`,
        { cause: error },
      );
    }
  }

  /**
   * Writes sessions the table was just read not to hold, up to 25 in one
   * BatchWriteItem call, and then what DynamoDB left unprocessed. Such a
   * write carries no condition: the run's lease is what keeps any other
   * writer away. Returns false, having written nothing, when DynamoDB
   * refuses the call for one of its items, so that the caller can write
   * them one by one and find which.
   */
  async putNew(
    candidates: readonly SessionCandidate[],
    now: string,
  ): Promise<boolean> {
    if (candidates.length > BATCH_WRITE_LIMIT) {
      throw new RangeError(
        `BatchWriteItem takes at most ${BATCH_WRITE_LIMIT} items, not ${candidates.length}.`,
      );
    }

    const requests = candidates.map((candidate) => ({
      PutRequest: { Item: toItem(candidate, now, now) },
    }));
    try {
      await retryUnprocessed(
        { call: `BatchWriteItem on ${this.tableName}`, unit: 'items' },
        requests,
        (batch) => this.#batchWrite(batch),
      );
    } catch (error) {
      // #batchWrite wraps every error but one about an item in a StoreError.
      if (!(error instanceof StoreError) && isUnstorable(error)) return false;

      throw error;
    }

    return true;
  }

  async #batchWrite(
    requests: { PutRequest: { Item: Record<string, unknown> } }[],
  ): Promise<{ PutRequest: { Item: Record<string, unknown> } }[]> {
    let left: typeof requests;
    try {
      const answer = await this.client.send(
        new BatchWriteCommand({
          RequestItems: { [this.tableName]: requests },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.capacity.addWrite(answer.ConsumedCapacity);
      left = (answer.UnprocessedItems?.[this.tableName] ?? []).flatMap((r) =>
        r.PutRequest?.Item === undefined
          ? []
          : [{ PutRequest: { Item: r.PutRequest.Item } }],
      );
    } catch (error) {
      if (isUnstorable(error)) throw error;

      throw new StoreError(
        `BatchWriteItem on ${this.tableName} failed: ${describe(error)}.`,
        { cause: error },
      );
    }

    this.writeRequests += requests.length - left.length;
    return left;
  }

  async #batchGet(
    keys: Record<string, unknown>[],
    found: Map<string, StoredView>,
  ): Promise<Record<string, unknown>[]> {
    let answer: BatchGetCommandOutput;
    try {
      answer = await this.client.send(
        new BatchGetCommand({
          RequestItems: {
            [this.tableName]: {
              Keys: keys,
              ConsistentRead: true,
              ProjectionExpression: '#id, #hash, #ms, #first',
              ExpressionAttributeNames: {
                '#id': 'session_id',
                '#hash': ITEM_ATTRIBUTES.contentHash,
                '#ms': ITEM_ATTRIBUTES.lastAccessMs,
                '#first': ITEM_ATTRIBUTES.firstSeenAt,
              },
            },
          },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
    } catch (error) {
      throw new StoreError(
        `BatchGetItem on ${this.tableName} failed: ${describe(error)}.`,
        { cause: error },
      );
    }

    this.capacity.addRead(answer.ConsumedCapacity);
    for (const item of answer.Responses?.[this.tableName] ?? []) {
      const view = toStoredView(item);
      if (view !== undefined) found.set(String(item.session_id), view);
    }

    return answer.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
  }
}

/**
 * True for errors about the item itself, which no retry can mend: the
 * service's ValidationException, or the SDK refusing to marshall a value.
 */
const isUnstorable = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === 'ValidationException' ||
    (!('$metadata' in error) &&
      /number|numeric|marshall|convert/i.test(error.message)));

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
