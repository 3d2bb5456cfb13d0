import { HTTPError } from 'ky';
import { ZoomApiError } from '../errors.js';

/** What Zoom puts in the body of an error answer, read defensively. */
export interface ZoomErrorBody {
  code?: number;
  message?: string;
  reason?: string;
  error?: string;
}

export const readErrorBody = async (
  response: Response,
): Promise<ZoomErrorBody> => {
  try {
    const body: unknown = await response.clone().json();
    return typeof body === 'object' && body !== null ? body : {};
  } catch {
    return {};
  }
};

/** The URL without its query: enough to say where, short enough to read. */
export const describeUrl = (url: string): string => url.split('?')[0] ?? url;

/**
 * Turns a ky or network error into a ZoomApiError that says which request
 * failed and what Zoom said. The raw error is not chained as the cause,
 * because it carries the request and its Authorization header.
 */
export const toZoomApiError = async (
  error: unknown,
  method: string,
  url: string,
): Promise<ZoomApiError> => {
  const where = `${method} ${describeUrl(url)}`;
  if (error instanceof HTTPError) {
    const body = await readErrorBody(error.response);
    const detail =
      body.code !== undefined || body.message !== undefined
        ? ` (code ${body.code ?? 'none'}: ${body.message ?? 'no message'})`
        : '';
    return new ZoomApiError(
      `Zoom answered HTTP ${error.response.status}${detail} to ${where}.`,
      error.response.status,
      body.code,
    );
  }

  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new ZoomApiError(
    `Request to Zoom failed (${name}: ${message}): ${where}.`,
    undefined,
    undefined,
  );
};
