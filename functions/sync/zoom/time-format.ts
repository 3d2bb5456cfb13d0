/** Formats a time the way Zoom's `from` and `to` take it: `yyyy-MM-ddTHH:mm:ssZ`. */
export const formatZoomTime = (time: Date): string =>
  time.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Milliseconds since the epoch of a Zoom timestamp, or undefined. */
export const parseZoomTime = (
  value: string | null | undefined,
): number | undefined => {
  if (value === undefined || value === null) return undefined;

  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
};
