import { describe, expect, it, vi } from 'vitest';
import { retryUnprocessed } from '../../../../functions/sync/store/retry-unprocessed.js';
import { catchRejection } from '../../helpers/catch-error.js';

/** A send that leaves the given counts of items unprocessed, in turn. */
const leaving = (...counts: number[]) => {
  const batches: number[][] = [];
  const send = vi.fn(async (batch: number[]) => {
    batches.push(batch);
    return batch.slice(0, counts[batches.length - 1] ?? 0);
  });
  return { send, batches };
};

describe('retryUnprocessed', () => {
  it('sends the work once when nothing is left unprocessed', async () => {
    const { send, batches } = leaving(0);
    await retryUnprocessed(
      { call: 'BatchGetItem on t', unit: 'keys' },
      [1, 2, 3],
      send,
      0,
    );

    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('sends nothing for no work', async () => {
    const { send } = leaving();
    await retryUnprocessed(
      { call: 'BatchGetItem on t', unit: 'keys' },
      [],
      send,
      0,
    );

    expect(send).not.toHaveBeenCalled();
  });

  it('sends what each answer left unprocessed until none is left', async () => {
    const { batches, send } = leaving(2, 1, 0);
    await retryUnprocessed(
      { call: 'BatchGetItem on t', unit: 'keys' },
      [1, 2, 3],
      send,
      0,
    );

    expect(batches).toEqual([[1, 2, 3], [1, 2], [1]]);
  });

  it('fails with a StoreError after eight attempts that leave work', async () => {
    const { send } = leaving(...Array<number>(20).fill(2));
    const error = await catchRejection(() =>
      retryUnprocessed(
        { call: 'BatchGetItem on sessions', unit: 'keys' },
        [1, 2, 3],
        send,
        0,
      ),
    );

    expect(send).toHaveBeenCalledTimes(8);
    expect(error.name).toBe('StoreError');
    expect(error.message).toBe(
      'BatchGetItem on sessions left 2 keys unprocessed after 8 attempts.',
    );
  });

  it('names items when what is left is items', async () => {
    const { send } = leaving(...Array<number>(20).fill(1));
    const error = await catchRejection(() =>
      retryUnprocessed(
        { call: 'BatchWriteItem on sessions', unit: 'items' },
        [1, 2],
        send,
        0,
      ),
    );

    expect(error.message).toBe(
      'BatchWriteItem on sessions left 1 items unprocessed after 8 attempts.',
    );
  });

  it('succeeds when the last allowed attempt finishes the work', async () => {
    const { send } = leaving(1, 1, 1, 1, 1, 1, 1, 0);
    await retryUnprocessed(
      { call: 'BatchGetItem on t', unit: 'keys' },
      [1],
      send,
      0,
    );

    expect(send).toHaveBeenCalledTimes(8);
  });

  it('lets an error of the send through as it is', async () => {
    const failure = new Error('throttled');
    const error = await catchRejection(() =>
      retryUnprocessed(
        { call: 'BatchGetItem on t', unit: 'keys' },
        [1],
        () => Promise.reject(failure),
        0,
      ),
    );

    expect(error).toBe(failure);
  });
});
