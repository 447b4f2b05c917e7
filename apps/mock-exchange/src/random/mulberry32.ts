/**
 * mulberry32: a 32-bit seeded PRNG in a few lines. Not for secrets; it exists so that a
 * seed and a sequence of calls always give the same prices and the same injected faults.
 */
export class Mulberry32 {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next value, an integer in [0, 2^32). */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** The next value in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }
}
