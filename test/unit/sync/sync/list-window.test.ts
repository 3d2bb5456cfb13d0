import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import {
  TimeBudgetError,
  ZoomApiError,
  ZoomAuthError,
  ZoomPagingError,
  ZoomResponseError,
} from '../../../../functions/sync/errors.js';
import {
  isRestartable,
  listWindow,
  type SessionsSource,
  type WindowListing,
} from '../../../../functions/sync/sync/list-window.js';
import type { ListSessionsQuery } from '../../../../functions/sync/zoom/sessions-client.js';
import { catchRejection } from '../../helpers/catch-error.js';

const WINDOW = {
  from: new Date('2026-03-01T00:00:00Z'),
  to: new Date('2026-03-02T00:00:00Z'),
};

const QUERY = {
  sessionType: 'all',
  filterType: 'last_message_time',
  pageSize: 100,
} as const;

/** A source whose listings each run `script`, recording their queries. */
const scripted = (
  script: (attempt: number) => AsyncGenerator<{ records: unknown[] }>,
) => {
  const queries: ListSessionsQuery[] = [];
  const source: SessionsSource = {
    listSessions: (query) => {
      queries.push(query);
      return script(queries.length);
    },
  };
  return { source, queries };
};

const listingOf = (
  source: SessionsSource,
  budgetMs: () => number = () => Number.POSITIVE_INFINITY,
) => {
  const pages: unknown[][] = [];
  const onRestart = vi.fn();
  const listing: WindowListing = {
    source,
    query: QUERY,
    budgetMs,
    onPage: async (records) => {
      pages.push(records);
      return true;
    },
    onRestart,
  };
  return { listing, pages, onRestart };
};

describe('isRestartable', () => {
  it.each([
    [true, 'a page that broke the contract', new ZoomResponseError('m')],
    [true, 'a network failure', new ZoomApiError('m', undefined, undefined)],
    [true, 'a 500', new ZoomApiError('m', 500, undefined)],
    [true, 'a 503', new ZoomApiError('m', 503, undefined)],
    [true, 'a 408', new ZoomApiError('m', 408, undefined)],
    [true, 'a 429', new ZoomApiError('m', 429, undefined)],
    [
      true,
      'a 400 about the page token',
      new ZoomApiError(
        'Zoom answered HTTP 400 (code 300: Invalid next page token.)',
        400,
        300,
      ),
    ],
    [false, 'another 400', new ZoomApiError('Invalid phone number', 400, 300)],
    [false, 'a 404', new ZoomApiError('m', 404, 3001)],
    [false, 'refused credentials', new ZoomAuthError('m')],
    [false, 'paging that does not end', new ZoomPagingError('m')],
    [false, 'running out of time', new TimeBudgetError('m')],
    [false, 'a plain Error', new Error('m')],
  ])('answers %s for %s', (expected, _name, error) => {
    expect(isRestartable(error)).toBe(expected);
  });
});

