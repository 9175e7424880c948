// Paths an export writes. Parts of them come from outside: sequence and image ids from the service
// name folders and files, and the folders on the way may come from a cloned repository. So a path
// built from ids passes the one id rule and must stay inside its folder, and no folder between the
// trusted root (the workspace, the current directory, the folder the user named) and what is written
// may be a symbolic link, which could send the files anywhere.
import { lstat } from 'node:fs/promises';
import * as path from 'node:path';
import { type IdKind, isId } from '../../shared/ids';

/** A path that would leave its folder, name a file with something that is not an id, or go through a link. */
export class UnsafePathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafePathError';
  }
}

function isInside(root: string, full: string): boolean {
  const relative = path.relative(root, full);
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  );
}

/** Whether `full` is `root` or inside it. */
export function isWithin(root: string, full: string): boolean {
  return (
    path.resolve(root) === path.resolve(full) || isInside(path.resolve(root), path.resolve(full))
  );
}

/** `parts` resolved under `root`; refused unless the result lies strictly inside `root`. */
export function confinedPath(root: string, ...parts: string[]): string {
  const base = path.resolve(root);
  const full = path.resolve(base, ...parts);
  if (!isInside(base, full)) {
    throw new UnsafePathError(`"${parts.join('/').slice(0, 80)}" would lead out of ${base}.`);
  }
  return full;
}

/**
 * The path under `root` named by ids (a sequence's folder, an image's file): each id must pass the
 * id rule of its kind, `suffix` is added to the last one, and the result must stay inside `root`.
 */
export function pathForIds(
  root: string,
  ids: readonly (readonly [IdKind, string])[],
  suffix = '',
): string {
  for (const [kind, id] of ids) {
    if (!isId(kind, id)) {
      throw new UnsafePathError(`"${id.slice(0, 80)}" is not an id, so it cannot name a file.`);
    }
  }
  const parts = ids.map(([, id], i) => (i === ids.length - 1 ? `${id}${suffix}` : id));
  return confinedPath(root, ...parts);
}

/**
 * Refuses, with the reason, when a folder below `root` on the way to `target` (`target` included)
 * is a symbolic link. Folders that do not exist yet are fine: the export creates them.
 */
export async function refuseSymlinks(root: string, target: string): Promise<void> {
  const base = path.resolve(root);
  const full = path.resolve(target);
  if (base === full) return;
  if (!isInside(base, full)) throw new UnsafePathError(`${full} is not inside ${base}.`);
  let current = base;
  for (const part of path.relative(base, full).split(path.sep)) {
    current = path.join(current, part);
    let isLink: boolean;
    try {
      isLink = (await lstat(current)).isSymbolicLink();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (isLink) {
      throw new UnsafePathError(
        `${current} is a symbolic link, and exports do not write through links (it could point anywhere): remove it or choose another folder.`,
      );
    }
  }
}
