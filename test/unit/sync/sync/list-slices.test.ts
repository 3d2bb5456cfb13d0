import { describe, expect, it } from 'vitest';
import {
  TimeBudgetError,
  ZoomApiError,
} from '../../../../functions/sync/errors.js';
import { listSlices } from '../../../../functions/sync/sync/list-slices.js';

const tick = () => new Promise((done) => setTimeout(done, 1));

describe('listSlices', () => {
  it('lists every slice, no more at once than the concurrency', async () => {
    let running = 0;
    let most = 0;
    const finished: number[] = [];

    const { done, error } = await listSlices(
      [0, 1, 2, 3, 4, 5],
      async () => {
        running += 1;
        most = Math.max(most, running);
        await tick();
        running -= 1;
      },
      { concurrency: 2, onDone: async (i) => void finished.push(i) },
    );

    expect(error).toBeUndefined();
    expect([...done].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect([...finished].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('starts no new slice after an error and reports it', async () => {
    const started: number[] = [];

    const { done, error } = await listSlices(
      [0, 1, 2, 3, 4],
      async (i) => {
        started.push(i);
        if (i === 1) throw new TimeBudgetError('out of time');
        await tick();
      },
      { concurrency: 2, onDone: async () => {} },
    );

    expect(error).toMatchObject({ name: 'TimeBudgetError' });
    expect(started).toEqual([0, 1]);
    expect([...done]).toEqual([0]);
  });

  it('reports an error that fails the run over a stop', async () => {
    const { error } = await listSlices(
      [0, 1],
      async (i) => {
        await tick();
        throw i === 0
          ? new TimeBudgetError('out of time')
          : new ZoomApiError('Zoom answered 404', 404, 7012);
      },
      { concurrency: 2, onDone: async () => {} },
    );

    expect(error).toMatchObject({ name: 'ZoomApiError' });
  });

  it.each([
    [false, 1],
    [true, 2],
  ])(
    'with a 429 %s, starts the fifth of four at once after %i finished',
    async (limited, finishedBefore) => {
      let signal = () => {};
      let finished = 0;
      const finishedAtStart: number[] = [];

      await listSlices(
        [0, 1, 2, 3, 4, 5, 6, 7],
        async (i) => {
          finishedAtStart.push(finished);
          if (i === 0 && limited) signal();
          await tick();
          finished += 1;
        },
        {
          concurrency: 4,
          onDone: async () => {},
          onRateLimited: (listener) => {
            signal = listener;
          },
        },
      );

      expect(finishedAtStart[4]).toBe(finishedBefore);
    },
  );
});
