import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  InvalidEventError,
  isSyncError,
  SecretFormatError,
  SecretReadError,
  StoreError,
  SyncError,
  TimeBudgetError,
  ZoomApiError,
  ZoomAuthError,
  ZoomPagingError,
  ZoomRateLimitError,
  ZoomResponseError,
} from '../../../functions/sync/errors.js';

const EVERY_ERROR: [string, Error][] = [
  ['SyncError', new SyncError('m')],
  ['InvalidEventError', new InvalidEventError('m', 'from')],
  ['ConfigError', new ConfigError('m')],
  ['SecretReadError', new SecretReadError('m')],
  ['SecretFormatError', new SecretFormatError('m')],
  ['ZoomAuthError', new ZoomAuthError('m')],
  ['ZoomApiError', new ZoomApiError('m', 429, 429)],
  ['ZoomResponseError', new ZoomResponseError('m')],
  ['ZoomPagingError', new ZoomPagingError('m')],
  ['ZoomRateLimitError', new ZoomRateLimitError('m', undefined)],
  ['TimeBudgetError', new TimeBudgetError('m')],
  ['StoreError', new StoreError('m')],
];

describe('the sync errors', () => {
  it.each(EVERY_ERROR)('%s has that stable name', (name, error) => {
    expect(error.name).toBe(name);
    expect(error.message).toBe('m');
  });

  it.each(EVERY_ERROR)('%s is a SyncError and an Error', (_name, error) => {
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toBeInstanceOf(Error);
  });

  it.each(EVERY_ERROR)('%s prints as its name and message', (name, error) => {
    expect(String(error)).toBe(`${name}: m`);
  });

  it('chains the cause it is given', () => {
    const cause = new Error('ProvisionedThroughputExceededException');

    expect(new StoreError('m', { cause }).cause).toBe(cause);
    expect(new ZoomApiError('m', 500, undefined, { cause }).cause).toBe(cause);
  });

  it('keeps when Zoom said to try again after a rate limit', () => {
    const retryAt = new Date('2026-03-16T00:00:00Z');

    expect(new ZoomRateLimitError('m', retryAt).retryAt).toBe(retryAt);
  });

  it('keeps the field of an invalid event', () => {
    expect(new InvalidEventError('m', 'dry_run').field).toBe('dry_run');
  });

  it("keeps Zoom's status and code on an API error", () => {
    const error = new ZoomApiError('m', 404, 3001);

    expect(error.status).toBe(404);
    expect(error.zoomCode).toBe(3001);
  });
});

describe('isSyncError', () => {
  it.each(EVERY_ERROR)('recognises %s by its own name', (name, error) => {
    expect(isSyncError(error, name)).toBe(true);
  });

  it.each(EVERY_ERROR)('recognises %s as some SyncError', (_name, error) => {
    expect(isSyncError(error)).toBe(true);
  });

  it('tells one kind from another by name', () => {
    expect(isSyncError(new StoreError('m'), 'ConfigError')).toBe(false);
  });

  it('recognises an error by name alone, whatever its class', () => {
    const copy = new Error('from another copy of the module');
    copy.name = 'StoreError';

    expect(isSyncError(copy, 'StoreError')).toBe(true);
  });

  it('does not take a plain Error for a SyncError', () => {
    expect(isSyncError(new Error('m'))).toBe(false);
    expect(isSyncError(new TypeError('m'), 'StoreError')).toBe(false);
  });

  it.each([
    ['an object with the right name', { name: 'StoreError', message: 'm' }],
    ['a string', 'StoreError'],
    ['null', null],
    ['undefined', undefined],
  ])('refuses %s, which is no Error', (_name, value) => {
    expect(isSyncError(value, 'StoreError')).toBe(false);
    expect(isSyncError(value)).toBe(false);
  });
});
