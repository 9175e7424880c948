// The commands between the tree and the map: show a tree item on the map, and reveal in the tree
// the image selected on the map.
import { type MapView } from '../../shared/messages';
import { type ExplorerNode } from '../../shared/explorer/explorerNode';
import { isId } from '../../shared/ids';
import {
  type ExplorerCommand,
  type ExplorerContext,
  onNode,
  textArgument,
} from './explorerCommand';

/** Zoom the map shows one image or map feature at. */
const POINT_ZOOM = 18;
/** Zoom the map shows a sequence at. */
const SEQUENCE_ZOOM = 16;
/** Zoom the map shows the area at. */
const AREA_ZOOM = 15;

/** Where the map shows a node, and the sequences drawn highlighted; undefined when nowhere. */
function target(
  context: ExplorerContext,
  node: ExplorerNode,
): { view: MapView | undefined; sequenceIds: readonly string[] } | undefined {
  switch (node.kind) {
    case 'image': {
      const [lng, lat] =
        node.image.computed_geometry?.coordinates ?? node.image.geometry?.coordinates ?? [];
      if (lng === undefined || lat === undefined) return undefined;
      return {
        view: { center: [lat, lng], zoom: POINT_ZOOM },
        sequenceIds: node.image.sequence ? [node.image.sequence] : [],
      };
    }
    case 'sequence': {
      const extent = node.sequence.extent;
      return {
        view: extent
          ? {
              center: [(extent[1] + extent[3]) / 2, (extent[0] + extent[2]) / 2],
              zoom: SEQUENCE_ZOOM,
            }
          : undefined,
        sequenceIds: [node.sequence.id],
      };
    }
    case 'mapFeature': {
      const [lng, lat] = node.feature.geometry?.coordinates ?? [];
      if (lng === undefined || lat === undefined) return undefined;
      return { view: { center: [lat, lng], zoom: POINT_ZOOM }, sequenceIds: [] };
    }
    case 'organization': {
      const area = context.model.area?.bbox;
      if (!area) return undefined;
      return {
        view: { center: [(area[1] + area[3]) / 2, (area[0] + area[2]) / 2], zoom: AREA_ZOOM },
        sequenceIds: [],
      };
    }
    default:
      return undefined;
  }
}

/**
 * Moves the map to a node and highlights its sequence. With `open`, the map is opened (or revealed
 * without taking the focus); without, only an open map follows, and an organization does not
 * move it (selecting one in the tree should not throw the map back to the whole area).
 */
export function showNodeOnMap(context: ExplorerContext, node: ExplorerNode, open: boolean): void {
  const { map, ui } = context;
  if (node.kind === 'organization' && !open) return;
  const found = target(context, node);
  if (!found) {
    if (open && node.kind === 'image') ui.info('Mapillary: this image has no position.');
    return;
  }
  if (open) map.show(found.view, { preserveFocus: true });
  else if (!map.isOpen()) return;
  else if (found.view) map.moveTo(found.view);
  map.highlightSequences(found.sequenceIds);
}

/** Shows the tree item on the map, opening the map. */
export const showOnMap: ExplorerCommand = onNode((context, node) => {
  showNodeOnMap(context, node, true);
  return Promise.resolve(undefined);
});

/** Reveals in the tree the image given (the viewer's), else the first of the map's selection. */
export const revealInTree: ExplorerCommand = async (context, { args }) => {
  const given = textArgument(args);
  if (given !== undefined && isId('image', given)) {
    await context.revealImage(given, true);
    return given;
  }
  const first = context.map.selection()[0];
  if (!first) {
    context.ui.info('Mapillary: select images on the map first.');
    return undefined;
  }
  await context.revealImage(first, true);
  return undefined;
};
