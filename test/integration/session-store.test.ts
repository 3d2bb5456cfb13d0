import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { SessionStore } from '../../functions/sync/store/session-store.js';
import { createTestTables, localDynamoClient } from '../helpers/dynamo.js';

const NOW = '2026-03-15T12:00:00.000Z';

it.each([
  ['a number JSON cannot hold', { count: Number.POSITIVE_INFINITY }],
  ['a number DynamoDB cannot hold', { count: 1e200 }],
  ['an empty attribute name', { '': 'x' }],
])(
  'calls an item with %s unstorable, in a batch and alone',
  async (_, field) => {
    const raw = localDynamoClient();
    const tables = await createTestTables(raw);
    const store = new SessionStore(
      DynamoDBDocumentClient.from(raw),
      tables.sessions,
    );
    const candidate = {
      sessionId: 'bad',
      record: { session_id: 'bad', ...field },
      contentHash: 'h',
      lastAccessMs: 1,
    };

    await expect(store.putNew([candidate], NOW)).resolves.toBe(false);
    const alone = await store.put(candidate, undefined, NOW);
    expect(alone).toMatchObject({
      written: false,
      unstorable: expect.any(String),
    });
  },
);
