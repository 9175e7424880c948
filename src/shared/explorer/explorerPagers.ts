// The lists under the Explorer's nodes, each read a page at a time: a sequence's or a selection's
// images (metadata read per page, in the order given), an organization's sequences, an entity's
// fields, and a search's results; and which of them a node opens, from where.
import { type Area } from '../geo/area';
import {
  type ExplorerImage,
  type ExplorerMapFeature,
  type ExplorerNode,
  type ImageNode,
  type MapFeatureNode,
  type MessageNode,
  type SearchNode,
  type SequenceNode,
  type SequenceSummary,
} from './explorerNode';
import { type Search } from './explorerSearches';
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

/** What a node's list is read from: the source, the Explorer's area, and the saved searches. */
export interface PagerContext {
  source: ExplorerSource;
  area: Area | undefined;
  search(node: SearchNode): Search | undefined;
}

/** A node's children as a list read a page at a time. */
export interface Pager {
  total: number;
  page(from: number, count: number): Promise<ExplorerNode[]> | ExplorerNode[];
  /** Shown when the list is empty. */
  empty?: Omit<MessageNode, 'key' | 'parent' | 'kind'>;
}

/** Reads image metadata by id; ids it cannot find are left out. */
export type GetImages = (ids: readonly string[]) => Promise<Map<string, ExplorerImage>>;

/** Images by id under `parent`, in the order given; an id the service lacks is marked unavailable. */
export function imagePager(
  getImages: GetImages,
  parent: ExplorerNode,
  ids: readonly string[],
  emptyMessage: string,
): Pager {
  return {
    total: ids.length,
    empty: { message: emptyMessage },
    page: async (from, count) => {
      const slice = ids.slice(from, from + count);
      const found = await getImages(slice);
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

/** Sequences under `parent`, as listed. */
export function sequencePager(
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

/** The fields of an image or map feature, one node each. */
export function fieldPager(node: ImageNode | MapFeatureNode): Pager {
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

/** A search's results, already read, as images or map features. */
export function resultPager(
  node: SearchNode,
  items: readonly (ExplorerImage | ExplorerMapFeature)[],
): Pager {
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
          : { kind: 'mapFeature', key: `${node.key}/mf/${item.id}`, parent: node, feature: item },
      ),
  };
}

/** The list a node opens: read from the source (once per opening) or from what is kept. */
export async function openPager(node: ExplorerNode, context: PagerContext): Promise<Pager> {
  const { source, area } = context;
  switch (node.kind) {
    case 'organization': {
      if (!area) {
        return {
          total: 0,
          page: () => [],
          empty: { message: 'Set an area to list sequences…', action: 'setArea' },
        };
      }
      const sequences = await source.findSequences(node.organization.id, area);
      return sequencePager(
        node,
        sequences,
        `No imagery of ${node.organization.name ?? node.organization.id} in this area.`,
      );
    }
    case 'myUploads': {
      const sequences = await source.listUserSequences({
        id: node.userId,
        username: node.username,
      });
      return sequencePager(node, sequences, 'You have no uploads yet.');
    }
    case 'sequence': {
      const ids = await source.getImageIds(node.sequence.id);
      node.imageCount = ids.length;
      return imagePager(
        (ids) => source.getImages(ids),
        node,
        ids,
        'The service lists no images for this sequence.',
      );
    }
    case 'image':
    case 'mapFeature':
      return fieldPager(node);
    case 'search': {
      const search = context.search(node);
      if (search?.ids) {
        return imagePager((ids) => source.getImages(ids), node, search.ids, 'Nothing selected.');
      }
      return resultPager(node, search?.items ?? []);
    }
    default:
      return { total: 0, page: () => [] };
  }
}
