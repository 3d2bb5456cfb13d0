import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DeleteCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

type Item = Record<string, unknown>;

/**
 * Tables kept in memory behind a mocked DocumentClient, for unit tests of
 * code above the stores. They evaluate only the condition expressions the
 * stores send (pinned by the store tests); anything else throws, so a new
 * expression cannot pass unchecked. Integration tests use DynamoDB Local.
 */
export class MemoryTables {
  readonly #tables = new Map<string, Map<string, Item>>();

  /**
   * Runs before the next PutItem of a session is checked, or the next
   * BatchWriteItem applied, once: a test sets it to let another writer
   * change the table between a read and a write.
   */
  beforeNextSessionPut: (() => void) | undefined;

  constructor(documents: AwsClientStub<DynamoDBDocumentClient>) {
    documents
      .on(BatchGetCommand)
      .callsFake((input: BatchGetCommandInput) => this.#batchGet(input));
    documents
      .on(BatchWriteCommand)
      .callsFake((input: BatchWriteCommandInput) => this.#batchWrite(input));
    documents
      .on(PutCommand)
      .callsFake((input: PutCommandInput) => this.#put(input));
    documents
      .on(GetCommand)
      .callsFake((input: GetCommandInput) => this.#get(input));
    documents
      .on(UpdateCommand)
      .callsFake((input: UpdateCommandInput) => this.#update(input));
    documents
      .on(DeleteCommand)
      .callsFake((input: DeleteCommandInput) => this.#delete(input));
  }

  /** The items of `table` by key, copied. */
  items(table: string): Map<string, Item> {
    return structuredClone(this.#table(table));
  }

  /** Puts `item` under `key` without any condition, as a test's setup. */
  seed(table: string, key: string, item: Item): void {
    this.#table(table).set(key, structuredClone(item));
  }

  #table(name: string): Map<string, Item> {
    let table = this.#tables.get(name);
    if (table === undefined) {
      table = new Map();
      this.#tables.set(name, table);
    }

    return table;
  }

  #batchGet(input: BatchGetCommandInput) {
    const responses: Record<string, Item[]> = {};
    for (const [name, request] of Object.entries(input.RequestItems ?? {})) {
      const table = this.#table(name);
      responses[name] = (request.Keys ?? []).flatMap((key) => {
        const item = table.get(String(key.session_id));
        return item === undefined ? [] : [structuredClone(item)];
      });
    }

    return { Responses: responses };
  }

  /** Puts every item, as BatchWriteItem does: no condition, none left. */
  #batchWrite(input: BatchWriteCommandInput) {
    for (const [name, requests] of Object.entries(input.RequestItems ?? {})) {
      const race = this.beforeNextSessionPut;
      this.beforeNextSessionPut = undefined;
      race?.();
      const keys = new Set<string>();
      for (const request of requests) {
        const item = request.PutRequest?.Item;
        if (item === undefined) {
          throw new Error('MemoryTables: only put requests are handled');
        }

        const key = String(item.session_id);
        if (keys.has(key)) {
          throw new Error(`MemoryTables: key ${key} twice in one batch`);
        }
        keys.add(key);
        this.#table(name).set(key, structuredClone(item));
      }
    }

    return {};
  }

  #put(input: PutCommandInput) {
    const item = input.Item ?? {};
    if (item.session_id !== undefined) {
      const race = this.beforeNextSessionPut;
      this.beforeNextSessionPut = undefined;
      race?.();
    }

    const table = this.#table(input.TableName ?? '');
    const key = String(item.session_id ?? item.pk);
    const current = table.get(key);

    if (input.ConditionExpression !== undefined) {
      const holds = this.#putCondition(input, current);
      if (!holds) {
        throw new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
          ...(current !== undefined &&
          input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD'
            ? { Item: marshall(current) }
            : {}),
        });
      }
    }

    table.set(key, structuredClone(item));
    return {};
  }

  #putCondition(input: PutCommandInput, current: Item | undefined) {
    const values = input.ExpressionAttributeValues ?? {};
    if (input.ConditionExpression === 'attribute_not_exists(session_id)') {
      return current === undefined;
    }

    if (
      input.ConditionExpression ===
      'attribute_not_exists(pk) OR expires_at_ms < :now'
    ) {
      return (
        current === undefined ||
        Number(current.expires_at_ms) < Number(values[':now'])
      );
    }

    if (input.ConditionExpression === '#hash = :expected') {
      const name = input.ExpressionAttributeNames?.['#hash'] ?? '';
      return current !== undefined && current[name] === values[':expected'];
    }

    throw new Error(
      `MemoryTables: unknown condition ${input.ConditionExpression}`,
    );
  }

  #get(input: GetCommandInput) {
    const item = this.#table(input.TableName ?? '').get(String(input.Key?.pk));
    return item === undefined ? {} : { Item: structuredClone(item) };
  }

  #update(input: UpdateCommandInput) {
    const watermark =
      'attribute_not_exists(watermark_ms) OR watermark_ms < :ms';
    if (input.ConditionExpression !== watermark) {
      throw new Error(
        `MemoryTables: unknown condition ${input.ConditionExpression}`,
      );
    }

    const table = this.#table(input.TableName ?? '');
    const key = String(input.Key?.pk);
    const values = input.ExpressionAttributeValues ?? {};
    const current = table.get(key);
    if (
      typeof current?.watermark_ms === 'number' &&
      !(current.watermark_ms < Number(values[':ms']))
    ) {
      throw new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
      });
    }

    table.set(key, {
      ...current,
      pk: key,
      watermark: values[':iso'],
      watermark_ms: values[':ms'],
      updated_at: values[':now'],
    });
    return {};
  }

  #delete(input: DeleteCommandInput) {
    const table = this.#table(input.TableName ?? '');
    const key = String(input.Key?.session_id ?? input.Key?.pk);
    const condition = input.ConditionExpression;
    if (condition === 'holder = :holder') {
      const holder = input.ExpressionAttributeValues?.[':holder'];
      if (table.get(key)?.holder !== holder) {
        throw new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
        });
      }
    } else if (condition !== undefined) {
      throw new Error(`MemoryTables: unknown condition ${condition}`);
    }

    table.delete(key);
    return {};
  }
}
