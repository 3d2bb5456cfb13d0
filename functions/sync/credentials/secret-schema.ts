import { SecretFormatError } from '../errors.js';
import type { ZoomCredentials } from '../zoom/credentials.js';

/**
 * The secret's text, when the middleware left it unparsed: it only parses
 * text that starts with a brace, so a leading BOM or blank is read here.
 */
const parseJsonText = (secretId: string, text: string): unknown => {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '').trim());
  } catch {
    throw new SecretFormatError(
      `Secret ${secretId} is not valid JSON; it must be a JSON object with the keys ${SECRET_KEYS.join(', ')}.`,
    );
  }
};

/**
 * What a secret created by the stack holds until an operator puts the real
 * credentials in; refused with a message that says so.
 */
export const SECRET_PLACEHOLDER = 'REPLACE_ME';

/** The keys the credentials secret must hold, each a non-empty string. */
export const SECRET_KEYS = [
  'account_id',
  'client_id',
  'client_secret',
] as const;

/**
 * Reads the credentials from the secret's parsed value. The error names the
 * secret and the key at fault, never a value.
 */
export const parseSecret = (
  secretId: string,
  raw: unknown,
): ZoomCredentials => {
  const value = typeof raw === 'string' ? parseJsonText(secretId, raw) : raw;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SecretFormatError(
      `Secret ${secretId} must be a JSON object with the keys ${SECRET_KEYS.join(', ')}.`,
    );
  }

  const fields = value as Record<string, unknown>;
  for (const key of SECRET_KEYS) {
    const field = fields[key];
    if (typeof field !== 'string' || field.trim() === '') {
      throw new SecretFormatError(
        `Secret ${secretId} has no usable "${key}": it must be a non-empty string.`,
      );
    }

    if (field.trim() === SECRET_PLACEHOLDER) {
      throw new SecretFormatError(
        `Secret ${secretId} still holds the placeholder in "${key}": put the Zoom app's credentials in it.`,
      );
    }
  }

  return {
    accountId: String(fields.account_id).trim(),
    clientId: String(fields.client_id).trim(),
    clientSecret: String(fields.client_secret).trim(),
  };
};
