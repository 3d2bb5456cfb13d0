import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { MAX_PAGE_SIZE } from '../functions/sync/constants.js';
import {
  FILTER_TYPES,
  type FilterType,
  SESSION_TYPES,
  type SessionType,
} from '../functions/sync/zoom/schema.js';
import { SettingsError } from './errors.js';

/** Log levels of Powertools Logger that the function accepts. */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Everything that can be set about one deployment, after validation. The
 * same names are the construct's props and, prefixed with `zoomSmsSync:`,
 * the cdk.json context keys.
 */
export interface SyncSettings {
  /** Import the Zoom credentials secret by name instead of creating one. */
  secretName?: string;
  /** Import it by its complete ARN instead (with the 6-character suffix). */
  secretArn?: string;
  /** The customer managed KMS key of an imported secret, if it has one. */
  secretKmsKeyArn?: string;
  /** EventBridge Scheduler expression: `rate(...)` or `cron(...)`. */
  scheduleExpression: string;
  /** False leaves the schedule in place but DISABLED. */
  scheduleEnabled: boolean;
  /**
   * Minutes between scheduled runs, for the "no successful sync" alarm.
   * Read from a `rate()` expression; must be given with `cron()`.
   */
  schedulePeriodMinutes: number;
  memorySize: number;
  /** Function timeout; below Lambda's 15-minute ceiling. */
  timeoutMinutes: number;
  /** Retention of the function's log group, a CloudWatch Logs value. */
  logRetentionDays: RetentionDays;
  logLevel: LogLevel;
  /** Subscribe this address to the alarm topic. */
  alarmEmail?: string;
  /** Alarm once this many schedule periods pass without a complete run. */
  missedSyncPeriods: number;
  /** Relax deletion protection and RETAIN, for stacks meant to be deleted. */
  throwaway: boolean;
  pageSize: number;
  sessionType: SessionType;
  filterType: FilterType;
  lookbackMinutes: number;
  /** A listing is cut into date slices of this many hours. */
  sliceHours: number;
  /** Slices listed at once, under the one request limiter. */
  sliceConcurrency: number;
  requestsPerSecond: number;
  requestTimeoutMs: number;
  maxPagesPerWindow: number;
  /** Stop starting Zoom requests with less than this left of the timeout. */
  timeBudgetMarginSeconds: number;
  secretCacheTtlSeconds: number;
  oauthBaseUrl: string;
  apiBaseUrl: string;
}

/** The props of the construct: any setting, each optional. */
export type SyncSettingsInput = {
  [K in keyof SyncSettings]?: SyncSettings[K] | undefined;
};

/**
 * The production defaults. The function settings match the defaults of
 * functions/sync/config.ts; cdk.json lists the same values (a test keeps
 * the three in step).
 */
export const DEFAULT_SETTINGS = {
  scheduleExpression: 'rate(15 minutes)',
  scheduleEnabled: true,
  memorySize: 512,
  timeoutMinutes: 10,
  logRetentionDays: RetentionDays.THREE_MONTHS,
  logLevel: 'INFO',
  missedSyncPeriods: 4,
  throwaway: false,
  pageSize: MAX_PAGE_SIZE,
  sessionType: 'all',
  filterType: 'last_message_time',
  lookbackMinutes: 60,
  sliceHours: 24,
  sliceConcurrency: 4,
  requestsPerSecond: 8,
  requestTimeoutMs: 30_000,
  maxPagesPerWindow: 10_000,
  timeBudgetMarginSeconds: 30,
  secretCacheTtlSeconds: 300,
  oauthBaseUrl: 'https://zoom.us',
  apiBaseUrl: 'https://api.zoom.us',
} as const satisfies Partial<SyncSettings>;

/** Turns a key into how the user wrote it: a context key or a prop. */
export type KeyLabel = (key: keyof SyncSettings) => string;

type Parser<T> = (value: unknown, label: string) => T;

