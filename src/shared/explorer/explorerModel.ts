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
  type MapFeatureNode,
  type MessageNode,
  type MyUploadsNode,
  type OrganizationInfo,
  type OrganizationNode,
  type SearchNode,
  type SequenceNode,
  type SequenceSummary,
  isExpandable,
} from './explorerNode';
import { entityFields } from './imageFacts';

/** Where the model gets its data; the extension implements it over the Mapillary client. */
export interface ExplorerSource {
  /** The organization's sequences inside the area, newest first. */
  findSequences(organizationId: string, area: Area): Promise<SequenceSummary[]>;
  /** The user's sequences (from their images), newest first. */
  listUserSequences(user: { id: string; username: string }): Promise<SequenceSummary[]>;
  /** A sequence's image ids in capture order. */
  getImageIds(sequenceId: string): Promise<string[]>;
  /** Image metadata by id (batched by the source); ids it cannot find are left out. */
  getImages(ids: readonly string[]): Promise<Map<string, ExplorerImage>>;
}

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

/** A node's children as a list read a page at a time. */
interface Pager {
  total: number;
  page(from: number, count: number): Promise<ExplorerNode[]> | ExplorerNode[];
  /** Shown when the list is empty. */
  empty?: Omit<MessageNode, 'key' | 'parent' | 'kind'>;
}

/** What the model knows about one expandable node's children. */
interface ChildState {
  status: 'loading' | 'ready' | 'error';
  promise?: Promise<ExplorerNode[]>;
  error?: ErrorNode;
  pager?: Pager;
  shown: ExplorerNode[];
  pageSize: number;
  more?: Promise<void>;
  moreError?: ErrorNode;
  loadMore?: LoadMoreNode;
  empty?: MessageNode;
}

type Listener = (node: ExplorerNode | undefined) => void;

/** A saved search: its root node and results (or, for the map's selection, the ids to read). */
interface Search {
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

/** The tree model. */
export class ExplorerModel {
  private readonly source: ExplorerSource;
  private readonly pageSizes: PageSizes;
  private readonly describeError: (error: unknown) => string;
  private readonly states = new Map<string, ChildState>();
  private readonly listeners = new Set<Listener>();
  private readonly organizations = new Map<string, OrganizationNode>();
  private readonly searches: Search[] = [];
  private searchCount = 0;
  private me: MyUploadsNode | undefined;
  private current: Area | undefined;

  constructor(options: ExplorerModelOptions) {
    this.source = options.source;
    this.pageSizes = { ...DEFAULT_PAGE_SIZES, ...options.pageSizes };
    this.describeError =
      options.describeError ??
      ((error) => (error instanceof Error ? error.message : String(error)));
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
    for (const node of this.organizations.values()) this.forget(node.key);
    this.fire(undefined);
  }

  /** Replaces the organizations (e.g. restored from storage). */
  setOrganizations(list: readonly OrganizationInfo[]): void {
    this.organizations.clear();
    for (const org of list) this.putOrganization(org);
    this.fire(undefined);
  }

  /** Adds or updates an organization; returns its node. */
  addOrganization(org: OrganizationInfo): OrganizationNode {
    const node = this.putOrganization(org);
    this.fire(undefined);
    return node;
  }

  private putOrganization(org: OrganizationInfo): OrganizationNode {
    const key = `org/${org.id}`;
    const existing = this.organizations.get(org.id);
    if (existing) {
      existing.organization = { ...org };
      return existing;
    }
    const node: OrganizationNode = {
      kind: 'organization',
      key,
      parent: undefined,
      organization: { ...org },
    };
    this.organizations.set(org.id, node);
    return node;
  }

  /** Removes an organization; returns whether it was there. */
  removeOrganization(id: string): boolean {
    const node = this.organizations.get(id);
    if (!node) return false;
    this.organizations.delete(id);
    this.forget(node.key);
    this.fire(undefined);
    return true;
  }

  /** The organizations, in the order the tree shows them. */
  listOrganizations(): OrganizationInfo[] {
    return this.sortedOrganizations().map((n) => ({ ...n.organization }));
  }

