// Shared setup of the export tests: a job context wired to the emulator through the same client the
// command line builds, with short retry delays so fault storms cost milliseconds, and facts about
// the dataset (an organization with several sequences and its area).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../../src/cli/cli';
import { createMapillaryClient } from '../../../src/core/api/mapillaryClient';
import { type JobContext } from '../../../src/core/export/jobContext';
import { RetryBudget } from '../../../src/shared/api/retryBudget';
import { type Bbox } from '../../../src/shared/api/bbox';
import { type Emulator } from '../../emulator/emulator';
import { type ImageRecord, type Sequence } from '../../emulator/dataset';
import { useEmulator } from '../core/harness';

/**
 * Starts the small emulator (seed 7) for a suite of job tests and gives each test a fresh temporary
 * folder; `out(name)` is a path in the current test's folder.
 */
export function useJobFolder(): { emulator: () => Emulator; out: (name: string) => string } {
  const emulator = useEmulator({ size: 'small', seed: 7 });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-export-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const out = (name: string) => path.join(dir, name);
  return { emulator, out };
}

/** One image of the dataset. */
export function imageRecord(emulator: Emulator, id: string): ImageRecord {
  const entity = emulator.dataset.byId.get(id);
  if (entity?.kind !== 'image') throw new Error(`no image ${id}`);
  return entity.value;
}

/** A job context against `emulator`. */
export async function jobContext(
  emulator: Emulator,
  extra: Partial<JobContext> = {},
): Promise<JobContext> {
  const client = await createMapillaryClient({
    graphUrl: emulator.graphUrl,
    tilesUrl: emulator.tilesUrl,
    getToken: () => Promise.resolve(emulator.clientToken),
    clientToken: emulator.clientToken,
    backoff: { baseMs: 5, maxMs: 20 },
    // The emulator reports full usage with a rate limit; the real pause is seconds long.
    usageThrottle: { startPct: 80, maxDelayMs: 50 },
    retryBudget: new RetryBudget({ capacity: 1000, refillPerSecond: 100, perSuccess: 1 }),
  });
  return { api: client.api, tiles: client.tiles, roundPauseMs: 10, ...extra };
}

/** The organization of the dataset with the most sequences, its sequences and their area. */
export function busyOrganization(emulator: Emulator): {
  id: string;
  sequences: Sequence[];
  bbox: Bbox;
} {
  const { dataset } = emulator;
  let best = dataset.organizations[0];
  let bestCount = -1;
  for (const org of dataset.organizations) {
    const count = dataset.sequences.filter((s) => s.organizationId === org.id).length;
    if (count > bestCount) {
      best = org;
      bestCount = count;
    }
  }
  if (!best) throw new Error('the dataset has no organization');
  const sequences = dataset.sequences.filter((s) => s.organizationId === best.id);
  const images = sequences.flatMap((s) => s.imageIds.map((id) => imageRecord(emulator, id)));
  const margin = 0.0005;
  const bbox: Bbox = [
    Math.min(...images.map((i) => i.lon)) - margin,
    Math.min(...images.map((i) => i.lat)) - margin,
    Math.max(...images.map((i) => i.lon)) + margin,
    Math.max(...images.map((i) => i.lat)) + margin,
  ];
  return { id: best.id, sequences, bbox };
}

/** The CSV lines of a file's text without the trailing empty line. */
export function csvRows(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
}

/** Collects what a command writes. */
export class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs the command line in this process against `emulator`; returns its exit code and output. */
export async function cliAgainst(
  emulator: Emulator,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const urls = ['--api-url', emulator.graphUrl, '--tiles-url', emulator.tilesUrl];
  const code = await runCli([...urls, ...args], {
    stdout,
    stderr,
    env: { MAPILLARY_ACCESS_TOKEN: emulator.clientToken, ...env },
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
