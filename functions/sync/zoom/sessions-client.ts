import { HTTPError, isForceRetryError, type KyInstance } from 'ky';
import {
  TimeBudgetError,
  ZoomAuthError,
  ZoomPagingError,
  ZoomResponseError,
} from '../errors.js';
import type { ZoomCredentials } from './credentials.js';
import { outOfTime } from './http.js';
import { readErrorBody, toZoomApiError } from './http-error.js';
import { dailyLimitError, retryAfterMs } from './rate-limit.js';
import type { FilterType, SessionType } from './schema.js';
import { zoomSessionsPageSchema } from './schema.js';
import { formatZoomTime } from './time-format.js';
import type { ZoomTokenProvider } from './token-provider.js';

/** Zoom's code for an expired or revoked access token. */
const INVALID_TOKEN_CODE = 124;

export interface ListSessionsQuery {
  from: Date;
  to: Date;
  sessionType: SessionType;
  filterType: FilterType;
  pageSize: number;
  phoneNumber?: string;
}

/** One page as listed: its records are not validated one by one yet. */
export interface SessionsPage {
  records: unknown[];
}

export interface SessionsClientOptions {
  http: KyInstance;
  apiBaseUrl: string;
  tokens: ZoomTokenProvider;
  credentials: ZoomCredentials;
  maxPages: number;
  /** Milliseconds the run may still spend; see ZoomHttpOptions.budgetMs. */
  budgetMs?: () => number;
}

/** Lists `GET /v2/phone/sms/sessions`, page by page. */
export class ZoomSessionsClient {
  readonly #options: SessionsClientOptions;
  readonly #url: string;

  constructor(options: SessionsClientOptions) {
    this.#options = options;
    this.#url = `${options.apiBaseUrl}/v2/phone/sms/sessions`;
  }

  /**
   * Yields every page of one listing, following `next_page_token` until it
   * is missing or empty. A token seen twice, or more pages than the cap,
   * stops the listing with an error instead of looping.
   */
  async *listSessions(query: ListSessionsQuery): AsyncGenerator<SessionsPage> {
    const base: Record<string, string | number> = {
      page_size: query.pageSize,
      session_type: query.sessionType,
      filter_type: query.filterType,
      from: formatZoomTime(query.from),
      to: formatZoomTime(query.to),
    };
    if (query.phoneNumber !== undefined) base.phone_number = query.phoneNumber;

    const seenTokens = new Set<string>();
    let token: string | undefined;
    for (let page = 1; ; page += 1) {
      if (page > this.#options.maxPages) {
        throw new ZoomPagingError(
          `Listing ${this.#url} passed the cap of ${this.#options.maxPages} pages; raise ZOOM_MAX_PAGES_PER_WINDOW if the account is that large.`,
        );
      }

      if ((this.#options.budgetMs?.() ?? 1) <= 0) {
        throw new TimeBudgetError(
          `Stopped before asking for page ${page} of ${this.#url}: the function is nearly out of time.`,
        );
      }

      const params =
        token === undefined ? base : { ...base, next_page_token: token };
      const body = await this.#getPage(params);
      yield { records: body.sms_sessions ?? [] };

      token = body.next_page_token ?? undefined;
      if (token === undefined || token === '') return;

      if (seenTokens.has(token)) {
        throw new ZoomPagingError(
          `Zoom returned the same next_page_token twice while listing ${this.#url} (page ${page}).`,
        );
      }
      seenTokens.add(token);
    }
  }

  async #getPage(params: Record<string, string | number>) {
    const body = await this.#getJson(params, false);
    const parsed = zoomSessionsPageSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ZoomResponseError(
        `Zoom sent a page of ${this.#url} whose field "${issue?.path.join('.') || 'body'}" is invalid: ${issue?.message ?? 'unreadable'}.`,
      );
    }

    return parsed.data;
  }

  async #getJson(
    params: Record<string, string | number>,
    renewed: boolean,
  ): Promise<unknown> {
    const { tokens, credentials, http } = this.#options;
    const accessToken = await tokens.getToken(credentials);

    let response: Response;
    try {
      response = await http.get(this.#url, {
        searchParams: params,
        headers: { authorization: `Bearer ${accessToken}` },
      });
    } catch (error) {
      if (await isInvalidToken(error)) {
        if (renewed) {
          throw new ZoomAuthError(
            `Zoom refused a freshly issued access token for account ${credentials.accountId} (401 code 124); check the app's scopes and that it is activated.`,
          );
        }

        tokens.invalidate(accessToken);
        return this.#getJson(params, true);
      }

      throw await this.#explain(error);
    }

    try {
      return await response.json();
    } catch {
      throw new ZoomResponseError(
        `Zoom sent a page of ${this.#url} that is not JSON (HTTP ${response.status}).`,
      );
    }
  }

  /** What a failed request means for the run, as one of our errors. */
  async #explain(error: unknown): Promise<Error> {
    if (isForceRetryError(error)) {
      return new ZoomResponseError(
        `Zoom kept sending pages of ${this.#url} that are not JSON, through every retry.`,
      );
    }

    if (error instanceof HTTPError && error.response.status === 429) {
      const { headers } = error.response;
      const daily = await dailyLimitError(
        error.response,
        this.#options.credentials.accountId,
        this.#url,
      );
      if (daily !== undefined) return daily;

      const left = this.#options.budgetMs?.() ?? Number.POSITIVE_INFINITY;
      const wait = retryAfterMs(headers, Date.now()) ?? 0;
      if (wait >= left) {
        return new TimeBudgetError(
          `Zoom rate-limited ${this.#url} for longer than the run has left.`,
        );
      }
    }

    if (outOfTime(this.#options.budgetMs)) {
      return new TimeBudgetError(
        `Stopped listing ${this.#url} after a failed request: too little time is left to retry.`,
      );
    }

    return toZoomApiError(error, 'GET', this.#url);
  }
}

const isInvalidToken = async (error: unknown): Promise<boolean> => {
  if (!(error instanceof HTTPError) || error.response.status !== 401) {
    return false;
  }

  const body = await readErrorBody(error.response);
  return body.code === INVALID_TOKEN_CODE;
};
