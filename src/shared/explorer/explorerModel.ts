// The Explorer tree's model, free of VS Code: which nodes hang under which, paging with "Load
// more…", one load in flight per node however often the view asks, and failures turned into error
// nodes with a Retry, so asking for children never throws. The view maps nodes to tree items and
// forwards the model's change events.
import { type Bbox } from '../api/bbox';
import { type Area, areaFromBbox, sameArea } from '../geo/area';
import {
  type ErrorNode,
  type ExplorerImage,
  type ExplorerMapFeature,
  type ExplorerNode,
  type ImageNode,
  type LoadMoreNode,
  type MyUploadsNode,
  type OrganizationInfo,
  type OrganizationNode,
  type SearchNode,
} from './explorerNode';
import { type ExplorerSource, openPager, type Pager } from './explorerPagers';

export type { ExplorerSource } from './explorerPagers';
import { SearchRoots } from './explorerSearches';
import { ChildLists } from './childLists';
import { OrganizationRoots } from './organizationRoots';

/** How many children one page shows. */
export interface PageSizes {
  sequences: number;
  images: number;
  results: number;
}

/** Default page sizes: large enough to be useful, small enough to keep the view quick. */
export const DEFAULT_PAGE_SIZES: Readonly<PageSizes> = {
  sequences: 50,
  images: 100,
  results: 100,
};

/** Options of {@link ExplorerModel}. */
export interface ExplorerModelOptions {
  source: ExplorerSource;
  pageSizes?: Partial<PageSizes>;
  /** Turns a failure into the text of an error node (default: the error's message). */
  describeError?: (error: unknown) => string;
}

type Listener = (node: ExplorerNode | undefined) => void;

/** The tree model. */
export class ExplorerModel {
  private readonly source: ExplorerSource;
  private readonly pageSizes: PageSizes;
  private readonly describeError: (error: unknown) => string;
  private readonly lists: ChildLists;
  private readonly listeners = new Set<Listener>();
  private readonly organizations = new OrganizationRoots();
  private readonly searches = new SearchRoots();
  private me: MyUploadsNode | undefined;
  private current: Area | undefined;

  constructor(options: ExplorerModelOptions) {
    this.source = options.source;
    this.pageSizes = { ...DEFAULT_PAGE_SIZES, ...options.pageSizes };
    this.describeError =
      options.describeError ??
      ((error) => (error instanceof Error ? error.message : String(error)));
    this.lists = new ChildLists({
      open: (node) => this.open(node),
      pageSize: (node) => this.pageSize(node),
      describeError: this.describeError,
      fire: (node) => this.fire(node),
    });
  }

  /** Subscribes to changes; `undefined` means the roots changed. Returns the unsubscribe. */
  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private fire(node: ExplorerNode | undefined): void {
    for (const listener of [...this.listeners]) listener(node);
  }

  /** The area organizations are listed in (and searches search). */
  get area(): Area | undefined {
    return this.current;
  }

  /** Sets the area (a bbox or any shape) and forgets every organization's sequences. */
  setArea(area: Area | Bbox | undefined): void {
    const next = area === undefined || 'polygons' in area ? area : areaFromBbox(area);
    if (sameArea(next, this.current)) return;
    this.current = next;
    for (const node of this.organizations.sorted()) this.lists.forget(node.key);
    this.fire(undefined);
  }

  /** Replaces the organizations (e.g. restored from storage). */
  setOrganizations(list: readonly OrganizationInfo[]): void {
    this.organizations.clear();
    for (const org of list) this.organizations.put(org);
    this.fire(undefined);
  }

  /** Adds or updates an organization; returns its node. */
  addOrganization(org: OrganizationInfo): OrganizationNode {
    const node = this.organizations.put(org);
    this.fire(undefined);
    return node;
  }

  /** Removes an organization; returns whether it was there. */
  removeOrganization(id: string): boolean {
    const node = this.organizations.remove(id);
    if (!node) return false;
    this.lists.forget(node.key);
    this.fire(undefined);
    return true;
  }

  /** The organizations, in the order the tree shows them. */
  listOrganizations(): OrganizationInfo[] {
    return this.organizations.sorted().map((n) => ({ ...n.organization }));
  }

