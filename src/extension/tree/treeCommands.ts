// The commands on the tree itself: reload it (or one node), load the next page of a long list,
// try a failed node again, and copy the id a node stands for.
import { type ExplorerNode } from '../../shared/explorer/explorerNode';
import { type ExplorerCommand, isNode, onNode } from './explorerCommand';

/** Reloads the node given as the argument, else the whole tree. */
export const refresh: ExplorerCommand = (context, { args }) => {
  const [first] = args;
  context.model.refresh(isNode(first) ? first : undefined);
  return Promise.resolve(undefined);
};

/** Loads the next page of the node's list. */
export const loadMore: ExplorerCommand = async (context, { node }) => {
  if (node) await context.model.loadMore(node);
  return undefined;
};

/** Tries an error node's request again. */
export const retry: ExplorerCommand = async (context, { node }) => {
  if (node?.kind === 'error') await context.model.retry(node);
  return undefined;
};

/** Copies the node's id; returns it. */
export const copyId: ExplorerCommand = onNode(async (context, node) => {
  const id = nodeId(node);
  if (!id) return undefined;
  await context.ui.copy(id);
  context.ui.status(`Copied ${id}`);
  return id;
});

/** The id a node stands for (the user's for "My uploads"), if any. */
export function nodeId(node: ExplorerNode): string | undefined {
  switch (node.kind) {
    case 'image':
      return node.image.id;
    case 'sequence':
      return node.sequence.id;
    case 'organization':
      return node.organization.id;
    case 'mapFeature':
      return node.feature.id;
    case 'myUploads':
      return node.userId;
    default:
      return undefined;
  }
}
