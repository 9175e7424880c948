// Follows `paging.next` from page to page. The next URL carries the token, so it is never logged;
// the Graph client fetches it only on the configured origin and with the token in the header.
import { type z } from 'zod';
import { type CollectionPage, collectionSchema } from '../../shared/api/entities';
import { type QueryParams } from '../../shared/api/graphUrl';
import { type CallOptions, type GraphClient } from '../http/graphClient';

/** Options for {@link pages}. */
export interface PagingOptions extends CallOptions {
  /** Stop after this many pages (default 10,000, a guard against a service that loops). */
  maxPages?: number;
}

/** Yields each page of a collection, first to last. */
export async function* pages<S extends z.ZodType>(
  client: GraphClient,
  path: string,
  params: QueryParams,
  item: S,
  options: PagingOptions = {},
): AsyncGenerator<CollectionPage<z.infer<S>>> {
  const schema = collectionSchema(item);
  const maxPages = options.maxPages ?? 10_000;
  let page = (await client.get(path, params, schema, options)) as CollectionPage<z.infer<S>>;
  yield page;
  const seen = new Set<string>();
  for (let count = 1; count < maxPages; count++) {
    const next = page.paging?.next;
    if (!next || seen.has(next)) return;
    seen.add(next);
    page = await client.getUrl(next, schema, options);
    yield page;
  }
}

/** Reads every page of a collection into one array. */
export async function collectAll<S extends z.ZodType>(
  client: GraphClient,
  path: string,
  params: QueryParams,
  item: S,
  options: PagingOptions = {},
): Promise<z.infer<S>[]> {
  const out: z.infer<S>[] = [];
  for await (const page of pages(client, path, params, item, options)) out.push(...page.data);
  return out;
}
