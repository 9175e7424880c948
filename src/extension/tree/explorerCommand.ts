// The shape of an Explorer command: a small function over what the Explorer lends it (the model,
// the API, the window, the map). Commands live in the files of the concepts they act on and are
// listed in one table (explorerCommands.ts); none of them imports vscode, so each can be run alone.
import { type MapillaryApi } from '../../core/api/mapillaryApi';
import { type Bbox } from '../../shared/api/bbox';
import { type ExplorerModel } from '../../shared/explorer/explorerModel';
import { type Area } from '../../shared/geo/area';
import {
  type ExplorerImage,
  type ExplorerMapFeature,
  type ExplorerNode,
  type ImageNode,
} from '../../shared/explorer/explorerNode';

import { type ExplorerUi } from './explorerUi';
import { type MapLink } from './mapLink';

/** How to reveal a node in the view. */
export interface RevealOptions {
  expand: boolean;
  focus?: boolean;
}

/** What the Explorer lends its commands. */
export interface ExplorerContext {
  readonly model: ExplorerModel;
  readonly ui: ExplorerUi;
  readonly map: MapLink;
  /** The Graph API with the current settings and token. */
  api(): Promise<MapillaryApi>;
  /** Remembers the model's organizations across sessions. */
  saveOrganizations(): Promise<void>;
  /** Writes the area to the user's settings. */
  writeArea(bbox: Bbox): Promise<void>;
  /**
   * Reads a GeoJSON file of the workspace (a URI from the file explorer, or a path) as the area,
   * and saves it in the workspace's area setting; throws saying what to fix in the file.
   */
  useAreaFile(file: unknown): Promise<Area>;
  /** Opens a read-only document listing every field of an image or a map feature. */
  showDetails(
    kind: 'image' | 'map-feature',
    entity: ExplorerImage | ExplorerMapFeature,
  ): Promise<void>;
  /** Selects a node in the view once the view has taken the change that added it. */
  reveal(node: ExplorerNode, options: RevealOptions): Promise<void>;
  /** Reveals an image where it is loaded, in its sequence, or as an entry of its own. */
  revealImage(imageId: string, focus: boolean): Promise<ImageNode | undefined>;
  /** Shows an image in the street-level viewer. */
  /** Opens the image in the viewer; its sequence, when known, lets the viewer read ahead. */
  openViewer(imageId: string, sequenceId?: string): Promise<void>;
  /**
   * Opens an image: in the street-level viewer when the extension has one, else its details (as
   * Open Image does). Says which it did.
   */
  openImage(imageId: string): Promise<'viewer' | 'details'>;
}

/** What a command was called with. */
export interface ExplorerCommandInput {
  /** The clicked tree item, else the view's first selected one. */
  node: ExplorerNode | undefined;
  /** The command's arguments as VS Code passed them. */
  args: readonly unknown[];
}

/** One command. What it returns is the command's result (the tests read it). */
export type ExplorerCommand = (
  context: ExplorerContext,
  input: ExplorerCommandInput,
) => Promise<unknown>;

/** A command that acts on a tree item; without one it says how to pick one. */
export function onNode(
  run: (context: ExplorerContext, node: ExplorerNode, args: readonly unknown[]) => Promise<unknown>,
): ExplorerCommand {
  return async (context, { node, args }) => {
    if (!node) {
      context.ui.info('Mapillary: select an item in the Mapillary Explorer first.');
      return undefined;
    }
    return run(context, node, args);
  };
}

/** Whether a command argument is a tree node (VS Code passes the clicked item first). */
export function isNode(value: unknown): value is ExplorerNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { key?: unknown }).key === 'string' &&
    typeof (value as { kind?: unknown }).kind === 'string'
  );
}

/** The first argument when it is text (a command run with its input given). */
export function textArgument(args: readonly unknown[]): string | undefined {
  return typeof args[0] === 'string' ? args[0] : undefined;
}

/** The first argument when it is an object other than a node (filters given as an argument). */
export function objectArgument(args: readonly unknown[]): Record<string, unknown> | undefined {
  const [first] = args;
  return typeof first === 'object' && first !== null && !isNode(first)
    ? (first as Record<string, unknown>)
    : undefined;
}