const fail = (label: string, rule: string, value: unknown): never => {
  throw new SettingsError(
    `${label} must be ${rule}; got ${JSON.stringify(value)}.`,
    label,
  );
};

// Context given with `cdk -c key=value` arrives as a string, context in
// cdk.json as JSON: both forms are accepted.
const integer =
  (min: number, max: number, unit = ''): Parser<number> =>
  (value, label) => {
    const n =
      typeof value === 'string' && /^-?\d+$/.test(value.trim())
        ? Number(value)
        : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      return fail(label, `an integer from ${min} to ${max}${unit}`, value);
    }

    return n;
  };

const boolean: Parser<boolean> = (value, label) => {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';

  return fail(label, 'true or false', value);
};

const oneOf =
  <T extends string | number>(values: readonly T[]): Parser<T> =>
  (value, label) => {
    const match = values.find((v) => String(v) === String(value).trim());
    return match ?? fail(label, `one of ${values.join(', ')}`, value);
  };

const matching =
  (pattern: RegExp, rule: string): Parser<string> =>
  (value, label) =>
    typeof value === 'string' && pattern.test(value)
      ? value
      : fail(label, rule, value);

/** The function takes a base URL as an origin only: scheme and host. */
const httpsUrl: Parser<string> = (value, label) => {
  const text = typeof value === 'string' ? value : '';
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (
    url === undefined ||
    url.protocol !== 'https:' ||
    url.pathname !== '/' ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== ''
  ) {
    return fail(label, 'an https:// URL of scheme and host only', value);
  }

  return url.origin;
};

const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const RATE = /^rate\((\d+) (minutes?|hours?|days?)\)$/;
const CRON = /^cron\(\S+( \S+){5}\)$/;

const RETENTION_VALUES = Object.values(RetentionDays).filter(
  (v): v is RetentionDays =>
    typeof v === 'number' && v !== RetentionDays.INFINITE,
);

/** The parser of every setting; the optional ones have no default. */
const PARSERS: { [K in keyof SyncSettings]-?: Parser<SyncSettings[K]> } = {
  secretName: matching(SECRET_NAME, 'a Secrets Manager secret name'),
  secretArn: matching(
    SECRET_ARN,
    'the complete ARN of a Secrets Manager secret (ending in -XXXXXX)',
  ),
  secretKmsKeyArn: matching(KMS_KEY_ARN, 'the ARN of a KMS key'),
  scheduleExpression: matching(
    new RegExp(`${RATE.source}|${CRON.source}`),
    'rate(N minutes|hours|days) or cron(6 fields)',
  ),
  scheduleEnabled: boolean,
  schedulePeriodMinutes: integer(1, 7 * 24 * 60, ' minutes'),
  memorySize: integer(128, 10_240, ' MB'),
  // Lambda stops a function at 15 minutes; a run must end before that.
  timeoutMinutes: integer(1, 14, ' minutes'),
  logRetentionDays: oneOf(RETENTION_VALUES),
  logLevel: oneOf(LOG_LEVELS),
  alarmEmail: matching(EMAIL, 'an email address'),
  missedSyncPeriods: integer(1, 100),
  throwaway: boolean,
  pageSize: integer(1, MAX_PAGE_SIZE),
  sessionType: oneOf(SESSION_TYPES),
  filterType: oneOf(FILTER_TYPES),
  lookbackMinutes: integer(0, 7 * 24 * 60, ' minutes'),
  // 744 hours: a 31-day month, the longest range Zoom answers in one go.
  sliceHours: integer(1, 744, ' hours'),
  sliceConcurrency: integer(1, 16, ''),
  // 40/s is Zoom's highest per-account limit (Light APIs, Business+).
  requestsPerSecond: integer(1, 40),
  requestTimeoutMs: integer(1000, 300_000, ' ms'),
  maxPagesPerWindow: integer(1, 1_000_000),
  timeBudgetMarginSeconds: integer(0, 600, ' seconds'),
  secretCacheTtlSeconds: integer(0, 86_400, ' seconds'),
  oauthBaseUrl: httpsUrl,
  apiBaseUrl: httpsUrl,
};

