// A lock between processes, as a file: two editor windows, or the editor and the command line, share
// the tile cache, the tile budget and export folders. The lock file holds its owner (process id,
// host, a random token) and is created whole with link(2), which fails when the file exists, so two
// processes can never both create it. A lock whose owner is gone does not stay forever: on the same
// host a dead process id frees it at once, and any lock not refreshed for `staleMs` is taken over
// (owners of long locks refresh them). Taking over renames the stale file away first and checks that
// it moved the very file it judged stale, so two processes that both see it stale cannot both win.
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';

/** Who holds a lock. */
export interface LockOwner {
  pid: number;
  host: string;
  /** When the lock was taken, in milliseconds since the epoch. */
  since: number;
  token: string;
}

/** Settings of {@link FileLock}. */
export interface FileLockOptions {
  /** A lock not refreshed for this long is taken over even if its process seems alive (default 60 s). */
  staleMs?: number;
  now?: () => number;
}

const DEFAULT_STALE_MS = 60_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const json = JSON.parse(text) as Partial<LockOwner>;
    if (
      typeof json.pid === 'number' &&
      typeof json.host === 'string' &&
      typeof json.since === 'number' &&
      typeof json.token === 'string'
    ) {
      return json as LockOwner;
    }
  } catch {
    // Unreadable: judged by its age alone.
  }
  return undefined;
}

/** A held lock; see the file comment. */
export class FileLock {
  private heartbeat: ReturnType<typeof setInterval> | undefined;

  private constructor(
    /** The lock file. */
    readonly file: string,
    /** This process's claim, as written in the file. */
    readonly owner: LockOwner,
  ) {}

  /**
   * Takes the lock if it is free or stale; otherwise returns its live owner (undefined when the file
   * cannot be read yet, e.g. while it is being replaced).
   */
  static async tryAcquire(
    file: string,
    options: FileLockOptions = {},
  ): Promise<FileLock | { heldBy: LockOwner | undefined }> {
    const now = options.now ?? Date.now;
    const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
    await mkdir(path.dirname(file), { recursive: true });
    const owner: LockOwner = {
      pid: process.pid,
      host: hostname(),
      since: now(),
      token: randomBytes(8).toString('hex'),
    };
    const temp = `${file}.${owner.token}.new`;
    try {
      await writeFile(temp, JSON.stringify(owner));
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await link(temp, file);
          return new FileLock(file, owner);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const held = await FileLock.inspect(file, now, staleMs);
        if (held.live) return { heldBy: held.owner };
        if (!(await FileLock.takeOver(file, held.text, owner.token))) {
          return { heldBy: held.owner };
        }
      }
      return { heldBy: undefined };
    } finally {
      await rm(temp, { force: true });
    }
  }

  /**
   * Takes the lock, waiting up to `timeoutMs` for its owner to let go; undefined when it does not.
   * For locks held briefly (an index or a counter being rewritten).
   */
  static async acquire(
    file: string,
    options: FileLockOptions & { timeoutMs?: number } = {},
  ): Promise<FileLock | undefined> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      const result = await FileLock.tryAcquire(file, options);
      if (result instanceof FileLock) return result;
      if (Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /** Runs `fn` holding the lock at `file`; without the lock (timed out) it runs `fallback`. */
  static async with<T>(
    file: string,
    fn: () => Promise<T>,
    fallback: () => Promise<T>,
    options: FileLockOptions & { timeoutMs?: number } = {},
  ): Promise<T> {
    const lock = await FileLock.acquire(file, options);
    if (!lock) return fallback();
    try {
      return await fn();
    } finally {
      await lock.release();
    }
  }

  /** Keeps the lock fresh every `everyMs` until it is released (for locks held for long). */
  keepFresh(everyMs: number): void {
    this.heartbeat ??= setInterval(() => {
      const time = new Date();
      void utimes(this.file, time, time).catch(() => undefined);
    }, everyMs);
    this.heartbeat.unref?.();
  }

  /** Lets go of the lock, unless another process has taken it over meanwhile. */
  async release(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    try {
      const current = parseOwner(await readFile(this.file, 'utf8'));
      if (current?.token === this.owner.token) await rm(this.file, { force: true });
    } catch {
      // Already gone.
    }
  }

  private static async inspect(
    file: string,
    now: () => number,
    staleMs: number,
  ): Promise<{ live: boolean; owner: LockOwner | undefined; text: string | undefined }> {
    let text: string;
    let modified: number;
    try {
      [text, modified] = await Promise.all([
        readFile(file, 'utf8'),
        stat(file).then((info) => info.mtimeMs),
      ]);
    } catch {
      // Gone between our attempt and this look: free to try again.
      return { live: false, owner: undefined, text: undefined };
    }
    const owner = parseOwner(text);
    const dead = owner !== undefined && owner.host === hostname() && !isAlive(owner.pid);
    const old = now() - modified >= staleMs;
    return { live: !dead && !old, owner, text };
  }

  /** Moves a stale lock away; true when it was the one judged stale (or it was gone already). */
  private static async takeOver(
    file: string,
    staleText: string | undefined,
    token: string,
  ): Promise<boolean> {
    if (staleText === undefined) return true;
    const moved = `${file}.${token}.stale`;
    try {
      await rename(file, moved);
    } catch {
      return true;
    }
    const text = await readFile(moved, 'utf8').catch(() => undefined);
    if (text === staleText) {
      await rm(moved, { force: true });
      return true;
    }
    // Someone took the lock over between our look and the rename: give it back.
    await link(moved, file).catch(() => undefined);
    await rm(moved, { force: true });
    return false;
  }
}
