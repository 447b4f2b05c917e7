import { RECORD_BYTES } from '../tree';

/** Nodes per stored chunk: a proof reads one chunk per level, 8 kB each. */
export const CHUNK_NODES = 128;

/** A level's records cut into chunks of CHUNK_NODES nodes. */
export function chunksOf(levels: Buffer[]): { level: number; chunk: number; nodes: Buffer }[] {
  const out: { level: number; chunk: number; nodes: Buffer }[] = [];
  levels.forEach((buf, level) => {
    const bytes = CHUNK_NODES * RECORD_BYTES;
    for (let chunk = 0; chunk * bytes < buf.length; chunk++) out.push({ level, chunk, nodes: buf.subarray(chunk * bytes, (chunk + 1) * bytes) });
  });
  return out;
}

/** The number of nodes of each level of a tree of `leafCount` leaves (padding not counted). */
export function levelCounts(leafCount: number, height: number): number[] {
  const counts = [leafCount];
  for (let l = 1; l <= height; l++) counts.push(Math.ceil(counts[l - 1] / 2));
  return counts;
}
