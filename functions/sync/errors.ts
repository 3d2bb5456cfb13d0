/**
 * Every error the sync raises on purpose. Each has a stable `name`, so that
 * callers and tests can tell them apart without `instanceof`, and a message
 * of one sentence that names the field, key or URL at fault and never a
 * secret value.
 */
export class SyncError extends Error {
  override name = 'SyncError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The invocation event is not a valid manual or scheduled event. */
export class InvalidEventError extends SyncError {
  override name = 'InvalidEventError';

  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** An environment variable is missing or malformed. */
export class ConfigError extends SyncError {
  override name = 'ConfigError';
}

/** The credentials secret could not be read from Secrets Manager. */
export class SecretReadError extends SyncError {
  override name = 'SecretReadError';
}

/** The credentials secret was read but does not hold what the sync needs. */
export class SecretFormatError extends SyncError {
  override name = 'SecretFormatError';
}

/** Zoom's OAuth endpoint refused to issue an access token. */
export class ZoomAuthError extends SyncError {
  override name = 'ZoomAuthError';
}

/** Zoom's API answered with an error, or with something unreadable. */
export class ZoomApiError extends SyncError {
  override name = 'ZoomApiError';

  constructor(
    message: string,
    readonly status: number | undefined,
    readonly zoomCode: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A page of sessions does not match the shape the sync relies on. */
export class ZoomResponseError extends SyncError {
  override name = 'ZoomResponseError';
}

/** Paging did not end: a token came back twice, or the page cap was hit. */
export class ZoomPagingError extends SyncError {
  override name = 'ZoomPagingError';
}

/**
 * Zoom's daily request limit for the account is used up. The run stops and
 * keeps its progress; retrying before the limit resets only wastes calls.
 */
export class ZoomRateLimitError extends SyncError {
  override name = 'ZoomRateLimitError';

  constructor(
    message: string,
    /** When Zoom said to try again, if it said. */
    readonly retryAt: Date | undefined,
  ) {
    super(message);
  }
}

/** The function is about to run out of time; the run stops and saves. */
export class TimeBudgetError extends SyncError {
  override name = 'TimeBudgetError';
}

/** A DynamoDB call failed, or left work unprocessed past its retries. */
export class StoreError extends SyncError {
  override name = 'StoreError';
}

/** True when `error` is a SyncError of the given name, by name alone. */
export const isSyncError = (
  error: unknown,
  name?: string,
): error is SyncError =>
  error instanceof Error &&
  typeof error.name === 'string' &&
  error.name.endsWith('Error') &&
  'message' in error &&
  (name === undefined ? error instanceof SyncError : error.name === name);
