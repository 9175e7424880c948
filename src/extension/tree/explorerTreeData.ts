// The tree data provider of the Explorer view: the model's nodes as tree items, their children
// (with a progress bar while they load), their parents for reveal, and an image's tooltip with its
// thumbnail, filled in on hover.
import * as vscode from 'vscode';
import { type ExplorerModel } from '../../shared/explorer/explorerModel';
import { type ExplorerNode } from '../../shared/explorer/explorerNode';
import { imageTooltipMarkdown } from '../../shared/explorer/imageFacts';
import { EXPLORER_VIEW_ID } from './explorerCommandIds';
import { type ExplorerTreeData } from './explorerRegistration';
import { explorerTreeItem } from './explorerTreeItem';
import { type ThumbnailCache } from './thumbnailCache';
import { withAbortSignal } from '../cancellation';

/** The view's data over the model. */
export class ExplorerTreeDataProvider implements ExplorerTreeData {
  constructor(
    private readonly model: ExplorerModel,
    private readonly thumbnails: ThumbnailCache,
  ) {}

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return explorerTreeItem(node, this.model.isLoading(node));
  }

  getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    const children = this.model.children(node);
    if (node) {
      // A progress bar across the view while a node's children load.
      void vscode.window.withProgress({ location: { viewId: EXPLORER_VIEW_ID } }, () => children);
    }
    return children;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return this.model.parent(node);
  }

  async resolveTreeItem(
    item: vscode.TreeItem,
    node: ExplorerNode,
    token: vscode.CancellationToken,
  ): Promise<vscode.TreeItem> {
    if (node.kind !== 'image' || node.unavailable || item.tooltip !== undefined) return item;
    const thumbnail = await withAbortSignal(token, (signal) =>
      this.thumbnails.dataUri(node.image.id, signal),
    );
    const tooltip = new vscode.MarkdownString(imageTooltipMarkdown(node.image, thumbnail));
    tooltip.supportHtml = false;
    item.tooltip = tooltip;
    return item;
  }
}
