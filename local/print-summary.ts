import type { SyncSummary } from '../functions/sync/sync/summary.js';

type Windows = SyncSummary['windows'];

/** Windows as a range: their count, first start and last end. */
const describeWindows = (windows: Windows): string => {
  const first = windows[0];
  const last = windows.at(-1);
  if (first === undefined || last === undefined) return 'none';

  const range = `${first.from} .. ${last.to}`;
  return windows.length === 1 ? range : `${windows.length} slices, ${range}`;
};

/** The summary as aligned `key  value` lines, for a person at a terminal. */
export const formatSummary = (summary: SyncSummary): string => {
  const rows: [string, string][] = Object.entries(summary).map(
    ([key, value]) => [
      key,
      key === 'windows' || key === 'windows_remaining'
        ? describeWindows(value as Windows)
        : typeof value === 'object' && value !== null
          ? JSON.stringify(value)
          : String(value),
    ],
  );
  const width = Math.max(...rows.map(([key]) => key.length));
  return rows
    .map(([key, value]) => `${key.padEnd(width)}  ${value}`)
    .join('\n');
};
