// The commands on the Explorer's area (the `mapillary.area` setting): set it from text, from the
// map's view, or to a GeoJSON file of the workspace. Each returns the area as written.
import { type Bbox } from '../../shared/api/bbox';
import {
  MAX_VIEW_AREA_TILES,
  formatArea,
  isAreaFileText,
  parseArea,
} from '../../shared/explorer/areaText';
import { viewArea } from '../../shared/explorer/viewArea';
import { type ExplorerCommand, type ExplorerContext, textArgument } from './explorerCommand';

async function apply(context: ExplorerContext, bbox: Bbox): Promise<string> {
  await context.writeArea(bbox);
  context.model.setArea(bbox);
  return formatArea(bbox);
}

/**
 * Sets the area from the argument (a bbox, or a `.geojson` file of the workspace; refused when it
 * does not parse) or from what is typed.
 */
export const setArea: ExplorerCommand = async (context, { args }) => {
  const given = textArgument(args);
  let bbox: Bbox | undefined;
  if (given !== undefined && isAreaFileText(given))
    return useAsArea(context, { node: undefined, args });
  if (given !== undefined) {
    // Any size: a large area's listing says what it may cost and asks first.
    const parsed = parseArea(given, Infinity);
    if (!parsed.ok) throw new Error(parsed.message);
    bbox = parsed.bbox;
  } else {
    const current = context.model.area;
    bbox = await context.ui.prompts.area(current?.kind === 'bbox' ? current.bbox : undefined);
  }
  return bbox ? apply(context, bbox) : undefined;
};

/** Sets the area to what the map shows (or showed last). */
export const setAreaFromMap: ExplorerCommand = async (context) => {
  const view = context.map.lastView();
  if (!view) {
    context.ui.info('Mapillary: open the map and move it to the area first.');
    return undefined;
  }
  const parsed = parseArea(formatArea(viewArea(view.center, view.zoom)), MAX_VIEW_AREA_TILES);
  if (!parsed.ok) {
    throw new Error(`The map's view cannot be the area: ${parsed.message} Zoom the map in.`);
  }
  return apply(context, parsed.bbox);
};

/** Makes a GeoJSON file of the workspace the area (the file clicked, or a path argument). */
export const useAsArea: ExplorerCommand = async (context, { args }) => {
  const [file] = args;
  if (file === undefined) {
    context.ui.info(
      'Mapillary: right-click a .geojson file in the Explorer and choose "Use as Area".',
    );
    return undefined;
  }
  const area = await context.useAreaFile(file);
  context.model.setArea(area);
  context.ui.status(`Mapillary: the area is ${area.label ?? 'the shape'}`);
  return area.label;
};
