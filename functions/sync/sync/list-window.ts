import pRetry from 'p-retry';
import { MAX_WINDOW_RESTARTS } from '../constants.js';
import { isSyncError } from '../errors.js';
import type {
  ListSessionsQuery,
  SessionsPage,
} from '../zoom/sessions-client.js';
import type { SyncWindow } from './windows.js';

/** Where pages come from: Zoom's client, or anything shaped like it. */
export interface SessionsSource {
  listSessions(query: ListSessionsQuery): AsyncIterable<SessionsPage>;
}

export interface WindowListing {
  source: SessionsSource;
  query: Omit<ListSessionsQuery, 'from' | 'to'>;
  /**
   * Milliseconds the run may still spend. The source stops itself with a
   * TimeBudgetError before a request it has no time for; a restart is not
   * tried without time either.
   */
  budgetMs: () => number;
  /** Handles a page; returning false ends the listing there. */
  onPage: (records: unknown[]) => Promise<boolean>;
  /**
   * Ask for the next page while `onPage` handles this one, so that writing
   * a page does not hold up the listing. Only for an `onPage` that always
   * goes on: one that stops would have spent a request for nothing.
   */
  readAhead?: boolean;
  onRestart: (error: Error, attempt: number) => void;
}

/**
 * True for a failure after which listing the window again from its first
 * page can succeed: a page token Zoom no longer accepts, a transient error
 * that outlasted the request's retries, or a page that broke the contract.
 * Writes are idempotent, so pages read twice cost requests, not data.
 */
export const isRestartable = (error: unknown): boolean => {
  if (isSyncError(error, 'ZoomResponseError')) return true;

  if (!isSyncError(error, 'ZoomApiError')) return false;

  const status = (error as { status?: number }).status;
  if (
    status === undefined ||
    status >= 500 ||
    status === 408 ||
    status === 429
  ) {
    return true;
  }

  return status === 400 && /page token/i.test(error.message);
};

/**
 * Lists one window page by page, handing each page to `onPage`. A failure
 * in the middle restarts the window from its first page, a bounded number
 * of times.
 */
export const listWindow = async (
  window: SyncWindow,
  listing: WindowListing,
): Promise<void> => {
  const listOnce = async () => {
    const pages = listing.source
      .listSessions({ ...listing.query, from: window.from, to: window.to })
      [Symbol.asyncIterator]();
    let ahead: Promise<IteratorResult<SessionsPage>> | undefined;
    try {
      let next = await pages.next();
      while (next.done !== true) {
        if (listing.readAhead === true) {
          ahead = pages.next();
          // Its failure is met when it is awaited below, not lost.
          ahead.catch(() => undefined);
        }
        if (!(await listing.onPage(next.value.records))) return;

        next = await (ahead ?? pages.next());
        ahead = undefined;
      }
    } finally {
      // No request of this listing may outlive it, into a restart.
      await ahead?.catch(() => undefined);
      await pages.return?.();
    }
  };

  await pRetry(listOnce, {
    retries: MAX_WINDOW_RESTARTS,
    minTimeout: 500,
    factor: 2,
    randomize: true,
    shouldRetry: ({ error }) => isRestartable(error) && listing.budgetMs() > 0,
    onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
      if (retriesLeft > 0 && isRestartable(error) && listing.budgetMs() > 0) {
        listing.onRestart(error, attemptNumber);
      }
    },
  });
};
