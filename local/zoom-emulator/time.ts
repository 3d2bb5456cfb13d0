export const DAY_MS = 86_400_000;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** `yyyy-MM-ddTHH:mm:ssZ`, Zoom's timestamp format: UTC, no millis. */
export function formatZoomTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Reads a `from` or `to` query value in either format Zoom documents,
 * `yyyy-mm-dd` or `yyyy-MM-dd'T'HH:mm:ss'Z'`. A date alone means the
 * start of that UTC day, or its last second when it is the end of a
 * range. Returns undefined for anything else, including dates that do
 * not exist such as 2024-02-30.
 */
export function parseQueryTime(
  value: string,
  bound: 'start' | 'end',
): number | undefined {
  let text: string;
  if (DATE_ONLY.test(value)) {
    text = `${value}T${bound === 'start' ? '00:00:00' : '23:59:59'}Z`;
  } else if (DATE_TIME.test(value)) {
    text = value;
  } else {
    return undefined;
  }

  const ms = Date.parse(text);
  // Date.parse rolls 2024-02-30 over to March; the round trip catches it.
  if (Number.isNaN(ms) || formatZoomTime(ms) !== text) return undefined;

  return ms;
}

/** A stored record's timestamp in ms, or undefined when it has none. */
export function parseRecordTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;

  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
