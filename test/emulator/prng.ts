/**
 * A small seeded pseudo-random generator (mulberry32). Every random choice in the emulator goes
 * through one of these so that the same seed always builds the same dataset and fires the same
 * faults.
 */
export class Prng {
  private state: number;

  /** @param seed any integer; 0 is allowed. */
  constructor(seed: number) {
    // Mixing the seed once keeps small neighbouring seeds (1, 2, 3) from starting on similar streams.
    this.state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A float in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) {
      throw new Error('pick from an empty array');
    }
    return item;
  }

  /** A string of `length` characters drawn from `alphabet`. */
  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      out += alphabet[Math.floor(this.next() * alphabet.length)];
    }
    return out;
  }

  /** A decimal string of exactly `digits` digits with no leading zero. */
  digits(digits: number): string {
    return String(this.int(1, 9)) + this.chars(digits - 1, '0123456789');
  }
}
