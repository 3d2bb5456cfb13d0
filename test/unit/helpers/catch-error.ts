/**
 * The error `run` throws. Fails the test when it returns instead, so that an
 * assertion on the error can never pass by the call not throwing at all.
 */
export const catchError = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    if (error instanceof Error) return error;

    throw new Error(`Expected an Error, got ${String(error)}`);
  }

  throw new Error('Expected the call to throw, but it returned');
};

/** The error the promise of `run` rejects with; fails when it resolves. */
export const catchRejection = async (
  run: () => Promise<unknown>,
): Promise<Error> => {
  try {
    await run();
  } catch (error) {
    if (error instanceof Error) return error;

    throw new Error(`Expected an Error, got ${String(error)}`);
  }

  throw new Error('Expected the promise to reject, but it resolved');
};
