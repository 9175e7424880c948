// Runs a search for the Explorer: reads the results to the end (or to a cap) under a cancellable
// progress notification, and adds them to the tree as one search entry, revealed and expanded.
import { type Bbox } from '../../shared/api/bbox';
import { formatArea } from '../../shared/explorer/areaText';
import { type Area } from '../../shared/geo/area';
import { type ExplorerImage, type ExplorerMapFeature } from '../../shared/explorer/explorerNode';
import { type SearchNode } from '../../shared/explorer/explorerNode';
import { type ExplorerContext } from './explorerCommand';

/** Most results one search keeps (the tree pages through them). */
export const MAX_SEARCH_RESULTS = 10_000;
/** How often, in results, the notification reports the count so far. */
const REPORT_EVERY = 500;

/** One search to run. */
export interface SearchSpec<T extends ExplorerImage | ExplorerMapFeature> {
  /** The notification's title while the search runs. */
  progressTitle: string;
  /** The entry's label; the number of results is added to it. */
  label: string;
  /** What the search was (area and filters), shown beside the label. */
  detail: string;
  what: SearchNode['what'];
  /** Starts the search; `signal` aborts it when the user cancels. */
  start(signal: AbortSignal): Promise<AsyncIterable<T>>;
}

/** Runs a search and adds its results to the tree; returns how many were found. */
export async function runSearch<T extends ExplorerImage | ExplorerMapFeature>(
  context: ExplorerContext,
  spec: SearchSpec<T>,
  max = MAX_SEARCH_RESULTS,
): Promise<number> {
  const { ui } = context;
  const items = await ui.notify(spec.progressTitle, true, async (report, signal) => {
    const found: T[] = [];
    for await (const item of await spec.start(signal)) {
      found.push(item);
      if (found.length % REPORT_EVERY === 0) report(`${found.length} found`);
      if (found.length >= max) {
        ui.warn(`Mapillary: the search stopped at ${max} results: narrow the area or the filters.`);
        break;
      }
    }
    return found;
  });
  const node = context.model.addSearch(
    `${spec.label} (${items.length})`,
    spec.detail,
    spec.what,
    items,
  );
  await context.reveal(node, { expand: true });
  return items.length;
}

/** A date range as `start..end` (days only), or undefined when neither end is set. */
export function dateRange(start: string | undefined, end: string | undefined): string | undefined {
  if (!start && !end) return undefined;
  return `${start?.slice(0, 10) ?? '…'}..${end?.slice(0, 10) ?? '…'}`;
}

/** A search's description: its area (the bbox, or the shape's file), then each filter set. */
export function describeSearch(
  area: Area | Bbox,
  filters: Record<string, string | undefined>,
): string {
  const parts = Object.entries(filters)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k} ${String(v)}`);
  const where = 'polygons' in area ? (area.label ?? formatArea(area.bbox)) : formatArea(area);
  return [`in ${where}`, ...parts].join(' · ');
}
