// Registers the Explorer tree view and its commands at activation without loading the code behind
// them: the view's provider and every command forward to the Explorer in features.js, which is
// loaded the first time the view asks for its children or a command runs.
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../shared/explorer/explorerNode';
import { EXPLORER_COMMANDS, EXPLORER_VIEW_ID, type ExplorerCommandId } from './explorerCommandIds';

/** The view's data, as the loaded Explorer provides it. */
export interface ExplorerTreeData {
  getTreeItem(node: ExplorerNode): vscode.TreeItem;
  getChildren(node?: ExplorerNode): Promise<ExplorerNode[]>;
  getParent(node: ExplorerNode): ExplorerNode | undefined;
  /** Fills in what is costly to show (an image's thumbnail) when the item is hovered. */
  resolveTreeItem(
    item: vscode.TreeItem,
    node: ExplorerNode,
    token: vscode.CancellationToken,
  ): Promise<vscode.TreeItem>;
}

/** What the loaded Explorer offers the registration. */
export interface ExplorerHandlers {
  readonly tree: ExplorerTreeData;
  /** Runs a command with the arguments VS Code passed; never throws. */
  run(command: ExplorerCommandId, args: unknown[]): Promise<unknown>;
}

/** What the loaded Explorer gets from the registration: the view and its change event. */
export interface ExplorerTreeHost {
  readonly view: vscode.TreeView<ExplorerNode>;
  /** Tells the view a node (or the whole tree, for undefined) changed. */
  changed(node: ExplorerNode | undefined): void;
}

/** Creates the view and registers the commands; `load` gives the Explorer on first use. */
export function registerExplorer(
  context: vscode.ExtensionContext,
  load: (host: ExplorerTreeHost) => Promise<ExplorerHandlers>,
): ExplorerTreeHost {
  const changes = new vscode.EventEmitter<ExplorerNode | undefined>();
  let explorer: Promise<ExplorerHandlers> | undefined;
  const get = (): Promise<ExplorerHandlers> => (explorer ??= load(host));
  const provider: vscode.TreeDataProvider<ExplorerNode> = {
    onDidChangeTreeData: changes.event,
    getTreeItem: async (node) => (await get()).tree.getTreeItem(node),
    getChildren: async (node) => {
      try {
        return await (await get()).tree.getChildren(node);
      } catch {
        // Only a failure to load features.js gets here; the Explorer itself never throws.
        return [];
      }
    },
    getParent: async (node) => (await get()).tree.getParent(node),
    resolveTreeItem: async (item, node, token) =>
      (await get()).tree.resolveTreeItem(item, node, token),
  };
  const view = vscode.window.createTreeView(EXPLORER_VIEW_ID, {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  const host: ExplorerTreeHost = { view, changed: (node) => changes.fire(node) };
  context.subscriptions.push(
    changes,
    view,
    ...EXPLORER_COMMANDS.map((id) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) =>
        (await get()).run(id, args),
      ),
    ),
  );
  return host;
}
