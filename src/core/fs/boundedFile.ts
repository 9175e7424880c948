// Reads a file named by the user or a workspace (an area, a file to draw on the map) as hostile
// input: it must be a regular file, inside `root` when one is given (links are resolved first, so a
// link cannot lead out), and at most `maxBytes` long, checked on the open handle so that a file that
// grows meanwhile is still cut off. Every failure is one typed problem the caller words for its user.
import { open, realpath } from 'node:fs/promises';
import * as path from 'node:path';

/** Why a file was not read. */
export type FileProblem =
  | { kind: 'outside'; root: string }
  | { kind: 'missing' }
  | { kind: 'folder' }
  | { kind: 'not-a-file' }
  | { kind: 'denied' }
  | { kind: 'too-large'; size: number; maxBytes: number }
  | { kind: 'changed' }
  | { kind: 'io'; code: string | undefined };

/** A file that was not read, and why. */
export class FileReadError extends Error {
  constructor(readonly problem: FileProblem) {
    super(`file not read: ${problem.kind}`);
    this.name = 'FileReadError';
  }
}

/** Options of {@link readBoundedFile}. */
export interface BoundedFileOptions {
  /** When set, the file must resolve to a path inside this folder. */
  root?: string;
  /** Largest file read, in bytes. */
  maxBytes: number;
}

function errnoProblem(error: unknown): FileProblem {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return { kind: 'missing' };
  if (code === 'EISDIR') return { kind: 'folder' };
  if (code === 'EACCES' || code === 'EPERM') return { kind: 'denied' };
  return { kind: 'io', code };
}

async function within(file: string, root: string): Promise<string> {
  const [real, realRoot] = await Promise.all([realpath(file), realpath(root)]);
  const relative = path.relative(realRoot, real);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new FileReadError({ kind: 'outside', root: realRoot });
  }
  return real;
}

/** The bytes of `file`; throws a {@link FileReadError} when it cannot or must not be read. */
export async function readBoundedFile(file: string, options: BoundedFileOptions): Promise<Buffer> {
  try {
    const target = options.root === undefined ? file : await within(file, options.root);
    const handle = await open(target, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new FileReadError({ kind: 'not-a-file' });
      if (stat.size > options.maxBytes) {
        throw new FileReadError({ kind: 'too-large', size: stat.size, maxBytes: options.maxBytes });
      }
      // One byte more than the size tells a file that grew after the size check.
      const buffer = Buffer.alloc(stat.size + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length > stat.size) throw new FileReadError({ kind: 'changed' });
      }
      return buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    throw new FileReadError(errnoProblem(error));
  }
}