/** Every setting name, in the order the deploy guide lists them. */
export const SETTING_KEYS = Object.keys(PARSERS) as (keyof SyncSettings)[];

const isUnset = (value: unknown): boolean =>
  value === undefined || value === null || value === '';

/** Minutes between runs of a `rate()` expression; undefined for cron. */
export const rateMinutes = (expression: string): number | undefined => {
  const match = RATE.exec(expression);
  if (match === null) return undefined;

  const value = Number(match[1]);
  const unit = match[2] ?? '';
  if (unit.startsWith('hour')) return value * 60;
  if (unit.startsWith('day')) return value * 24 * 60;
  return value;
};

/**
 * Validates settings given as context or props, fills in the defaults and
 * checks the settings that depend on each other. Throws a SettingsError that
 * names the key at fault.
 */
export const resolveSettings = (
  input: Readonly<Record<string, unknown>>,
  label: KeyLabel,
): SyncSettings => {
  const defaults: Readonly<Record<string, unknown>> = DEFAULT_SETTINGS;
  const resolved: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const value = isUnset(input[key]) ? defaults[key] : input[key];
    if (isUnset(value)) continue;

    const parse = PARSERS[key] as Parser<unknown>;
    resolved[key] = parse(value, label(key));
  }

  const rate = rateMinutes(String(resolved.scheduleExpression));
  resolved.schedulePeriodMinutes ??= rate;
  const settings = resolved as unknown as SyncSettings;
  checkCombinations(settings, label);
  return settings;
};

const checkCombinations = (s: SyncSettings, label: KeyLabel): void => {
  if (s.secretName !== undefined && s.secretArn !== undefined) {
    throw new SettingsError(
      `Set either ${label('secretName')} or ${label('secretArn')}, not both.`,
      label('secretArn'),
    );
  }

  if (
    s.secretKmsKeyArn !== undefined &&
    s.secretName === undefined &&
    s.secretArn === undefined
  ) {
    throw new SettingsError(
      `${label('secretKmsKeyArn')} applies only to an imported secret: set ${label('secretName')} or ${label('secretArn')} too.`,
      label('secretKmsKeyArn'),
    );
  }

  if (s.schedulePeriodMinutes === undefined) {
    throw new SettingsError(
      `${label('schedulePeriodMinutes')} is required with a cron() ${label('scheduleExpression')}: how many minutes apart the runs are, for the missed-sync alarm.`,
      label('schedulePeriodMinutes'),
    );
  }

  // PutMetricAlarm limits: period x evaluation periods at most 1 day when
  // the period is under an hour, at most 7 days otherwise.
  const windowMinutes = s.schedulePeriodMinutes * s.missedSyncPeriods;
  const limit = s.schedulePeriodMinutes < 60 ? 24 * 60 : 7 * 24 * 60;
  if (windowMinutes > limit) {
    throw new SettingsError(
      `${label('missedSyncPeriods')} x the schedule period (${s.schedulePeriodMinutes} minutes) is ${windowMinutes} minutes, more than the ${limit} a CloudWatch alarm can look back.`,
      label('missedSyncPeriods'),
    );
  }

  if (s.timeBudgetMarginSeconds >= s.timeoutMinutes * 60) {
    throw new SettingsError(
      `${label('timeBudgetMarginSeconds')} must be shorter than ${label('timeoutMinutes')}, or no run would start a request.`,
      label('timeBudgetMarginSeconds'),
    );
  }

  if (s.requestTimeoutMs >= s.timeoutMinutes * 60_000) {
    throw new SettingsError(
      `${label('requestTimeoutMs')} must be shorter than ${label('timeoutMinutes')}.`,
      label('requestTimeoutMs'),
    );
  }
};