  /** Shows or hides "My uploads" for the signed-in user. */
  setAccount(user: { id: string; username: string } | undefined): void {
    if (user?.id === this.me?.userId && user?.username === this.me?.username) return;
    if (this.me) this.lists.forget(this.me.key);
    this.me = user
      ? {
          kind: 'myUploads',
          key: 'me',
          parent: undefined,
          userId: user.id,
          username: user.username,
        }
      : undefined;
    this.fire(undefined);
  }

  /**
   * Adds a root with search results (searches newest first); images are listed in capture order
   * unless `ranked` says their order is the answer (nearest first, most squarely facing first).
   * Returns the root.
   */
  addSearch(
    title: string,
    detail: string,
    what: SearchNode['what'],
    items: readonly (ExplorerImage | ExplorerMapFeature)[],
    options: { ranked?: boolean } = {},
  ): SearchNode {
    const node = this.searches.add(title, detail, what, items, options.ranked ?? false);
    this.fire(undefined);
    return node;
  }

  /**
   * Shows the images selected on the map as one root, "Selected on the map", replacing the one
   * before; their metadata is read a page at a time. No ids removes the root. Returns the root.
   */
  setMapSelection(imageIds: readonly string[]): SearchNode | undefined {
    const { node, replaced } = this.searches.setSelection(imageIds);
    if (replaced) this.lists.forget(replaced);
    this.fire(undefined);
    return node;
  }

  /** The ids of a search's results, or of the map's selection (none for a root no longer there). */
  searchIds(node: SearchNode): string[] {
    return this.searches.ids(node);
  }

  /** Removes a search root. */
  removeSearch(node: SearchNode): void {
    if (!this.searches.remove(node)) return;
    this.lists.forget(node.key);
    this.fire(undefined);
  }

  /** The roots: My uploads, the organizations by name, then searches newest first. */
  roots(): ExplorerNode[] {
    return [
      ...(this.me ? [this.me] : []),
      ...this.organizations.sorted(),
      ...this.searches.nodes(),
    ];
  }

  /** The parent of a node (for reveal). */
  parent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  /** Whether a node's children are being loaded (for a progress indicator). */
  isLoading(node: ExplorerNode): boolean {
    return this.lists.isLoading(node);
  }

  /**
   * A node's children (the roots for undefined). Never rejects: a failure becomes an error node,
   * and concurrent calls for a node share one load.
   */
  children(node?: ExplorerNode): Promise<ExplorerNode[]> {
    return node ? this.lists.children(node) : Promise.resolve(this.roots());
  }

  /** Shows the next page under the parent of a "Load more…" node; one load at a time. */
  loadMore(node: LoadMoreNode | ExplorerNode): Promise<void> {
    return this.lists.loadMore(node);
  }

  /** What an error node's Retry does: reload its parent's children or repeat "Load more". */
  retry(node: ErrorNode): Promise<void> {
    return this.lists.retry(node);
  }

  /** Forgets what was loaded under a node (every node when undefined) and tells the view. */
  refresh(node?: ExplorerNode): void {
    this.lists.refresh(node);
  }

  /** Image nodes already loaded that show this image. */
  loadedImages(imageId: string): ImageNode[] {
    return this.lists.loadedImages(imageId);
  }

  private pageSize(node: ExplorerNode): number {
    if (node.kind === 'sequence') return this.pageSizes.images;
    if (node.kind === 'organization' || node.kind === 'myUploads') return this.pageSizes.sequences;
    if (node.kind === 'search') return this.pageSizes.results;
    // Field lists are short: show them whole.
    return Number.MAX_SAFE_INTEGER;
  }

  /**
   * Finds an image in the tree for "reveal": an image already loaded, or one in a loaded sequence
   * with that id (expanded and paged through, `maxPages` at most).
   */
  async locateImage(
    imageId: string,
    sequenceId?: string,
    maxPages = 20,
  ): Promise<ImageNode | undefined> {
    const loaded = this.loadedImages(imageId)[0];
    if (loaded || !sequenceId) return loaded;
    for (const sequence of this.lists.loadedSequences(sequenceId)) {
      for (let page = 0; page < maxPages; page++) {
        const children = await this.children(sequence);
        const found = children.find(
          (c): c is ImageNode => c.kind === 'image' && c.image.id === imageId,
        );
        if (found) return found;
        if (!children.some((c) => c.kind === 'loadMore')) break;
        await this.loadMore(sequence);
      }
    }
    return undefined;
  }

  private open(node: ExplorerNode): Promise<Pager> {
    return openPager(node, {
      source: this.source,
      area: this.current,
      search: (n) => this.searches.find(n),
    });
  }
}
