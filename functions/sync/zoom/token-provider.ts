import { createHash } from 'node:crypto';
import { HTTPError, type KyInstance } from 'ky';
import { z } from 'zod';
import { TOKEN_RENEW_MARGIN_MS } from '../constants.js';
import {
  TimeBudgetError,
  ZoomAuthError,
  ZoomResponseError,
} from '../errors.js';
import type { ZoomCredentials } from './credentials.js';
import { outOfTime } from './http.js';
import { readErrorBody, toZoomApiError } from './http-error.js';
import { dailyLimitError } from './rate-limit.js';

const tokenAnswerSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

interface CachedToken {
  fingerprint: string;
  token: string;
  expiresAt: number;
}

export interface TokenProviderOptions {
  http: KyInstance;
  oauthBaseUrl: string;
  clock?: () => Date;
  /** Milliseconds the run may still spend; see ZoomHttpOptions.budgetMs. */
  budgetMs?: () => number;
}

const fingerprintOf = (credentials: ZoomCredentials): string =>
  createHash('sha256')
    .update(
      `${credentials.accountId}\0${credentials.clientId}\0${credentials.clientSecret}`,
    )
    .digest('hex');

/**
 * Gets and keeps one Server-to-Server OAuth access token per function
 * instance. Zoom has no refresh token and minting a new token can revoke the
 * previous one, so a token is reused until shortly before it expires, and
 * concurrent callers share one request for a new one.
 */
export class ZoomTokenProvider {
  #cached: CachedToken | undefined;
  #pending: Promise<CachedToken> | undefined;
  #issued = 0;
  readonly #options: TokenProviderOptions;

  constructor(options: TokenProviderOptions) {
    this.#options = options;
  }

  /** Tokens obtained from Zoom by this provider so far. */
  get tokensIssued(): number {
    return this.#issued;
  }

  async getToken(credentials: ZoomCredentials): Promise<string> {
    const fingerprint = fingerprintOf(credentials);
    const now = this.#now();
    const cached = this.#cached;
    if (
      cached?.fingerprint === fingerprint &&
      cached.expiresAt - TOKEN_RENEW_MARGIN_MS > now
    ) {
      return cached.token;
    }

    this.#pending ??= this.#mint(credentials, fingerprint).finally(() => {
      this.#pending = undefined;
    });
    return (await this.#pending).token;
  }

  /** Forgets `token`, after Zoom said it is invalid (401 code 124). */
  invalidate(token: string): void {
    if (this.#cached?.token === token) this.#cached = undefined;
  }

  #now(): number {
    return (this.#options.clock?.() ?? new Date()).getTime();
  }

  async #mint(
    credentials: ZoomCredentials,
    fingerprint: string,
  ): Promise<CachedToken> {
    const url = `${this.#options.oauthBaseUrl}/oauth/token`;
    const basic = Buffer.from(
      `${credentials.clientId}:${credentials.clientSecret}`,
    ).toString('base64');

    let answer: unknown;
    try {
      answer = await this.#options.http
        .post(url, {
          searchParams: {
            grant_type: 'account_credentials',
            account_id: credentials.accountId,
          },
          headers: { authorization: `Basic ${basic}` },
        })
        .json();
    } catch (error) {
      throw await this.#explain(error, url, credentials.accountId);
    }

    const parsed = tokenAnswerSchema.safeParse(answer);
    if (!parsed.success) {
      throw new ZoomResponseError(
        `Zoom's token answer from ${url} has no usable access_token and expires_in.`,
      );
    }

    this.#issued += 1;
    this.#cached = {
      fingerprint,
      token: parsed.data.access_token,
      expiresAt: this.#now() + parsed.data.expires_in * 1000,
    };
    return this.#cached;
  }

  async #explain(error: unknown, url: string, accountId: string) {
    const status = error instanceof HTTPError ? error.response.status : 0;
    if (status === 400 || status === 401 || status === 403) {
      const body = await readErrorBody((error as HTTPError).response);
      const reason =
        body.reason ?? body.message ?? body.error ?? `HTTP ${status}`;
      return new ZoomAuthError(
        `Zoom rejected the credentials for account ${accountId}: ${reason}.`,
      );
    }

    if (error instanceof HTTPError) {
      const daily = await dailyLimitError(error.response, accountId, url);
      if (daily !== undefined) return daily;
    }

    if (outOfTime(this.#options.budgetMs)) {
      return new TimeBudgetError(
        `Stopped asking ${url} for a token: too little time is left to retry.`,
      );
    }

    return toZoomApiError(error, 'POST', url);
  }
}
