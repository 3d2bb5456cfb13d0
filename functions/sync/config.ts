import { z } from 'zod';
import { MAX_PAGE_SIZE } from './constants.js';
import { ConfigError } from './errors.js';
import { FILTER_TYPES, SESSION_TYPES } from './zoom/schema.js';

/** A whole number written in plain digits: no hex, exponent or blanks. */
const wholeNumber = (fallback: number, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number written in digits')
    .default(String(fallback))
    .transform(Number)
    .pipe(z.number().min(min).max(max));

const positiveInt = (fallback: number, max = 1_000_000) =>
  wholeNumber(fallback, 1, max);

/** A base URL is an origin: scheme and host, no path, query or password. */
const url = (fallback: string) =>
  z
    .url({ protocol: /^https?$/ })
    .default(fallback)
    .refine((value) => {
      if (!URL.canParse(value)) return false;

      const parsed = new URL(value);
      return (
        parsed.pathname === '/' &&
        parsed.search === '' &&
        parsed.hash === '' &&
        parsed.username === '' &&
        parsed.password === ''
      );
    }, 'must be scheme and host only, such as https://api.zoom.us')
    .transform((value) => new URL(value).origin);

/** The environment the function reads, with the defaults of production. */
const configSchema = z.object({
  ZOOM_SECRET_ID: z.string().min(1),
  SESSIONS_TABLE_NAME: z.string().min(3),
  SYNC_STATE_TABLE_NAME: z.string().min(3),
  ZOOM_OAUTH_BASE_URL: url('https://zoom.us'),
  ZOOM_API_BASE_URL: url('https://api.zoom.us'),
  ZOOM_PAGE_SIZE: positiveInt(MAX_PAGE_SIZE, MAX_PAGE_SIZE),
  ZOOM_SESSION_TYPE: z.enum(SESSION_TYPES).default('all'),
  ZOOM_FILTER_TYPE: z.enum(FILTER_TYPES).default('last_message_time'),
  ZOOM_MAX_PAGES_PER_WINDOW: positiveInt(10_000),
  ZOOM_REQUESTS_PER_SECOND: positiveInt(8, 1000),
  // A request may take at most 5 minutes: past that, a timeout is a hang.
  ZOOM_REQUEST_TIMEOUT_MS: positiveInt(30_000, 300_000),
  LOOKBACK_MINUTES: wholeNumber(60, 0, 7 * 24 * 60),
  SLICE_HOURS: positiveInt(24, 744),
  SLICE_CONCURRENCY: positiveInt(4, 16),
  TIME_BUDGET_MARGIN_SECONDS: wholeNumber(30, 0, 600),
  SECRET_CACHE_TTL_SECONDS: wholeNumber(300, 0, 86_400),
});

export interface SyncConfig {
  secretId: string;
  sessionsTableName: string;
  syncStateTableName: string;
  oauthBaseUrl: string;
  apiBaseUrl: string;
  pageSize: number;
  sessionType: (typeof SESSION_TYPES)[number];
  filterType: (typeof FILTER_TYPES)[number];
  maxPagesPerWindow: number;
  requestsPerSecond: number;
  requestTimeoutMs: number;
  lookbackMs: number;
  sliceMs: number;
  sliceConcurrency: number;
  /** Stop starting requests when the invocation has less than this left. */
  timeBudgetMarginMs: number;
  secretCacheTtlMs: number;
}

/**
 * Reads the configuration from environment variables. An empty variable
 * counts as unset, so that a template can leave optional ones blank.
 */
export const loadConfig = (env: NodeJS.ProcessEnv): SyncConfig => {
  const present = Object.fromEntries(
    Object.entries(env).filter(
      ([, value]) => value !== undefined && value !== '',
    ),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(
      `Environment variable ${name} is ${present[name] === undefined ? 'missing' : 'invalid'}: ${issue?.message ?? 'unreadable'}.`,
    );
  }

  const v = parsed.data;
  return {
    secretId: v.ZOOM_SECRET_ID,
    sessionsTableName: v.SESSIONS_TABLE_NAME,
    syncStateTableName: v.SYNC_STATE_TABLE_NAME,
    oauthBaseUrl: v.ZOOM_OAUTH_BASE_URL,
    apiBaseUrl: v.ZOOM_API_BASE_URL,
    pageSize: v.ZOOM_PAGE_SIZE,
    sessionType: v.ZOOM_SESSION_TYPE,
    filterType: v.ZOOM_FILTER_TYPE,
    maxPagesPerWindow: v.ZOOM_MAX_PAGES_PER_WINDOW,
    requestsPerSecond: v.ZOOM_REQUESTS_PER_SECOND,
    requestTimeoutMs: v.ZOOM_REQUEST_TIMEOUT_MS,
    lookbackMs: v.LOOKBACK_MINUTES * 60_000,
    sliceMs: v.SLICE_HOURS * 3_600_000,
    sliceConcurrency: v.SLICE_CONCURRENCY,
    timeBudgetMarginMs: v.TIME_BUDGET_MARGIN_SECONDS * 1000,
    secretCacheTtlMs: v.SECRET_CACHE_TTL_SECONDS * 1000,
  };
};
