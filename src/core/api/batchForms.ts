// The two ways to read many images in one request, and which one this session uses. The official
// viewer (MapillaryJS) and JOSM read images with `/images?image_ids=a,b,c&fields=…`, answered as
// `{"data":[…]}`, and that is the form recordings exist for; the documentation's "Multiple Entities"
// form is `/?ids=a,b,c&fields=…`, answered as an object keyed by id (mapillary-api.md, Entities).
// The first is tried first; when the service refuses it the second is used, and whichever worked is
// remembered for the rest of the session (and still falls back if the service changes under it).
import { type z } from 'zod';
import { collectionSchema, idKeyedSchema } from '../../shared/api/entities';
import { fieldsParam } from '../../shared/api/fields';
import { GraphError } from '../../shared/api/graphError';
import { type CallOptions, type GraphClient } from '../http/graphClient';

/** A batch form: `/images?image_ids=` or `/?ids=`. */
export type BatchForm = 'image_ids' | 'ids';

/** The entities one batch found, by id. */
export type BatchResult<T> = Map<string, T>;

/** Which batch form works, for one session (one client). */
export class BatchForms {
  private working: BatchForm | undefined;

  /** The form that worked last, if any yet. */
  get current(): BatchForm | undefined {
    return this.working;
  }

  /** The forms to try, in order: the one that worked, else `image_ids` first. */
  order(): BatchForm[] {
    if (this.working === 'ids') return ['ids', 'image_ids'];
    return ['image_ids', 'ids'];
  }

  /** Records the form that just worked. */
  worked(form: BatchForm): void {
    this.working = form;
  }
}

/**
 * Whether an error says the service does not take this form of request (as opposed to an id it
 * does not know, code 100 subcode 33, which is the bisection's business, or a passing failure).
 */
export function refusesForm(error: unknown): boolean {
  if (!(error instanceof GraphError)) return false;
  if (error.kind === 'bad-request' || error.kind === 'invalid-response') return true;
  // A 404 without a Graph body: no such endpoint (an unknown id comes with code 100).
  return error.kind === 'not-found' && error.code === undefined;
}

/**
 * Reads one batch of images, trying the forms in the session's order. An error that is not a
 * refusal of the form (an unknown id, a rate limit) is thrown at once; when every form refuses,
 * the last refusal is thrown (a bad field list is refused by both).
 */
export async function readImageBatch<S extends z.ZodType>(
  client: GraphClient,
  forms: BatchForms,
  batch: readonly string[],
  fields: readonly string[],
  item: S,
  options: CallOptions,
): Promise<BatchResult<z.infer<S>>> {
  let last: unknown;
  for (const form of forms.order()) {
    try {
      const found =
        form === 'image_ids'
          ? await readImageIds(client, batch, fields, item, options)
          : await readIds(client, batch, fields, item, options);
      forms.worked(form);
      return found;
    } catch (error) {
      if (!refusesForm(error)) throw error;
      last = error;
    }
  }
  throw last;
}

/** `/images?image_ids=a,b,c&fields=…` → `{"data":[…]}`; each item names its id. */
async function readImageIds<S extends z.ZodType>(
  client: GraphClient,
  batch: readonly string[],
  fields: readonly string[],
  item: S,
  options: CallOptions,
): Promise<BatchResult<z.infer<S>>> {
  const page = await client.get(
    'images',
    { image_ids: batch.join(','), fields: fieldsParam(fields) },
    collectionSchema(item),
    options,
  );
  const wanted = new Set(batch);
  const found: BatchResult<z.infer<S>> = new Map();
  for (const entity of page.data) {
    const id = (entity as { id?: unknown }).id;
    if (typeof id === 'string' && wanted.has(id)) found.set(id, entity);
  }
  return found;
}

/** `/?ids=a,b,c&fields=…` → an object keyed by id. */
export async function readIds<S extends z.ZodType>(
  client: GraphClient,
  batch: readonly string[],
  fields: readonly string[],
  item: S,
  options: CallOptions,
): Promise<BatchResult<z.infer<S>>> {
  const result = await client.get(
    '',
    { ids: batch.join(','), fields: fieldsParam(fields) },
    idKeyedSchema(item),
    options,
  );
  const wanted = new Set(batch);
  const found: BatchResult<z.infer<S>> = new Map();
  for (const [key, value] of result.found) {
    // The key names the entity even when the fields asked for left out `id`.
    if (wanted.has(key)) found.set(key, { ...(value as object), id: key } as z.infer<S>);
  }
  return found;
}
