/**
 * A setting of the stack (a cdk.json context value or a construct prop) that
 * cannot be used. The message names the key and says what it must be, so
 * that `cdk synth` fails with one clear sentence.
 */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';

  constructor(
    message: string,
    /** The context key or prop at fault. */
    readonly key: string,
  ) {
    super(message);
  }
}
