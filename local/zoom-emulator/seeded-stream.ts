import { createHash } from 'node:crypto';

/**
 * A deterministic stream of pseudo-random values: SHA-256 over the key
 * parts and a block counter. The same parts give the same values on any
 * machine and any day, which is what makes generated data reproducible.
 */
export class SeededStream {
  readonly #key: string;
  #block = 0;
  #buffer = Buffer.alloc(0);
  #position = 0;

  constructor(...parts: readonly (string | number)[]) {
    // JSON keeps ("a:b", 1) and ("a", "b:1") apart.
    this.#key = JSON.stringify(parts);
  }

  bytes(count: number): Buffer {
    const out = Buffer.alloc(count);
    for (let i = 0; i < count; i += 1) {
      if (this.#position === this.#buffer.length) this.#refill();
      out[i] = this.#buffer[this.#position] ?? 0;
      this.#position += 1;
    }

    return out;
  }

  /** An integer in [0, max). The modulo bias is far below what matters. */
  int(max: number): number {
    return this.bytes(4).readUInt32BE(0) % max;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.bytes(4).readUInt32BE(0) / 2 ** 32 < p;
  }

  pick<T>(items: readonly [T, ...T[]]): T {
    return items[this.int(items.length)] ?? items[0];
  }

  /** A string of `length` decimal digits. */
  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += String(this.int(10));

    return out;
  }

  #refill(): void {
    this.#buffer = createHash('sha256')
      .update(`${this.#key}#${this.#block}`)
      .digest();
    this.#block += 1;
    this.#position = 0;
  }
}
