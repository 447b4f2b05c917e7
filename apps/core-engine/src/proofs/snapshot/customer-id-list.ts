/**
 * The bank customer ids of a snapshot's leaves in position order, as UTF-8 in one buffer with
 * an offset per leaf: a million ids cost about 20 MB outside the JS heap instead of a million
 * strings on it (a Core Engine runs with --max-old-space-size=192). Read back a batch at a time.
 */
export class CustomerIdList {
  private bytes: Buffer;
  private readonly ends: Uint32Array;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.bytes = Buffer.alloc(Math.max(1024, capacity * 16));
    this.ends = new Uint32Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(id: string): void {
    if (this.count >= this.capacity) throw new RangeError('more customer ids than the capacity');
    const start = this.count === 0 ? 0 : this.ends[this.count - 1];
    const need = start + Buffer.byteLength(id, 'utf8');
    if (need > this.bytes.length) {
      const grown = Buffer.alloc(Math.max(need, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, start);
      this.bytes = grown;
    }
    this.ends[this.count++] = start + this.bytes.write(id, start, 'utf8');
  }

  /** The ids at positions [from, to). */
  slice(from: number, to: number): string[] {
    const out: string[] = [];
    for (let i = from; i < Math.min(to, this.count); i++) out.push(this.bytes.toString('utf8', i === 0 ? 0 : this.ends[i - 1], this.ends[i]));
    return out;
  }
}
