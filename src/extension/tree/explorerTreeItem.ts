// Turns the model's nodes into VS Code tree items: labels, descriptions, icons, tooltips (an
// image's with its thumbnail), the context value menus key on, and the command a click runs.
import * as vscode from 'vscode';
import { type ExplorerNode } from '../../shared/explorer/explorerNode';
import {
  escapeMarkdown,
  imageText,
  mapFeatureText,
  sequenceText,
} from '../../shared/explorer/imageFacts';

/**
 * The tree item of a node; `loading` turns a "Load more…" node into a spinner. An image's tooltip
 * is left out: it is resolved on hover, with its thumbnail.
 */
export function explorerTreeItem(node: ExplorerNode, loading: boolean): vscode.TreeItem {
  const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
  const none = vscode.TreeItemCollapsibleState.None;
  let item: vscode.TreeItem;
  switch (node.kind) {
    case 'organization': {
      const org = node.organization;
      item = new vscode.TreeItem(org.name ?? org.slug ?? org.id, collapsed);
      item.description = org.slug;
      const tooltip = new vscode.MarkdownString();
      tooltip.appendMarkdown(`**${escapeMarkdown(org.name ?? org.id)}**`);
      if (org.slug) tooltip.appendMarkdown(` (${escapeMarkdown(org.slug)})`);
      tooltip.appendMarkdown(`\n\nOrganization ${escapeMarkdown(org.id)}`);
      if (org.description) tooltip.appendMarkdown(`\n\n${escapeMarkdown(org.description)}`);
      item.tooltip = tooltip;
      item.iconPath = new vscode.ThemeIcon('organization');
      break;
    }
    case 'myUploads':
      item = new vscode.TreeItem('My uploads', collapsed);
      item.description = node.username;
      item.tooltip = `Sequences uploaded by ${node.username}`;
      item.iconPath = new vscode.ThemeIcon('account');
      break;
    case 'sequence': {
      const text = sequenceText(node.sequence, node.imageCount);
      item = new vscode.TreeItem(text.label, collapsed);
      item.description = text.description;
      item.tooltip = `Sequence ${node.sequence.id}\n${text.description}`;
      item.iconPath = new vscode.ThemeIcon(node.sequence.isPano ? 'globe' : 'git-commit');
      break;
    }
    case 'image': {
      const text = imageText(node.image, node.position, node.parent?.kind === 'search');
      item = new vscode.TreeItem(text.label, node.unavailable ? none : collapsed);
      item.description = node.unavailable ? `${node.image.id} · not available` : text.description;
      // The tooltip, with a freshly downloaded thumbnail, is made on hover (resolveTreeItem).
      item.iconPath = new vscode.ThemeIcon(node.image.is_pano ? 'globe' : 'device-camera');
      break;
    }
    case 'mapFeature': {
      const text = mapFeatureText(node.feature);
      item = new vscode.TreeItem(text.label, collapsed);
      item.description = text.description;
      item.iconPath = new vscode.ThemeIcon('symbol-misc');
      break;
    }
    case 'field':
      item = new vscode.TreeItem(node.label, none);
      item.description = node.value;
      item.tooltip = `${node.label}: ${node.value}`;
      break;
    case 'search':
      item = new vscode.TreeItem(node.title, collapsed);
      item.description = node.detail;
      item.tooltip = `${node.title}\n${node.detail}`;
      item.iconPath = new vscode.ThemeIcon('search');
      break;
    case 'loadMore':
      item = new vscode.TreeItem(loading ? 'Loading…' : 'Load more…', none);
      item.description = `${node.remaining} more`;
      item.iconPath = new vscode.ThemeIcon(loading ? 'loading~spin' : 'ellipsis');
      item.command = {
        command: 'mapillary.explorer.loadMore',
        title: 'Load More',
        arguments: [node],
      };
      break;
    case 'error':
      item = new vscode.TreeItem(`Error: ${node.message}`, none);
      item.tooltip = `${node.message}\n\nClick to retry.`;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.command = { command: 'mapillary.explorer.retry', title: 'Retry', arguments: [node] };
      break;
    case 'message':
      item = new vscode.TreeItem(node.message, none);
      item.iconPath = new vscode.ThemeIcon('info');
      if (node.action === 'setArea') {
        item.command = { command: 'mapillary.explorer.setArea', title: 'Set Area' };
      } else if (node.action === 'addOrganization') {
        item.command = { command: 'mapillary.explorer.addOrganization', title: 'Add Organization' };
      }
      break;
  }
  item.id = node.key;
  // Menus tell an image search (whose results can be exported) from a map feature search.
  item.contextValue = node.kind === 'search' ? `search.${node.what}` : node.kind;
  return item;
}
