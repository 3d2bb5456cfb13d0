import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level; arrays keep their order. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;

  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`);
    return `{${entries.join(',')}}`;
  }

  return JSON.stringify(value) ?? 'null';
};

/**
 * A hash of a Zoom record's content. Key order does not matter, so Zoom
 * reordering fields is not a change; everything else, unknown fields
 * included, is.
 */
export const contentHash = (record: unknown): string =>
  createHash('sha256').update(canonical(record)).digest('base64url');
