import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError } from '../errors.js';

/** Tries before work that DynamoDB keeps leaving unprocessed fails the run. */
const MAX_ATTEMPTS = 8;

/**
 * Sends `work` and then what each answer left unprocessed, with exponential
 * backoff and full jitter between attempts, as AWS advises for
 * UnprocessedKeys and UnprocessedItems.
 */
export const retryUnprocessed = async <T>(
  what: { call: string; unit: 'keys' | 'items' },
  work: T[],
  send: (batch: T[]) => Promise<T[]>,
  baseDelayMs = 50,
): Promise<void> => {
  let pending = work;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    if (attempt > MAX_ATTEMPTS) {
      throw new StoreError(
        `${what.call} left ${pending.length} ${what.unit} unprocessed after ${MAX_ATTEMPTS} attempts.`,
      );
    }

    if (attempt > 1) {
      await sleep(Math.random() * baseDelayMs * 2 ** (attempt - 1));
    }
    pending = await send(pending);
  }
};
