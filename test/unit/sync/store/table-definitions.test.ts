import { describe, expect, it } from 'vitest';
import {
  createTableInput,
  SESSIONS_TABLE,
  SYNC_STATE_TABLE,
} from '../../../../functions/sync/store/table-definitions.js';

describe('createTableInput', () => {
  it('keys the sessions table by session_id, with a stream of both images', () => {
    expect(createTableInput('sessions', SESSIONS_TABLE)).toEqual({
      TableName: 'sessions',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'session_id', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'session_id', KeyType: 'HASH' }],
      StreamSpecification: {
        StreamEnabled: true,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
  });

  it('keys the sync-state table by pk, without a stream', () => {
    const input = createTableInput('state', SYNC_STATE_TABLE);

    expect(input.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
    expect(input).not.toHaveProperty('StreamSpecification');
  });
});
