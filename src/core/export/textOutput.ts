// Writes a text output as it is produced: the pieces gather in a buffer of about a megabyte that is
// written out whenever it fills, into a temporary file beside the target that is renamed over it
// only once whole. So an output of any size costs one buffer of memory, and a failed or cancelled
// assembly leaves nothing under the final name.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { TEMP_SUFFIX } from '../fs/atomicWrite';
import { outputError } from './jobErrors';

const FLUSH_CHARS = 1 << 20;

/** Takes the pieces of a text output in order. */
export interface TextSink {
  /** Appends `text`; waits only when the buffer is written out. */
  write(text: string): Promise<void>;
}

/**
 * Writes `file` from what `produce` gives its sink, atomically; returns what `produce` returns.
 * File-system errors become job errors that name the file.
 */
export async function writeTextOutput<T>(
  file: string,
  produce: (sink: TextSink) => Promise<T>,
): Promise<T> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    handle = await open(temp, 'w');
    const target = handle;
    let pieces: string[] = [];
    let buffered = 0;
    const flush = async () => {
      if (buffered === 0) return;
      const bytes = Buffer.from(pieces.join(''), 'utf8');
      pieces = [];
      buffered = 0;
      let done = 0;
      while (done < bytes.length) {
        done += (await target.write(bytes, done, bytes.length - done)).bytesWritten;
      }
    };
    const result = await produce({
      write: async (text) => {
        pieces.push(text);
        buffered += text.length;
        if (buffered >= FLUSH_CHARS) await flush();
      },
    });
    await flush();
    await handle.close();
    handle = undefined;
    await rename(temp, file);
    return result;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    if ((error as NodeJS.ErrnoException | undefined)?.code !== undefined) {
      throw outputError(error, file);
    }
    throw error;
  }
}
