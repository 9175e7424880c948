// A SQLite VFS over Node's file system for the WebAssembly SQLite. The WebAssembly build keeps its
// files in memory (or in a browser's OPFS), so a GeoPackage would grow in memory with the export
// and be copied once more to be saved; with this VFS SQLite reads and writes pages of the real file
// directly, and memory stays at the page cache whatever the file's size. It is made for one writer
// on a file nobody else opens (an export being written under a temporary name), so locks are
// no-ops, and it expects `journal_mode=OFF` (a failed export is deleted, never rolled back).
import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  rmSync,
} from 'node:fs';
import { fsyncSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type Sqlite3Static } from '@sqlite.org/sqlite-wasm';

/** The name the VFS is registered under. */
export const NODE_FILE_VFS = 'mly-node-file';

interface OpenFile {
  fd: number;
  path: string;
  deleteOnClose: boolean;
}

/** The last file-system error the VFS met, so the caller can report the real cause. */
export interface VfsErrors {
  last: Error | undefined;
}

/** Registers the VFS once per SQLite instance; returns where it records file-system errors. */
export function installNodeFileVfs(sqlite3: Sqlite3Static): VfsErrors {
  const { capi, wasm } = sqlite3;
  const errors: VfsErrors = { last: undefined };
  if (capi.sqlite3_vfs_find(NODE_FILE_VFS)) return errors;
  const files = new Map<number, OpenFile>();
  const fail = (error: unknown, code: number): number => {
    errors.last = error instanceof Error ? error : new Error(String(error));
    return code;
  };
  const io = new capi.sqlite3_io_methods();
  io.iVersion = 1;
  const vfs = new capi.sqlite3_vfs();
  vfs.$iVersion = 2;
  // The typings put structInfo on instances; the binding keeps it on the class.
  vfs.$szOsFile = (
    capi.sqlite3_file as unknown as { structInfo: { sizeof: number } }
  ).structInfo.sizeof;
  vfs.$mxPathname = 1024;
  // Randomness, sleep and time come from the build's default VFS.
  const fallback = new capi.sqlite3_vfs(capi.sqlite3_vfs_find(null));
  const shared = vfs as unknown as Record<string, unknown>;
  const from = fallback as unknown as Record<string, unknown>;
  for (const key of ['$xRandomness', '$xSleep', '$xCurrentTime', '$xCurrentTimeInt64']) {
    shared[key] = from[key];
  }
  fallback.dispose();

  const ioMethods = {
    xClose(pFile: number): number {
      const file = files.get(Number(pFile));
      files.delete(Number(pFile));
      if (!file) return 0;
      try {
        closeSync(file.fd);
        if (file.deleteOnClose) rmSync(file.path, { force: true });
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_IOERR_CLOSE);
      }
    },
    xRead(pFile: number, pDest: number, n: number, offset: number | bigint): number {
      const file = files.get(Number(pFile));
      if (!file) return capi.SQLITE_IOERR_READ;
      try {
        const heap = wasm.heap8u();
        const dest = Number(pDest);
        let done = 0;
        while (done < n) {
          const got = readSync(file.fd, heap, dest + done, n - done, Number(offset) + done);
          if (got === 0) break;
          done += got;
        }
        if (done < n) {
          heap.fill(0, dest + done, dest + n);
          return capi.SQLITE_IOERR_SHORT_READ;
        }
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_IOERR_READ);
      }
    },
    xWrite(pFile: number, pSrc: number, n: number, offset: number | bigint): number {
      const file = files.get(Number(pFile));
      if (!file) return capi.SQLITE_IOERR_WRITE;
      try {
        const heap = wasm.heap8u();
        let done = 0;
        while (done < n) {
          done += writeSync(file.fd, heap, Number(pSrc) + done, n - done, Number(offset) + done);
        }
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_IOERR_WRITE);
      }
    },
    xTruncate(pFile: number, size: number | bigint): number {
      const file = files.get(Number(pFile));
      try {
        if (file) ftruncateSync(file.fd, Number(size));
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_IOERR_TRUNCATE);
      }
    },
    xSync(pFile: number): number {
      const file = files.get(Number(pFile));
      try {
        if (file) fsyncSync(file.fd);
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_IOERR_FSYNC);
      }
    },
    xFileSize(pFile: number, pSize: number): number {
      const file = files.get(Number(pFile));
      if (!file) return capi.SQLITE_IOERR_FSTAT;
      try {
        wasm.poke(pSize, fstatSync(file.fd).size, 'i64');
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_IOERR_FSTAT);
      }
    },
    xLock: (): number => 0,
    xUnlock: (): number => 0,
    xCheckReservedLock(_pFile: number, pOut: number): number {
      wasm.poke(pOut, 0, 'i32');
      return 0;
    },
    xFileControl: (): number => capi.SQLITE_NOTFOUND,
    xSectorSize: (): number => 4096,
    xDeviceCharacteristics: (): number => 0,
  };

  const vfsMethods = {
    xOpen(_pVfs: number, zName: number, pFile: number, flags: number, pOutFlags: number): number {
      try {
        const named = (zName ? wasm.cstrToJs(zName) : null) ?? undefined;
        const filePath =
          named ?? path.join(tmpdir(), `mly-sqlite-${process.pid}-${files.size}-${Date.now()}`);
        const create = (flags & capi.SQLITE_OPEN_CREATE) !== 0;
        const exists = existsSync(filePath);
        if (!exists && !create) return capi.SQLITE_CANTOPEN;
        const fd = openSync(filePath, exists ? 'r+' : 'w+');
        files.set(Number(pFile), {
          fd,
          path: filePath,
          deleteOnClose: !named || (flags & capi.SQLITE_OPEN_DELETEONCLOSE) !== 0,
        });
        const handle = new capi.sqlite3_file(pFile);
        handle.$pMethods = io.pointer;
        handle.dispose();
        if (pOutFlags) wasm.poke(pOutFlags, flags, 'i32');
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_CANTOPEN);
      }
    },
    xDelete(_pVfs: number, zName: number): number {
      try {
        rmSync(wasm.cstrToJs(zName) ?? '', { force: true });
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_IOERR_DELETE);
      }
    },
    xAccess(_pVfs: number, zName: number, _flags: number, pOut: number): number {
      wasm.poke(pOut, existsSync(wasm.cstrToJs(zName) ?? '') ? 1 : 0, 'i32');
      return 0;
    },
    xFullPathname(_pVfs: number, zName: number, nOut: number, pOut: number): number {
      return wasm.cstrncpy(pOut, zName, nOut) < nOut ? 0 : capi.SQLITE_CANTOPEN;
    },
    xGetLastError: (): number => 0,
  };
  sqlite3.vfs.installVfs({
    io: { struct: io, methods: ioMethods as never },
    vfs: { struct: vfs, methods: vfsMethods as never, name: NODE_FILE_VFS },
  });
  return errors;
}