  /** Shows or hides "My uploads" for the signed-in user. */
  setAccount(user: { id: string; username: string } | undefined): void {
    if (user?.id === this.me?.userId && user?.username === this.me?.username) return;
    if (this.me) this.forget(this.me.key);
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
    this.searchCount += 1;
    const node: SearchNode = {
      kind: 'search',
      key: `search/${this.searchCount}`,
      parent: undefined,
      title,
      detail,
      what,
    };
    const listed =
      what === 'images' && !options.ranked
        ? [...items].sort((a, b) => sortTime(a) - sortTime(b))
        : [...items];
    this.searches.unshift({ node, items: listed });
    this.fire(undefined);
    return node;
  }

  /**
   * Shows the images selected on the map as one root, "Selected on the map", replacing the one
   * before; their metadata is read a page at a time. No ids removes the root. Returns the root.
   */
  setMapSelection(imageIds: readonly string[]): SearchNode | undefined {
    const before = this.searches.findIndex((s) => s.node.key.startsWith('selection/'));
    if (before >= 0) {
      const [old] = this.searches.splice(before, 1);
      if (old) this.forget(old.node.key);
    }
    if (imageIds.length === 0) {
      this.fire(undefined);
      return undefined;
    }
    this.searchCount += 1;
    const node: SearchNode = {
      kind: 'search',
      key: `selection/${this.searchCount}`,
      parent: undefined,
      title: `Selected on the map (${imageIds.length})`,
      detail: 'The images box-selected on the map',
      what: 'images',
    };
    this.searches.unshift({ node, items: [], ids: [...imageIds] });
    this.fire(undefined);
    return node;
  }

  /** The ids of a search's results, or of the map's selection (none for a root no longer there). */
  searchIds(node: SearchNode): string[] {
    const search = this.searches.find((s) => s.node.key === node.key);
    if (search?.ids) return [...search.ids];
    return search?.items.map((i) => i.id) ?? [];
  }

  /** Removes a search root. */
  removeSearch(node: SearchNode): void {
    const index = this.searches.findIndex((s) => s.node.key === node.key);
    if (index < 0) return;
    this.searches.splice(index, 1);
    this.forget(node.key);
    this.fire(undefined);
  }

  private sortedOrganizations(): OrganizationNode[] {
    const name = (n: OrganizationNode) =>
      (n.organization.name ?? n.organization.slug ?? n.organization.id).toLowerCase();
    return [...this.organizations.values()].sort(
      (a, b) => name(a).localeCompare(name(b)) || a.key.localeCompare(b.key),
    );
  }

  /** The roots: My uploads, the organizations by name, then searches newest first. */
  roots(): ExplorerNode[] {
    return [
      ...(this.me ? [this.me] : []),
      ...this.sortedOrganizations(),
      ...this.searches.map((s) => s.node),
    ];
  }

  /** The parent of a node (for reveal). */
  parent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  /** Whether a node's children are being loaded (for a progress indicator). */
  isLoading(node: ExplorerNode): boolean {
    const target = node.kind === 'loadMore' ? node.parent : node;
    if (!target) return false;
    const state = this.states.get(target.key);
    return state?.status === 'loading' || state?.more !== undefined;
  }

  /**
   * A node's children (the roots for undefined). Never rejects: a failure becomes an error node,
   * and concurrent calls for a node share one load.
   */
  async children(node?: ExplorerNode): Promise<ExplorerNode[]> {
    try {
      if (!node) return this.roots();
      if (!isExpandable(node)) return [];
      let state = this.states.get(node.key);
      if (!state) state = this.start(node);
      if (state.status === 'loading' && state.promise) return await state.promise;
      return this.render(node, state);
    } catch (error) {
      // Only a bug gets here; it must still not break the view.
      return node ? [this.errorNode(node, error, 'children')] : [];
    }
  }

  private pageSize(node: ExplorerNode): number {
    if (node.kind === 'sequence') return this.pageSizes.images;
    if (node.kind === 'organization' || node.kind === 'myUploads') return this.pageSizes.sequences;
    if (node.kind === 'search') return this.pageSizes.results;
    // Field lists are short: show them whole.
    return Number.MAX_SAFE_INTEGER;
  }

