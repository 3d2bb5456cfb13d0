import type { SyncSummary } from '../functions/sync/sync/summary.js';

/** The summary as aligned `key  value` lines, for a person at a terminal. */
export const formatSummary = (summary: SyncSummary): string => {
  const rows: [string, string][] = Object.entries(summary).map(
    ([key, value]) => [
      key,
      key === 'windows'
        ? summary.windows.map((w) => `${w.from} .. ${w.to}`).join(', ')
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
