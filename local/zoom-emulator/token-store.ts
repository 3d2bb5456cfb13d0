import { randomBytes } from 'node:crypto';

/**
 * Access tokens the emulator has issued, each with its expiry.
 *
 * Minting a token leaves earlier ones valid: reports that Zoom revokes the
 * previous token are unconfirmed, and `revokeTokens()` lets a test force
 * the 401 path whenever it wants.
 */
export class TokenStore {
  readonly #expiresAt = new Map<string, number>();
  readonly #now: () => Date;
  #issued = 0;

  constructor(
    readonly ttlSeconds: number,
    now: () => Date,
  ) {
    this.#now = now;
  }

  /** Mints a new opaque token that expires after the configured TTL. */
  issue(): string {
    const token = randomBytes(32).toString('base64url');
    this.#expiresAt.set(token, this.#now().getTime() + this.ttlSeconds * 1000);
    this.#issued += 1;

    return token;
  }

  isValid(token: string | undefined): boolean {
    if (token === undefined) return false;

    const expiresAt = this.#expiresAt.get(token);
    return expiresAt !== undefined && this.#now().getTime() < expiresAt;
  }

  revokeAll(): void {
    this.#expiresAt.clear();
  }

  get issued(): number {
    return this.#issued;
  }
}
