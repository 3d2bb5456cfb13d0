import { describe, expect, it } from 'vitest';
import {
  parseSecret,
  SECRET_KEYS,
} from '../../../../functions/sync/credentials/secret-schema.js';
import { isSyncError } from '../../../../functions/sync/errors.js';
import { catchError } from '../../helpers/catch-error.js';

const SECRET_ID = 'arn:aws:secretsmanager:eu-west-1:123:secret:zoom-AbCdEf';

const VALID = {
  account_id: 'acct-Value-7f3a',
  client_id: 'client-Value-91bd',
  client_secret: 'secret-Value-c0ffee',
};

const VALUES = Object.values(VALID);

const refused = (value: unknown): Error =>
  catchError(() => parseSecret(SECRET_ID, value));

describe('parseSecret', () => {
  it('reads the three keys as credentials', () => {
    expect(parseSecret(SECRET_ID, VALID)).toEqual({
      accountId: 'acct-Value-7f3a',
      clientId: 'client-Value-91bd',
      clientSecret: 'secret-Value-c0ffee',
    });
  });

  it('trims spaces around each value', () => {
    const padded = {
      account_id: ' acct ',
      client_id: '\tclient\n',
      client_secret: '  secret',
    };

    expect(parseSecret(SECRET_ID, padded)).toEqual({
      accountId: 'acct',
      clientId: 'client',
      clientSecret: 'secret',
    });
  });

  it('ignores keys it does not need', () => {
    expect(parseSecret(SECRET_ID, { ...VALID, note: 'rotated' })).toEqual(
      parseSecret(SECRET_ID, VALID),
    );
  });

  describe.each(SECRET_KEYS)('a secret whose "%s"', (key) => {
    it.each([
      ['is missing', undefined],
      ['is empty', ''],
      ['is blank', '   '],
      ['is a number', 12345],
      ['is null', null],
      ['is an object', { value: 'x' }],
    ])('%s is refused, naming the secret and the key', (_name, bad) => {
      const secret: Record<string, unknown> = { ...VALID, [key]: bad };
      if (bad === undefined) delete secret[key];
      const error = refused(secret);

      expect(error.name).toBe('SecretFormatError');
      expect(isSyncError(error, 'SecretFormatError')).toBe(true);
      expect(error.message).toContain(SECRET_ID);
      expect(error.message).toContain(`"${key}"`);
      for (const value of VALUES) expect(error.message).not.toContain(value);
    });
  });

  it.each([
    ['JSON text', JSON.stringify(VALID)],
    ['JSON text after a BOM and blanks', `\uFEFF  ${JSON.stringify(VALID)}\n`],
  ])('reads the credentials from %s', (_name, text) => {
    expect(parseSecret(SECRET_ID, text)).toEqual(parseSecret(SECRET_ID, VALID));
  });

  it.each([
    ['text that is not JSON', `client_secret=${VALID.client_secret}`],
    ['JSON cut short', JSON.stringify(VALID).slice(0, -4)],
  ])('refuses %s without quoting it', (_name, text) => {
    const error = refused(text);

    expect(error.name).toBe('SecretFormatError');
    expect(error.message).toContain(SECRET_ID);
    expect(error.message).toContain('not valid JSON');
    for (const secret of VALUES) expect(error.message).not.toContain(secret);
  });

  it.each([
    ['JSON text of a list', JSON.stringify([VALID])],
    ['JSON text of a string', JSON.stringify('secret-Value-c0ffee')],
    ['an array', [VALID]],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
  ])(
    'refuses %s as not an object, naming the secret and keys',
    (_name, value) => {
      const error = refused(value);

      expect(error.name).toBe('SecretFormatError');
      expect(error.message).toContain(SECRET_ID);
      for (const key of SECRET_KEYS) expect(error.message).toContain(key);
      for (const secret of VALUES) expect(error.message).not.toContain(secret);
    },
  );
  it.each(SECRET_KEYS)(
    'says the secret still holds the placeholder when %s does',
    (key) => {
      const error = refused({ ...VALID, [key]: 'REPLACE_ME' });

      expect(error.name).toBe('SecretFormatError');
      expect(error.message).toContain(
        `still holds the placeholder in "${key}"`,
      );
    },
  );

  it('reads a secret whose text starts with a byte order mark or blanks', () => {
    const text = `\uFEFF  ${JSON.stringify(VALID)}\n`;

    expect(parseSecret(SECRET_ID, text).clientId).toBe('client-Value-91bd');
  });
});
