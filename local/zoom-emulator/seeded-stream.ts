import { hash } from 'node:crypto';

const EMPTY = Buffer.alloc(0);

/**
 * A deterministic stream of pseudo-random values: SHA-256 over the key
 * parts and a block counter. The same parts give the same values on any
 * machine and any day, which is what makes generated data reproducible.
 *
 * Values are read straight from the current block rather than through a
 * fresh Buffer each: a benchmark generates 100,000 sessions, some twenty
 * values each, and the allocations cost more than the hashing.
 */
export class SeededStream {
  readonly #key: string;
  #block = 0;
  #buffer = EMPTY;
  #position = 0;

  constructor(...parts: readonly (string | number)[]) {
    // JSON keeps ("a:b", 1) and ("a", "b:1") apart.
    this.#key = JSON.stringify(parts);
  }

  bytes(count: number): Buffer {
    const out = Buffer.alloc(count);
    for (let i = 0; i < count; i += 1) out[i] = this.#byte();

    return out;
  }

  /** An integer in [0, max). The modulo bias is far below what matters. */
  int(max: number): number {
    return this.#uint32() % max;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.#uint32() / 2 ** 32 < p;
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

  /** The next four bytes, big-endian, as bytes(4).readUInt32BE(0) would. */
  #uint32(): number {
    if (this.#position + 4 <= this.#buffer.length) {
      const value = this.#buffer.readUInt32BE(this.#position);
      this.#position += 4;
      return value;
    }

    // Straddles two blocks: only after an odd-sized bytes() call.
    let value = 0;
    for (let i = 0; i < 4; i += 1) value = value * 256 + this.#byte();

    return value;
  }

  #byte(): number {
    if (this.#position === this.#buffer.length) this.#refill();
    const value = this.#buffer[this.#position] ?? 0;
    this.#position += 1;

    return value;
  }

  #refill(): void {
    this.#buffer = hash('sha256', `${this.#key}#${this.#block}`, 'buffer');
    this.#block += 1;
    this.#position = 0;
  }
}