  private start(node: ExplorerNode): ChildState {
    const state: ChildState = { status: 'loading', shown: [], pageSize: this.pageSize(node) };
    this.states.set(node.key, state);
    state.promise = (async () => {
      try {
        const pager = await this.open(node);
        const first = await pager.page(0, state.pageSize);
        if (this.states.get(node.key) !== state) return this.children(node);
        state.pager = pager;
        state.shown = first;
        state.status = 'ready';
        // The sequence's label shows the full count now that it is known.
        if (node.kind === 'sequence') queueMicrotask(() => this.fire(node));
      } catch (error) {
        if (this.states.get(node.key) !== state) return this.children(node);
        state.status = 'error';
        state.error = this.errorNode(node, error, 'children');
      }
      state.promise = undefined;
      return this.render(node, state);
    })();
    return state;
  }

  private render(node: ExplorerNode, state: ChildState): ExplorerNode[] {
    if (state.status === 'error' && state.error) return [state.error];
    const pager = state.pager;
    if (!pager) return [];
    if (pager.total === 0 && pager.empty) {
      state.empty ??= { kind: 'message', key: `${node.key}/msg`, parent: node, ...pager.empty };
      return [state.empty];
    }
    const out = [...state.shown];
    if (state.moreError) out.push(state.moreError);
    else if (state.shown.length < pager.total) {
      state.loadMore ??= { kind: 'loadMore', key: `${node.key}/more`, parent: node, remaining: 0 };
      state.loadMore.remaining = pager.total - state.shown.length;
      out.push(state.loadMore);
    }
    return out;
  }

  private errorNode(parent: ExplorerNode, error: unknown, retry: ErrorNode['retry']): ErrorNode {
    return {
      kind: 'error',
      key: `${parent.key}/error`,
      parent,
      message: this.describeError(error),
      retry,
    };
  }

  /** Shows the next page under the parent of a "Load more…" node; one load at a time. */
  loadMore(node: LoadMoreNode | ExplorerNode): Promise<void> {
    const parent = node.kind === 'loadMore' || node.kind === 'error' ? node.parent : node;
    if (!parent) return Promise.resolve();
    const state = this.states.get(parent.key);
    const pager = state?.pager;
    if (!state || state.status !== 'ready' || !pager) return Promise.resolve();
    if (state.more) return state.more;
    if (state.shown.length >= pager.total) return Promise.resolve();
    state.more = (async () => {
      // Only the "Load more…" row changes now (it shows that it is loading); refreshing the parent
      // twice in quick succession can make the view lose the parent's expansion.
      if (state.loadMore) this.fire(state.loadMore);
      try {
        const next = await pager.page(state.shown.length, state.pageSize);
        if (this.states.get(parent.key) !== state) return;
        state.shown.push(...next);
        state.moreError = undefined;
      } catch (error) {
        state.moreError = this.errorNode(parent, error, 'more');
      } finally {
        state.more = undefined;
      }
      this.fire(parent);
    })();
    return state.more;
  }

  /** What an error node's Retry does: reload its parent's children or repeat "Load more". */
  retry(node: ErrorNode): Promise<void> {
    const parent = node.parent;
    if (!parent) return Promise.resolve();
    if (node.retry === 'more') {
      const state = this.states.get(parent.key);
      if (state) state.moreError = undefined;
      return this.loadMore(parent);
    }
    this.refresh(parent);
    return Promise.resolve();
  }

  /** Forgets what was loaded under a node (every node when undefined) and tells the view. */
  refresh(node?: ExplorerNode): void {
    if (!node) this.states.clear();
    else this.forget(node.key);
    this.fire(node);
  }

  private forget(key: string): void {
    for (const k of [...this.states.keys()]) {
      if (k === key || k.startsWith(`${key}/`)) this.states.delete(k);
    }
  }

  /** Image nodes already loaded that show this image. */
  loadedImages(imageId: string): ImageNode[] {
    const out: ImageNode[] = [];
    for (const state of this.states.values()) {
      for (const child of state.shown) {
        if (child.kind === 'image' && child.image.id === imageId) out.push(child);
      }
    }
    return out;
  }

