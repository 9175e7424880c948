// Entity ids as the client handles them: opaque strings, checked before they go into a URL path so
// that an id can never change which endpoint is called.
import { GraphError } from './graphError';

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether `id` looks like a Mapillary id (digits for entities, a key string for sequences). */
export function isValidId(id: string): boolean {
  return idPattern.test(id);
}

/** Returns `id` trimmed, or throws a 'bad-request' error when it cannot be an id. */
export function checkId(id: string, what = 'id'): string {
  const trimmed = String(id).trim();
  if (!isValidId(trimmed)) {
    throw new GraphError(
      'bad-request',
      `"${trimmed.slice(0, 40)}" is not a valid Mapillary ${what}.`,
    );
  }
  return trimmed;
}

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError('chunk size must be at least 1');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The distinct values of `items`, in first-seen order. */
export function distinct<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
