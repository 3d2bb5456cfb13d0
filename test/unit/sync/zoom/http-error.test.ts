import ky from 'ky';
import { describe, expect, it } from 'vitest';
import type { ZoomApiError } from '../../../../functions/sync/errors.js';
import {
  describeUrl,
  readErrorBody,
  toZoomApiError,
} from '../../../../functions/sync/zoom/http-error.js';
import { catchRejection } from '../../helpers/catch-error.js';
import { fakeFetch, json } from '../../helpers/fake-fetch.js';

const URL_WITH_QUERY = 'https://api.zoom.test/v2/phone/sms/sessions?from=x';

/** The error ky throws for `answer`. */
const kyError = (answer: Response) =>
  catchRejection(() =>
    ky.get(URL_WITH_QUERY, {
      fetch: fakeFetch(() => answer).fetch,
      retry: 0,
    }),
  );

describe('readErrorBody', () => {
  it('reads a JSON object', async () => {
    await expect(
      readErrorBody(json({ code: 300, message: 'm' })),
    ).resolves.toEqual({ code: 300, message: 'm' });
  });

  it.each([
    ['text', new Response('Bad Gateway')],
    ['an empty body', new Response('')],
    ['JSON null', json(null)],
    ['a JSON string', json('error')],
  ])('reads %s as an empty body', async (_name, response) => {
    await expect(readErrorBody(response)).resolves.toEqual({});
  });

  it('leaves the body for the next reader', async () => {
    const response = json({ code: 124 });
    await readErrorBody(response);

    await expect(response.json()).resolves.toEqual({ code: 124 });
  });
});

describe('describeUrl', () => {
  it.each([
    [URL_WITH_QUERY, 'https://api.zoom.test/v2/phone/sms/sessions'],
    ['https://zoom.us/oauth/token', 'https://zoom.us/oauth/token'],
  ])('writes %s as %s', (url, expected) => {
    expect(describeUrl(url)).toBe(expected);
  });
});

describe('toZoomApiError', () => {
  it("names status, Zoom's code and message, method and URL", async () => {
    const cause = await kyError(
      json({ code: 3001, message: 'Session does not exist.' }, 404),
    );
    const error = await toZoomApiError(cause, 'GET', URL_WITH_QUERY);

    expect(error.name).toBe('ZoomApiError');
    expect(error.message).toBe(
      'Zoom answered HTTP 404 (code 3001: Session does not exist.) to GET https://api.zoom.test/v2/phone/sms/sessions.',
    );
    expect([error.status, error.zoomCode]).toEqual([404, 3001]);
  });

  it('leaves out the detail when the body says nothing', async () => {
    const cause = await kyError(new Response('oops', { status: 502 }));
    const error = await toZoomApiError(cause, 'GET', URL_WITH_QUERY);

    expect(error.message).toBe(
      'Zoom answered HTTP 502 to GET https://api.zoom.test/v2/phone/sms/sessions.',
    );
    expect(error.zoomCode).toBeUndefined();
  });

  it('names a network failure without a status', async () => {
    const error: ZoomApiError = await toZoomApiError(
      new TypeError('fetch failed'),
      'POST',
      'https://zoom.us/oauth/token?account_id=a',
    );

    expect(error.message).toBe(
      'Request to Zoom failed (TypeError: fetch failed): POST https://zoom.us/oauth/token.',
    );
    expect(error.status).toBeUndefined();
  });

  it('does not chain the raw error, which carries the request', async () => {
    const cause = await kyError(json({}, 500));
    const error = await toZoomApiError(cause, 'GET', URL_WITH_QUERY);

    expect(error.cause).toBeUndefined();
  });

  it('reads a thrown value that is no Error', async () => {
    const error = await toZoomApiError('boom', 'GET', URL_WITH_QUERY);

    expect(error.message).toContain('(Error: boom)');
  });
});
