import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../functions/sync/config.js';
import { isSyncError } from '../../../functions/sync/errors.js';
import { catchError } from '../helpers/catch-error.js';

const REQUIRED = {
  ZOOM_SECRET_ID: 'zoom-sms-sync/credentials',
  SESSIONS_TABLE_NAME: 'sessions',
  SYNC_STATE_TABLE_NAME: 'sync-state',
};

const load = (env: Record<string, string | undefined>) =>
  loadConfig({ ...REQUIRED, ...env });

describe('loadConfig', () => {
  it('applies the production defaults to the optional variables', () => {
    expect(load({})).toMatchObject({
      secretId: 'zoom-sms-sync/credentials',
      sessionsTableName: 'sessions',
      syncStateTableName: 'sync-state',
      oauthBaseUrl: 'https://zoom.us',
      apiBaseUrl: 'https://api.zoom.us',
      pageSize: 100,
      sessionType: 'all',
      filterType: 'last_message_time',
      maxPagesPerWindow: 10_000,
      requestsPerSecond: 8,
      requestTimeoutMs: 30_000,
      lookbackMs: 60 * 60_000,
      sliceMs: 24 * 3_600_000,
      timeBudgetMarginMs: 30_000,
      secretCacheTtlMs: 300_000,
    });
  });

  it('reads every variable it is given', () => {
    const config = load({
      ZOOM_OAUTH_BASE_URL: 'http://127.0.0.1:8081',
      ZOOM_API_BASE_URL: 'https://api.zoomgov.com',
      ZOOM_PAGE_SIZE: '30',
      ZOOM_SESSION_TYPE: 'call_queue',
      ZOOM_FILTER_TYPE: 'sent_message_time',
      ZOOM_MAX_PAGES_PER_WINDOW: '5',
      ZOOM_REQUESTS_PER_SECOND: '2',
      ZOOM_REQUEST_TIMEOUT_MS: '1000',
      LOOKBACK_MINUTES: '0',
      SLICE_HOURS: '6',
      TIME_BUDGET_MARGIN_SECONDS: '0',
      SECRET_CACHE_TTL_SECONDS: '0',
    });

    expect(config).toMatchObject({
      oauthBaseUrl: 'http://127.0.0.1:8081',
      apiBaseUrl: 'https://api.zoomgov.com',
      pageSize: 30,
      sessionType: 'call_queue',
      filterType: 'sent_message_time',
      maxPagesPerWindow: 5,
      requestsPerSecond: 2,
      requestTimeoutMs: 1000,
      lookbackMs: 0,
      sliceMs: 6 * 3_600_000,
      timeBudgetMarginMs: 0,
      secretCacheTtlMs: 0,
    });
  });

  it('ignores variables it does not know', () => {
    expect(load({ AWS_REGION: 'eu-west-1', PATH: '/usr/bin' })).toEqual(
      load({}),
    );
  });

  it('keeps only the origin of a base URL with a trailing slash', () => {
    const config = load({
      ZOOM_OAUTH_BASE_URL: 'https://zoom.us/',
      ZOOM_API_BASE_URL: 'http://localhost:8080/',
    });

    expect(config.oauthBaseUrl).toBe('https://zoom.us');
    expect(config.apiBaseUrl).toBe('http://localhost:8080');
  });

  it.each([
    ['a path', 'https://api.zoom.us/v2'],
    ['a query', 'https://api.zoom.us?x=1'],
    ['a fragment', 'https://api.zoom.us/#top'],
    ['a user and password', 'https://user:pass@api.zoom.us'],
  ])('refuses a base URL with %s, naming the variable', (_name, value) => {
    const error = catchError(() => load({ ZOOM_API_BASE_URL: value }));

    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain('ZOOM_API_BASE_URL is invalid');
    expect(error.message).toContain('scheme and host only');
  });

  it.each([
    'ZOOM_OAUTH_BASE_URL',
    'ZOOM_API_BASE_URL',
    'ZOOM_PAGE_SIZE',
    'ZOOM_SESSION_TYPE',
    'LOOKBACK_MINUTES',
  ])('takes an empty %s as unset, so its default applies', (name) => {
    expect(load({ [name]: '' })).toEqual(load({}));
  });

  it.each([
    ['ZOOM_SECRET_ID', ''],
    ['ZOOM_SECRET_ID', undefined],
    ['SESSIONS_TABLE_NAME', undefined],
    ['SYNC_STATE_TABLE_NAME', ''],
  ])('names %s as missing when it is %j', (name, value) => {
    const error = catchError(() => load({ [name]: value }));

    expect(error.name).toBe('ConfigError');
    expect(isSyncError(error, 'ConfigError')).toBe(true);
    expect(error.message).toContain(`${name} is missing`);
  });

  it.each([
    ['ZOOM_PAGE_SIZE', '0'],
    ['ZOOM_PAGE_SIZE', '101'],
    ['ZOOM_PAGE_SIZE', 'abc'],
    ['ZOOM_PAGE_SIZE', '2.5'],
    ['ZOOM_PAGE_SIZE', '-1'],
    ['ZOOM_OAUTH_BASE_URL', 'ftp://zoom.us'],
    ['ZOOM_SESSION_TYPE', 'sms'],
    ['ZOOM_SESSION_TYPE', 'ALL'],
    ['ZOOM_FILTER_TYPE', 'first_message_time'],
    ['ZOOM_MAX_PAGES_PER_WINDOW', '0'],
    ['ZOOM_REQUESTS_PER_SECOND', 'fast'],
    ['ZOOM_REQUEST_TIMEOUT_MS', '-5'],
    ['ZOOM_PAGE_SIZE', '0x10'],
    ['ZOOM_PAGE_SIZE', '1e2'],
    ['ZOOM_REQUESTS_PER_SECOND', '1001'],
    ['ZOOM_REQUEST_TIMEOUT_MS', '300001'],
    ['LOOKBACK_MINUTES', '-1'],
    ['LOOKBACK_MINUTES', '  '],
    ['SLICE_HOURS', '0'],
    ['TIME_BUDGET_MARGIN_SECONDS', '-30'],
    ['SECRET_CACHE_TTL_SECONDS', 'five'],
    ['SESSIONS_TABLE_NAME', 'ab'],
  ])('names %s as invalid when it is %j', (name, value) => {
    const error = catchError(() => load({ [name]: value }));

    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain(`Environment variable ${name} is invalid`);
  });
  it.each([
    ['ZOOM_API_BASE_URL', 'api.zoom.us'],
    ['ZOOM_API_BASE_URL', 'not a url'],
    ['ZOOM_OAUTH_BASE_URL', 'zoom.us'],
  ])('names %s as invalid when it is %j', (name, value) => {
    const error = catchError(() => load({ [name]: value }));

    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain(`Environment variable ${name} is invalid`);
  });
});
