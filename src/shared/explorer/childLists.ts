// The children of the Explorer's expandable nodes: one load in flight per node however often the
// view asks, paging with "Load more…", and failures turned into error nodes with a Retry, so asking
// for children never throws.
import {
  type ErrorNode,
  type ExplorerNode,
  type ImageNode,
  type LoadMoreNode,
  type MessageNode,
  type SequenceNode,
  isExpandable,
} from './explorerNode';
import { type Pager } from './explorerPagers';

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

/** What the lists need from the model. */
export interface ChildListsDeps {
  /** The list under a node. */
  open(node: ExplorerNode): Promise<Pager>;
  /** How many children a page of this node shows. */
  pageSize(node: ExplorerNode): number;
  /** Turns a failure into the text of an error node. */
  describeError(error: unknown): string;
  /** Tells the view that a node's children changed (undefined: the roots). */
  fire(node: ExplorerNode | undefined): void;
}

/** The loaded children of every expandable node. */
export class ChildLists {
  private readonly states = new Map<string, ChildState>();

  constructor(private readonly deps: ChildListsDeps) {}

  /** Whether a node's children are being loaded (for a progress indicator). */
  isLoading(node: ExplorerNode): boolean {
    const target = node.kind === 'loadMore' ? node.parent : node;
    if (!target) return false;
    const state = this.states.get(target.key);
    return state?.status === 'loading' || state?.more !== undefined;
  }

  /**
   * A node's children. Never rejects: a failure becomes an error node, and concurrent calls for a
   * node share one load.
   */
  async children(node: ExplorerNode): Promise<ExplorerNode[]> {
    try {
      if (!isExpandable(node)) return [];
      let state = this.states.get(node.key);
      if (!state) state = this.start(node);
      if (state.status === 'loading' && state.promise) return await state.promise;
      return this.render(node, state);
    } catch (error) {
      // Only a bug gets here; it must still not break the view.
      return [this.errorNode(node, error, 'children')];
    }
  }

  private start(node: ExplorerNode): ChildState {
    const state: ChildState = { status: 'loading', shown: [], pageSize: this.deps.pageSize(node) };
    this.states.set(node.key, state);
    state.promise = (async () => {
      try {
        const pager = await this.deps.open(node);
        const first = await pager.page(0, state.pageSize);
        if (this.states.get(node.key) !== state) return this.children(node);
        state.pager = pager;
        state.shown = first;
        state.status = 'ready';
        // The sequence's label shows the full count now that it is known.
        if (node.kind === 'sequence') queueMicrotask(() => this.deps.fire(node));
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
      message: this.deps.describeError(error),
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
      if (state.loadMore) this.deps.fire(state.loadMore);
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
      this.deps.fire(parent);
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
    this.deps.fire(node);
  }

  /** Forgets what was loaded under the node with this key, without telling the view. */
  forget(key: string): void {
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
}