  /** Sequence nodes already loaded that show this sequence. */
  loadedSequences(sequenceId: string): SequenceNode[] {
    const out: SequenceNode[] = [];
    for (const state of this.states.values()) {
      for (const child of state.shown) {
        if (child.kind === 'sequence' && child.sequence.id === sequenceId) out.push(child);
      }
    }
    return out;
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
    for (const sequence of this.loadedSequences(sequenceId)) {
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

  private async open(node: ExplorerNode): Promise<Pager> {
    switch (node.kind) {
      case 'organization': {
        if (!this.current) {
          return {
            total: 0,
            page: () => [],
            empty: { message: 'Set an area to list sequences…', action: 'setArea' },
          };
        }
        const sequences = await this.source.findSequences(node.organization.id, this.current);
        return this.sequencePager(
          node,
          sequences,
          `No imagery of ${node.organization.name ?? node.organization.id} in this area.`,
        );
      }
      case 'myUploads': {
        const sequences = await this.source.listUserSequences({
          id: node.userId,
          username: node.username,
        });
        return this.sequencePager(node, sequences, 'You have no uploads yet.');
      }
      case 'sequence': {
        const ids = await this.source.getImageIds(node.sequence.id);
        node.imageCount = ids.length;
        return {
          total: ids.length,
          empty: { message: 'The service lists no images for this sequence.' },
          page: async (from, count) => {
            const slice = ids.slice(from, from + count);
            const found = await this.source.getImages(slice);
            return slice.map((id, i): ImageNode => {
              const image = found.get(id);
              return {
                kind: 'image',
                key: `${node.key}/img/${id}`,
                parent: node,
                image: image ?? { id },
                position: from + i + 1,
                unavailable: image === undefined,
              };
            });
          },
        };
      }
      case 'image':
      case 'mapFeature': {
        const entity = node.kind === 'image' ? node.image : node.feature;
        const fields = entityFields(entity).map((fact): ExplorerNode => ({
          kind: 'field',
          key: `${node.key}/f/${fact.label}`,
          parent: node,
          label: fact.label,
          value: fact.value,
        }));
        return { total: fields.length, page: (from, count) => fields.slice(from, from + count) };
      }
      case 'search': {
        const search = this.searches.find((s) => s.node.key === node.key);
        if (search?.ids) return this.imagePager(node, search.ids);
        const items = search?.items ?? [];
        return {
          total: items.length,
          empty: { message: 'Nothing matched.' },
          page: (from, count) =>
            items.slice(from, from + count).map((item, i): ImageNode | MapFeatureNode =>
              node.what === 'images'
                ? {
                    kind: 'image',
                    key: `${node.key}/img/${item.id}`,
                    parent: node,
                    image: item,
                    position: from + i + 1,
                  }
                : {
                    kind: 'mapFeature',
                    key: `${node.key}/mf/${item.id}`,
                    parent: node,
                    feature: item,
                  },
            ),
        };
      }
      default:
        return { total: 0, page: () => [] };
    }
  }

  // Images by id under `parent`, their metadata read a page at a time, in the order given.
  private imagePager(parent: ExplorerNode, ids: readonly string[]): Pager {
    return {
      total: ids.length,
      empty: { message: 'Nothing selected.' },
      page: async (from, count) => {
        const slice = ids.slice(from, from + count);
        const found = await this.source.getImages(slice);
        return slice.map((id, i): ImageNode => {
          const image = found.get(id);
          return {
            kind: 'image',
            key: `${parent.key}/img/${id}`,
            parent,
            image: image ?? { id },
            position: from + i + 1,
            unavailable: image === undefined,
          };
        });
      },
    };
  }

  private sequencePager(
    parent: ExplorerNode,
    sequences: readonly SequenceSummary[],
    emptyMessage: string,
  ): Pager {
    const nodes = sequences.map((sequence): SequenceNode => ({
      kind: 'sequence',
      key: `${parent.key}/seq/${sequence.id}`,
      parent,
      sequence,
    }));
    return {
      total: nodes.length,
      empty: { message: emptyMessage },
      page: (from, count) => nodes.slice(from, from + count),
    };
  }
}
