/**
 * Collects what is written to stdout and stderr while `work` runs (the
 * logger writes there) instead of printing it, so that tests can search
 * every log line and the test report stays readable.
 */
export const captureOutput = async <T>(
  lines: string[],
  work: () => Promise<T>,
): Promise<T> => {
  const out = process.stdout.write;
  const err = process.stderr.write;
  const tap = (chunk: unknown, ...rest: unknown[]): boolean => {
    lines.push(String(chunk));
    const done = rest.find((r) => typeof r === 'function');
    if (typeof done === 'function') done();
    return true;
  };
  process.stdout.write = tap as typeof process.stdout.write;
  process.stderr.write = tap as typeof process.stderr.write;
  try {
    return await work();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
};
