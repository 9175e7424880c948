// A lock between processes, as a file: two editor windows, or the editor and the command line, share
// the tile cache, the tile budget and export folders. The lock file holds its owner (process id,
// host, a random token) and is created whole with link(2), which fails when the file exists, so two
// processes can never both create it. A lock whose owner is gone does not stay forever: on the same
// host a dead process id frees it at once, and any lock not refreshed for `staleMs` is taken over
// (owners of long locks refresh them). Taking over is itself guarded (see takeOver), so two processes
// that both see a lock stale cannot both win.
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
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
}

const DEFAULT_STALE_MS = 60_000;
/** A breaker (see takeOver) older than this was left by a crash. */
const BREAKER_STALE_MS = 10_000;

/** Whether process `pid` runs on this host (one of another user counts). */
export function isProcessAlive(pid: number): boolean {
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
    const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
    await mkdir(path.dirname(file), { recursive: true });
    const owner: LockOwner = {
      pid: process.pid,
      host: hostname(),
      since: Date.now(),
      token: randomBytes(8).toString('hex'),
    };
    const temp = `${file}.${owner.token}.new`;
    try {
      await writeFile(temp, JSON.stringify(owner));
      let held: Awaited<ReturnType<typeof FileLock.inspect>> | undefined;
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          await link(temp, file);
          return new FileLock(file, owner);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        held = await FileLock.inspect(file, staleMs);
        if (held.live) return { heldBy: held.owner };
        // Someone else is removing the stale lock: look again in a moment.
        if (!(await FileLock.takeOver(file, held.text))) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
      return { heldBy: held?.owner };
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

  /**
   * Runs `fn` holding the lock at `file`; without the lock (timed out, or its folder cannot be
   * written) it runs `fallback`.
   */
  static async with<T>(
    file: string,
    fn: () => Promise<T>,
    fallback: () => Promise<T>,
    options: FileLockOptions & { timeoutMs?: number } = {},
  ): Promise<T> {
    const lock = await FileLock.acquire(file, options).catch(() => undefined);
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
    const dead = owner !== undefined && owner.host === hostname() && !isProcessAlive(owner.pid);
    const old = Date.now() - modified >= staleMs;
    return { live: !dead && !old, owner, text };
  }

  /**
   * Removes a stale lock; true when it is gone. Only the holder of `<file>.break` may remove it, and
   * only while it still holds the very text judged stale (each lock's text has its own token), so of
   * several processes that saw the same stale lock, one removes it and the others see the new one.
   */
  private static async takeOver(file: string, staleText: string | undefined): Promise<boolean> {
    if (staleText === undefined) return true;
    const breaker = `${file}.break`;
    const claim = `${breaker}.${randomBytes(6).toString('hex')}`;
    try {
      await writeFile(claim, '');
      try {
        await link(claim, breaker);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        // Another process is breaking the lock now; a breaker left by a crash goes after a while.
        const since = await stat(breaker).then(
          (info) => info.mtimeMs,
          () => Date.now(),
        );
        if (Date.now() - since > BREAKER_STALE_MS) await rm(breaker, { force: true });
        return false;
      }
      try {
        const text = await readFile(file, 'utf8').catch(() => undefined);
        if (text === staleText) await rm(file, { force: true });
        return text === staleText || text === undefined;
      } finally {
        await rm(breaker, { force: true });
      }
    } finally {
      await rm(claim, { force: true });
    }
  }
}
