// Reads many entities in batches of 50 ids, a bounded number of batches in flight, results in the
// order the ids were given, and the ids the service did not return reported. Images go through the
// session's batch form (`/images?image_ids=` first, `/?ids=` as the fallback: see batchForms.ts);
// other entities through `/?ids=`. When the service refuses a whole batch because of one id it does
// not know, the batch is halved until the culprit is found, whichever form is in use.
import { type z } from 'zod';
import { GraphError } from '../../shared/api/graphError';
import { chunk, distinct } from '../../shared/api/ids';
import { isEntityId } from '../../shared/ids';
import { type CallOptions, type GraphClient } from '../http/graphClient';
import { mapConcurrent } from '../http/semaphore';
import { type BatchForms, type BatchResult, readIds, readImageBatch } from './batchForms';

/** Options for {@link getMany}. */
export interface GetManyOptions extends CallOptions {
  /** Ids per request (default 50; the service accepts up to about 100). */
  batchSize?: number;
  /** Requests in flight at most (default 6). */
  concurrency?: number;
  /** Called after each batch with the number of ids done so far. */
  onProgress?: (done: number, total: number) => void;
}

/** The result of {@link getMany}. */
export interface GetManyResult<T> {
  /** One entry per input id, in input order; undefined where the id was not returned. */
  items: (T | undefined)[];
  /** The entities found, by id. */
  found: Map<string, T>;
  /** Distinct ids the service did not return (unknown, hidden, invalid or malformed). */
  missing: string[];
}

/**
 * Reads the entities named by `ids` with the given fields. With `imageForms` the ids are images
 * and the session's batch form is used; without, `/?ids=`.
 */
export async function getMany<S extends z.ZodType>(
  client: GraphClient,
  ids: readonly string[],
  fields: readonly string[],
  item: S,
  options: GetManyOptions = {},
  imageForms?: BatchForms,
): Promise<GetManyResult<z.infer<S> & { id: string }>> {
  type T = z.infer<S> & { id: string };
  const unique = distinct(ids.map((id) => String(id).trim()));
  const valid = unique.filter(isEntityId);
  const found = new Map<string, T>();
  const batches = chunk(valid, options.batchSize ?? 50);
  const read = (batch: string[]): Promise<BatchResult<z.infer<S>>> =>
    imageForms
      ? readImageBatch(client, imageForms, batch, fields, item, options)
      : readIds(client, batch, fields, item, options);
  let done = 0;

  const fetchBatch = async (batch: string[]): Promise<void> => {
    try {
      for (const [key, value] of await read(batch)) {
        found.set(key, { ...(value as object), id: key } as T);
      }
    } catch (error) {
      // Only "does not exist" is blamed on an id: a bad field list must surface, not be bisected.
      const refused = error instanceof GraphError && error.kind === 'not-found';
      if (!refused) throw error;
      if (batch.length === 1) return;
      const half = Math.ceil(batch.length / 2);
      await fetchBatch(batch.slice(0, half));
      await fetchBatch(batch.slice(half));
    }
  };

  await mapConcurrent(batches, options.concurrency ?? 6, async (batch) => {
    await fetchBatch(batch);
    done += batch.length;
    options.onProgress?.(done, valid.length);
  });

  return {
    items: ids.map((id) => found.get(String(id).trim())),
    found,
    missing: unique.filter((id) => !found.has(id)),
  };
}
