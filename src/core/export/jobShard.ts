// A job split across machines: shard k of n runs the units whose index is k-1 modulo n, so the split
// depends only on the job's units and n, never on timing; every shard keeps its own state folder
// beside the output (`<output>.shard-k-of-n/`), resumable on its own, and locks only that folder,
// so several shards can run on one machine. A run without a shard finds the shards' folders of the
// same job and takes their units as done: that is how `merge` assembles the output, byte for byte
// what a single run writes.
import * as path from 'node:path';

/** One shard of a job: `index` from 1 to `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Most shards a job can be split into. */
export const MAX_SHARDS = 1000;

/** Parses `k/n` (1 ≤ k ≤ n ≤ 1000); returns an error message for anything else. */
export function parseShard(text: string): Shard | string {
  const match = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !(count >= 1 && count <= MAX_SHARDS) || !(index >= 1 && index <= count)) {
    return `--shard must be k/n with 1 ≤ k ≤ n ≤ ${MAX_SHARDS}, e.g. 2/4`;
  }
  return { index, count };
}

/** `k/n`, as messages show a shard. */
export function shardText(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/** Whether unit `index` (from 0) belongs to `shard`; every unit belongs to a run without one. */
export function ownsUnit(shard: Shard | undefined, index: number): boolean {
  return !shard || index % shard.count === shard.index - 1;
}

/** The suffix of a shard's state folder, e.g. `.shard-2-of-4`. */
export function shardSuffix(shard: Shard): string {
  return `.shard-${shard.index}-of-${shard.count}`;
}

/** Reads a shard from the name of its state folder beside `output`, or undefined. */
export function shardOfFolder(output: string, name: string): Shard | undefined {
  const base = path.basename(output);
  if (!name.startsWith(`${base}.shard-`)) return undefined;
  const match = /^\.shard-(\d{1,4})-of-(\d{1,4})$/.exec(name.slice(base.length));
  if (!match) return undefined;
  const shard = parseShard(`${match[1]}/${match[2]}`);
  return typeof shard === 'string' ? undefined : shard;
}
