// The nodes of the Explorer tree as plain data, so the model that builds them can be tested without
// VS Code and the view only has to turn each one into a tree item.
import { type ImageEntity, type MapFeatureEntity } from '../api/entities';

/** An image with its id. */
export type ExplorerImage = ImageEntity & { id: string };
/** A map feature with its id. */
export type ExplorerMapFeature = MapFeatureEntity & { id: string };

/** An organization as the tree shows it. */
export interface OrganizationInfo {
  id: string;
  name?: string;
  slug?: string;
  description?: string;
}

/** A sequence found in an area (what the coverage tiles say about it). */
export interface SequenceSummary {
  id: string;
  /** Earliest capture time seen, in milliseconds since the epoch (0 when unknown). */
  capturedAt: number;
  /** Images of the sequence inside the area (or in the listing it came from). */
  imagesInArea: number;
  isPano: boolean;
  firstImageId?: string;
  organizationId?: string;
  creatorId?: string;
  /** Extent of the sequence inside the area, `[minLon, minLat, maxLon, maxLat]`. */
  extent?: readonly [number, number, number, number];
}

interface NodeBase {
  /** Unique among the tree's nodes; stable across refreshes, so the view keeps its expansion. */
  key: string;
  /** The node this one hangs under, or undefined for a root. */
  parent: ExplorerNode | undefined;
}

/** An organization the user added. */
export interface OrganizationNode extends NodeBase {
  kind: 'organization';
  organization: OrganizationInfo;
}

/** The signed-in user's own uploads. */
export interface MyUploadsNode extends NodeBase {
  kind: 'myUploads';
  username: string;
  userId: string;
}

/** One sequence. */
export interface SequenceNode extends NodeBase {
  kind: 'sequence';
  sequence: SequenceSummary;
  /** Number of images of the whole sequence, once its ids have been read. */
  imageCount?: number;
}

/** One image. */
export interface ImageNode extends NodeBase {
  kind: 'image';
  image: ExplorerImage;
  /** Position in its sequence or list, from 1. */
  position?: number;
  /** True when the service did not return the image's metadata. */
  unavailable?: boolean;
}

/** One field of an image or map feature. */
export interface FieldNode extends NodeBase {
  kind: 'field';
  label: string;
  value: string;
}

/** The results of a search command. */
export interface SearchNode extends NodeBase {
  kind: 'search';
  title: string;
  /** What was asked, shown in the tooltip. */
  detail: string;
  what: 'images' | 'mapFeatures';
}

/** One map feature from a search. */
export interface MapFeatureNode extends NodeBase {
  kind: 'mapFeature';
  feature: ExplorerMapFeature;
}

/** "Load more…" under a long list. */
export interface LoadMoreNode extends NodeBase {
  kind: 'loadMore';
  /** Items not shown yet. */
  remaining: number;
}

/** A failed load, with what Retry does. */
export interface ErrorNode extends NodeBase {
  kind: 'error';
  message: string;
  /** 'children' reloads the parent's children; 'more' retries the last "Load more". */
  retry: 'children' | 'more';
}

/** An informational line (nothing found, no area set). */
export interface MessageNode extends NodeBase {
  kind: 'message';
  message: string;
  /** A command the line runs when clicked, if any. */
  action?: 'setArea' | 'addOrganization';
}

/** Every kind of node. */
export type ExplorerNode =
  | OrganizationNode
  | MyUploadsNode
  | SequenceNode
  | ImageNode
  | FieldNode
  | SearchNode
  | MapFeatureNode
  | LoadMoreNode
  | ErrorNode
  | MessageNode;

/** Whether a node has children to expand. */
export function isExpandable(node: ExplorerNode): boolean {
  return (
    node.kind === 'organization' ||
    node.kind === 'myUploads' ||
    node.kind === 'sequence' ||
    node.kind === 'image' ||
    node.kind === 'search' ||
    node.kind === 'mapFeature'
  );
}
