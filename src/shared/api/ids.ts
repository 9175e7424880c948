// Ids as the API client handles them: checked by the rule of their kind (see ../ids) before they go
// into a URL path, so that an id can never change which endpoint is called.
import { type IdKind, ID_NAMES, idProblem } from '../ids';
import { GraphError } from './graphError';

/**
 * Returns `id` trimmed, or throws a 'bad-request' error when it is not an id of `kind`. `what`
 * names it in the message when the kind alone does not (an image or map feature id).
 */
export function checkId(id: string, kind: IdKind, what = ID_NAMES[kind]): string {
  const trimmed = String(id).trim();
  const problem = idProblem(kind, trimmed);
  if (problem !== undefined) {
    throw new GraphError('bad-request', problem.replace(ID_NAMES[kind], what));
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
