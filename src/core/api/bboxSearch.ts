// Area searches that return everything in the area. The service cuts an answer off at `limit` items
// without saying so (no `paging.next`), and refuses dense areas with "reduce the amount of data"; in
// both cases the area is split into four and each quadrant asked again, recursively up to a depth
// cap. Items are de-duplicated by id, so one on a shared edge appears once.
import { type z } from 'zod';
import { type Bbox, bboxProblem, canSplit, formatBbox, splitBbox } from '../../shared/api/bbox';
import { GraphError } from '../../shared/api/graphError';
import { type QueryParams } from '../../shared/api/graphUrl';
import { type GraphClient } from '../http/graphClient';
import { type PagingOptions, pages } from './paging';

/** Progress of a bbox search. */
export interface BboxSearchProgress {
  /** Pages fetched so far. */
  requests: number;
  /** Distinct items yielded so far. */
  items: number;
  /** Areas split into quadrants. */
  splits: number;
  /** Areas still to ask. */
  pending: number;
  /** Areas that were still cut off at the depth cap: their results may be incomplete. */
  incompleteAreas: Bbox[];
}

/** Options for {@link searchBbox}. */
export interface BboxSearchOptions extends PagingOptions {
  /** Items per request, the service's maximum and default being 2,000. */
  limit?: number;
  /** How many times an area may be split (default 6, i.e. at most 4^6 leaf areas). */
  maxDepth?: number;
  onProgress?: (progress: BboxSearchProgress) => void;
}

/** Every item in `bbox`, each once, as an async iterator. Items without an id are skipped. */
export async function* searchBbox<S extends z.ZodType<{ id?: string | undefined }>>(
  client: GraphClient,
  path: string,
  params: QueryParams,
  bbox: Bbox,
  item: S,
  options: BboxSearchOptions = {},
): AsyncGenerator<z.infer<S> & { id: string }> {
  const problem = bboxProblem(bbox);
  if (problem) throw new GraphError('bad-request', `Cannot search this area: ${problem}.`);
  const limit = options.limit ?? 2000;
  const maxDepth = options.maxDepth ?? 6;
  const seen = new Set<string>();
  const progress: BboxSearchProgress = {
    requests: 0,
    items: 0,
    splits: 0,
    pending: 1,
    incompleteAreas: [],
  };
  const stack: { bbox: Bbox; depth: number }[] = [{ bbox, depth: 0 }];
  while (stack.length > 0) {
    const area = stack.pop() as { bbox: Bbox; depth: number };
    progress.pending = stack.length + 1;
    const splittable = area.depth < maxDepth && canSplit(area.bbox);
    let cutOff = false;
    try {
      let pageCount = 0;
      for await (const page of pages(
        client,
        path,
        { ...params, bbox: formatBbox(area.bbox), limit },
        item,
        options,
      )) {
        pageCount += 1;
        progress.requests += 1;
        for (const entity of page.data as (z.infer<S> & { id?: string })[]) {
          if (!entity.id || seen.has(entity.id)) continue;
          seen.add(entity.id);
          progress.items += 1;
          yield entity as z.infer<S> & { id: string };
        }
        // A single page that is full and offers no next page was cut off by the service.
        if (pageCount === 1 && !page.paging?.next && page.data.length + page.rejected >= limit) {
          cutOff = true;
        }
      }
    } catch (error) {
      if (!(error instanceof GraphError) || error.kind !== 'too-much-data') throw error;
      progress.requests += 1;
      cutOff = true;
    }
    if (cutOff) {
      if (splittable) {
        progress.splits += 1;
        // Pushed in reverse so the south-west quadrant is asked first.
        for (const quadrant of splitBbox(area.bbox).reverse()) {
          stack.push({ bbox: quadrant, depth: area.depth + 1 });
        }
      } else {
        progress.incompleteAreas.push(area.bbox);
      }
    }
    progress.pending = stack.length;
    options.onProgress?.({ ...progress, incompleteAreas: [...progress.incompleteAreas] });
  }
}
