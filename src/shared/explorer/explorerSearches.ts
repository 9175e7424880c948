// The Explorer's search roots, newest first: the results of image and map-feature searches, and
// the one root of the images selected on the map (its ids only; the metadata is read a page at a
// time when it is opened).
import { type ExplorerImage, type ExplorerMapFeature, type SearchNode } from './explorerNode';

/** A saved search: its root node and results (or, for the map's selection, the ids to read). */
export interface Search {
  node: SearchNode;
  items: (ExplorerImage | ExplorerMapFeature)[];
  /** Image ids whose metadata is read a page at a time (the map's selection). */
  ids?: readonly string[];
}

/** Capture time for sorting: unknown times sort last. */
function sortTime(item: ExplorerImage | ExplorerMapFeature): number {
  const t = (item as ExplorerImage).captured_at;
  return typeof t === 'number' && Number.isFinite(t) && t > 0 ? t : Number.MAX_SAFE_INTEGER;
}

/** The search roots. */
export class SearchRoots {
  private readonly searches: Search[] = [];
  private count = 0;

  /** The roots, newest first. */
  nodes(): SearchNode[] {
    return this.searches.map((s) => s.node);
  }

  /** The search a root belongs to, if it is still there. */
  find(node: SearchNode): Search | undefined {
    return this.searches.find((s) => s.node.key === node.key);
  }

  /** Adds a root; images in capture order unless `ranked` says their order is the answer. */
  add(
    title: string,
    detail: string,
    what: SearchNode['what'],
    items: readonly (ExplorerImage | ExplorerMapFeature)[],
    ranked: boolean,
  ): SearchNode {
    const node = this.node('search', title, detail, what);
    const listed =
      what === 'images' && !ranked
        ? [...items].sort((a, b) => sortTime(a) - sortTime(b))
        : [...items];
    this.searches.unshift({ node, items: listed });
    return node;
  }

  /**
   * Replaces the map's selection root with one for `imageIds` (none when empty). Returns the new
   * root and the key of the one it replaced.
   */
  setSelection(imageIds: readonly string[]): { node?: SearchNode; replaced?: string } {
    const before = this.searches.findIndex((s) => s.node.key.startsWith('selection/'));
    const replaced = before >= 0 ? this.searches.splice(before, 1)[0]?.node.key : undefined;
    if (imageIds.length === 0) return { replaced };
    const node = this.node(
      'selection',
      `Selected on the map (${imageIds.length})`,
      'The images box-selected on the map',
      'images',
    );
    this.searches.unshift({ node, items: [], ids: [...imageIds] });
    return { node, replaced };
  }

  /** The ids of a search's results, or of the map's selection (none for a root no longer there). */
  ids(node: SearchNode): string[] {
    const search = this.find(node);
    if (search?.ids) return [...search.ids];
    return search?.items.map((i) => i.id) ?? [];
  }

  /** Removes a root; false when it was not there. */
  remove(node: SearchNode): boolean {
    const index = this.searches.findIndex((s) => s.node.key === node.key);
    if (index < 0) return false;
    this.searches.splice(index, 1);
    return true;
  }

  private node(
    prefix: 'search' | 'selection',
    title: string,
    detail: string,
    what: SearchNode['what'],
  ): SearchNode {
    this.count += 1;
    return {
      kind: 'search',
      key: `${prefix}/${this.count}`,
      parent: undefined,
      title,
      detail,
      what,
    };
  }
}