describe('listWindow', () => {
  it('hands every page to onPage, listing the window with the query', async () => {
    const { source, queries } = scripted(async function* () {
      yield { records: [1] };
      yield { records: [2, 3] };
    });
    const { listing, pages } = listingOf(source);

    await listWindow(WINDOW, listing);

    expect(pages).toEqual([[1], [2, 3]]);
    expect(queries).toEqual([{ ...QUERY, ...WINDOW }]);
  });

  it('ends the listing where onPage says so', async () => {
    const closed = vi.fn();
    const { source } = scripted(async function* () {
      try {
        yield { records: [1] };
        yield { records: [2] };
      } finally {
        closed();
      }
    });
    const { listing, pages } = listingOf(source);
    listing.onPage = async (records) => {
      pages.push(records);
      return false;
    };

    await listWindow(WINDOW, listing);

    expect(pages).toEqual([[1]]);
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('lists the window again from its first page after a restartable failure', async () => {
    const { source, queries } = scripted(async function* (attempt) {
      yield { records: [1] };
      if (attempt === 1) throw new ZoomResponseError('page cut short');
      yield { records: [2] };
    });
    const { listing, pages, onRestart } = listingOf(source);

    await listWindow(WINDOW, listing);

    expect(queries).toHaveLength(2);
    expect(pages).toEqual([[1], [1], [2]]);
    expect(onRestart).toHaveBeenCalledTimes(1);
    expect(onRestart).toHaveBeenCalledWith(expect.any(ZoomResponseError), 1);
  });

  it('fails at once on a failure that a restart cannot mend', async () => {
    const refused = new ZoomAuthError('credentials refused');
    const { source, queries } = scripted(async function* () {
      yield { records: [1] };
      throw refused;
    });
    const { listing, onRestart } = listingOf(source);

    const error = await catchRejection(() => listWindow(WINDOW, listing));

    expect(error).toBe(refused);
    expect(queries).toHaveLength(1);
    expect(onRestart).not.toHaveBeenCalled();
  });

  it('does not list the window again without time left', async () => {
    const cut = new ZoomResponseError('page cut short');
    const { source, queries } = scripted(async function* () {
      yield { records: [1] };
      throw cut;
    });
    const { listing } = listingOf(source, () => 0);

    const error = await catchRejection(() => listWindow(WINDOW, listing));

    expect(error).toBe(cut);
    expect(queries).toHaveLength(1);
  });
  it('reports no restart when there is no time left to restart', async () => {
    const { source } = scripted(async function* () {
      yield { records: [1] };
      throw new ZoomResponseError('cut');
    });
    const { listing } = listingOf(source);
    const onRestart = vi.fn();
    listing.onRestart = onRestart;
    listing.budgetMs = () => 0;

    await catchRejection(() => listWindow(WINDOW, listing));

    expect(onRestart).not.toHaveBeenCalled();
  });

  describe('reading ahead', () => {
    /** A source of three pages that logs each request and each handling. */
    const logged = (log: string[], pageMs = 0) =>
      scripted(async function* () {
        for (let page = 1; page <= 3; page += 1) {
          log.push(`ask ${page}`);
          if (pageMs > 0) await sleep(pageMs);
          yield { records: [page] };
        }
      });
    const slowHandler = (log: string[]) => async (records: unknown[]) => {
      log.push(`handle ${records[0]}`);
      await sleep(20);
      log.push(`handled ${records[0]}`);
      return true;
    };

    it('asks for the next page while onPage handles this one', async () => {
      const log: string[] = [];
      const { listing } = listingOf(logged(log).source);
      listing.onPage = slowHandler(log);
      listing.readAhead = true;

      await listWindow(WINDOW, listing);

      expect(log).toEqual([
        'ask 1',
        'ask 2',
        'handle 1',
        'handled 1',
        'ask 3',
        'handle 2',
        'handled 2',
        'handle 3',
        'handled 3',
      ]);
    });

    it('asks for the next page only once this one is handled, by default', async () => {
      const log: string[] = [];
      const { listing } = listingOf(logged(log).source);
      listing.onPage = slowHandler(log);

      await listWindow(WINDOW, listing);

      expect(log.slice(0, 4)).toEqual([
        'ask 1',
        'handle 1',
        'handled 1',
        'ask 2',
      ]);
    });

    it('lets the page asked for ahead finish before failing', async () => {
      const log: string[] = [];
      const failure = new Error('store down');
      const { source } = scripted(async function* () {
        yield { records: [1] };
        await sleep(30);
        log.push('page 2 arrived');
        yield { records: [2] };
      });
      const { listing } = listingOf(source);
      listing.readAhead = true;
      listing.onPage = () => Promise.reject(failure);

      const error = await catchRejection(() => listWindow(WINDOW, listing));
      log.push('failed');

      expect(error).toBe(failure);
      expect(log).toEqual(['page 2 arrived', 'failed']);
    });

    it('fails with the error of the page asked for ahead, once this one is handled', async () => {
      const refused = new ZoomAuthError('credentials refused');
      const { source } = scripted(async function* () {
        yield { records: [1] };
        throw refused;
      });
      const { listing, pages } = listingOf(source);
      listing.readAhead = true;

      const error = await catchRejection(() => listWindow(WINDOW, listing));

      expect(error).toBe(refused);
      expect(pages).toEqual([[1]]);
    });

    it('restarts from the first page when the page asked for ahead fails', async () => {
      const { source, queries } = scripted(async function* (attempt) {
        yield { records: [1] };
        if (attempt === 1) throw new ZoomResponseError('page cut short');
        yield { records: [2] };
      });
      const { listing, pages } = listingOf(source);
      listing.readAhead = true;

      await listWindow(WINDOW, listing);

      expect(queries).toHaveLength(2);
      expect(pages).toEqual([[1], [1], [2]]);
    });
  });
});
