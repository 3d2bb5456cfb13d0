import { describe, expect, it } from 'vitest';
import {
  InvalidEventError,
  isSyncError,
} from '../../../../functions/sync/errors.js';
import { parseSyncEvent } from '../../../../functions/sync/event/parse-event.js';
import manualPhoneDryRun from '../../../fixtures/events/manual-phone-dry-run.json' with {
  type: 'json',
};
import manualRange from '../../../fixtures/events/manual-range.json' with {
  type: 'json',
};
import scheduledEvent from '../../../fixtures/events/scheduled-event.json' with {
  type: 'json',
};
import { catchError } from '../../helpers/catch-error.js';

const NOW = new Date('2026-03-15T12:00:00.000Z');

const parse = (event: unknown) => parseSyncEvent(event, NOW, 'all');

const invalid = (event: unknown): InvalidEventError => {
  const error = catchError(() => parse(event));
  if (!(error instanceof InvalidEventError)) throw error;

  return error;
};

const scheduledRun = {
  mode: 'incremental',
  sessionType: 'all',
  dryRun: false,
} as const;

describe('parseSyncEvent', () => {
  describe('a scheduled run', () => {
    it.each([
      ['no event', undefined],
      ['a null event', null],
      ['an empty object', {}],
      ["EventBridge's Scheduled Event", scheduledEvent],
    ])('is what %s asks for', (_name, event) => {
      expect(parse(event)).toEqual(scheduledRun);
    });

    it('is not what a session_type asks for, even the default one', () => {
      expect(parse({ session_type: 'all' })).toEqual({
        ...scheduledRun,
        mode: 'manual',
      });
    });

    it('stays incremental when only dry_run is set', () => {
      expect(parse({ dry_run: true })).toEqual({
        ...scheduledRun,
        dryRun: true,
      });
    });

    it('takes the session type from the default it is given', () => {
      expect(parseSyncEvent(undefined, NOW, 'call_queue')).toEqual({
        ...scheduledRun,
        sessionType: 'call_queue',
      });
    });
  });

  describe('a manual pull', () => {
    it('reads a date range from the fixture as whole UTC days', () => {
      expect(parse(manualRange)).toEqual({
        mode: 'manual',
        sessionType: 'all',
        dryRun: false,
        range: {
          from: new Date('2026-01-01T00:00:00.000Z'),
          to: new Date('2026-01-31T23:59:59.000Z'),
        },
      });
    });

    it('reads phone number, session type and dry run from the fixture', () => {
      expect(parse(manualPhoneDryRun)).toEqual({
        mode: 'manual',
        sessionType: 'call_queue',
        dryRun: true,
        phoneNumber: '+15551234567',
      });
    });

    it('is what a phone number alone asks for, with no range', () => {
      const request = parse({ phone_number: '15551234567' });

      expect(request.mode).toBe('manual');
      expect(request.phoneNumber).toBe('15551234567');
      expect(request.range).toBeUndefined();
    });

    it('is what a session type other than the default asks for', () => {
      expect(parse({ session_type: 'user' })).toEqual({
        mode: 'manual',
        sessionType: 'user',
        dryRun: false,
      });
    });

    it('lets a date-only "to" cover the last second of that day', () => {
      const request = parse({ from: '2026-02-28', to: '2026-02-28' });

      expect(request.range?.from).toEqual(new Date('2026-02-28T00:00:00Z'));
      expect(request.range?.to).toEqual(new Date('2026-02-28T23:59:59Z'));
    });

    it('converts date-times with an offset to UTC', () => {
      const request = parse({
        from: '2026-01-01T10:00:00+01:00',
        to: '2026-01-02T00:00:00.250-02:30',
      });

      expect(request.range).toEqual({
        from: new Date('2026-01-01T09:00:00.000Z'),
        to: new Date('2026-01-02T02:30:00.250Z'),
      });
    });

    it('accepts 29 February of a leap year', () => {
      const request = parse({ from: '2024-02-29', to: '2024-03-01' });

      expect(request.range?.from).toEqual(new Date('2024-02-29T00:00:00Z'));
    });

    it.each([
      ['a date', '2026-12-31'],
      ['today as a date', '2026-03-15'],
      ['a date-time', '2026-03-15T12:00:01Z'],
    ])('clamps a "to" in the future given as %s to now', (_name, to) => {
      const request = parse({ from: '2026-03-01', to });

      expect(request.range?.to).toEqual(NOW);
    });

    it('accepts a "from" equal to now', () => {
      const request = parse({ from: NOW.toISOString(), to: '2026-03-20' });

      expect(request.range).toEqual({ from: NOW, to: NOW });
    });
  });

  describe('an invalid event', () => {
    it.each([
      ['an unknown key', 'from_date', { from_date: '2026-01-01' }],
      [
        'an unknown key beside known ones',
        'force',
        { dry_run: true, force: 1 },
      ],
      ['"from" without "to"', 'to', { from: '2026-01-01' }],
      ['"to" without "from"', 'from', { to: '2026-01-01' }],
      ['"to" before "from"', 'to', { from: '2026-02-01', to: '2026-01-31' }],
      ['a "from" in words', 'from', { from: 'last tuesday', to: '2026-01-31' }],
      ['a "to" in US order', 'to', { from: '2026-01-01', to: '01/31/2026' }],
      [
        'a date-time without a zone',
        'from',
        { from: '2026-01-01T00:00:00', to: '2026-01-31' },
      ],
      [
        '30 February in "from"',
        'from',
        { from: '2026-02-30', to: '2026-03-31' },
      ],
      ['30 February in "to"', 'to', { from: '2026-02-01', to: '2026-02-30' }],
      [
        '29 February of a common year',
        'from',
        { from: '2025-02-29', to: '2025-03-31' },
      ],
      [
        'an hour that does not exist',
        'from',
        { from: '2026-01-01T25:00:00Z', to: '2026-01-31' },
      ],
      ['month 13', 'to', { from: '2026-01-01', to: '2026-13-01' }],
      [
        'a "from" in the future',
        'from',
        { from: '2026-03-16', to: '2026-03-20' },
      ],
      [
        'a "from" given as a number',
        'from',
        { from: 1767225600000, to: '2026-01-31' },
      ],
      [
        'a phone number with letters',
        'phone_number',
        { phone_number: '+1555abc' },
      ],
      ['a phone number of two digits', 'phone_number', { phone_number: '12' }],
      [
        'a phone number given as a number',
        'phone_number',
        { phone_number: 15551234567 },
      ],
      ['an unknown session type', 'session_type', { session_type: 'sms' }],
      ['dry_run given as a string', 'dry_run', { dry_run: 'true' }],
      ['dry_run given as 1', 'dry_run', { dry_run: 1 }],
    ])('refuses %s, naming the field "%s"', (_name, field, event) => {
      const error = invalid(event);

      expect(error.name).toBe('InvalidEventError');
      expect(isSyncError(error, 'InvalidEventError')).toBe(true);
      expect(error.field).toBe(field);
      expect(error.message).toContain(`"${field}"`);
    });

    it.each([
      ['an array', []],
      ['an array of one event', [{ from: '2026-01-01', to: '2026-01-02' }]],
      ['a string', '{}'],
      ['a number', 42],
      ['a boolean', true],
    ])('refuses %s as not a JSON object', (_name, event) => {
      const error = invalid(event);

      expect(error.name).toBe('InvalidEventError');
      expect(error.field).toBe('event');
      expect(error.message).toContain('JSON object');
    });

    it('puts the offending value in the message of an unreal date', () => {
      const error = invalid({ from: '2026-02-30', to: '2026-03-31' });

      expect(error.message).toContain('2026-02-30');
    });
  });
});
