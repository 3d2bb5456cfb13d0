/**
 * Collects what is written to stdout and stderr while `work` runs (the
 * logger writes there), and still lets it through.
 */
export const captureOutput = async <T>(
  lines: string[],
  work: () => Promise<T>,
): Promise<T> => {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const tap =
    (write: typeof out) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      lines.push(String(chunk));
      return (write as (c: unknown, ...r: unknown[]) => boolean)(
        chunk,
        ...rest,
      );
    };
  process.stdout.write = tap(out) as typeof process.stdout.write;
  process.stderr.write = tap(err) as typeof process.stderr.write;
  try {
    return await work();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
};
