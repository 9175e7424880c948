// The commands on the Explorer's area (the `mapillary.area` setting): set it from text, or from the
// map's view. Both return the area as written.
import { type Bbox } from '../../shared/api/bbox';
import { formatArea, parseArea } from '../../shared/explorer/areaText';
import { viewArea } from '../../shared/explorer/viewArea';
import { type ExplorerCommand, type ExplorerContext, textArgument } from './explorerCommand';

async function apply(context: ExplorerContext, bbox: Bbox): Promise<string> {
  await context.writeArea(bbox);
  context.model.setArea(bbox);
  return formatArea(bbox);
}

/** Sets the area from the argument (refused when it does not parse) or from what is typed. */
export const setArea: ExplorerCommand = async (context, { args }) => {
  const given = textArgument(args);
  let bbox: Bbox | undefined;
  if (given !== undefined) {
    const parsed = parseArea(given);
    if (!parsed.ok) throw new Error(parsed.message);
    bbox = parsed.bbox;
  } else {
    bbox = await context.ui.prompts.area(context.model.area);
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
  const parsed = parseArea(formatArea(viewArea(view.center, view.zoom)));
  if (!parsed.ok) {
    throw new Error(`The map's view cannot be the area: ${parsed.message} Zoom the map in.`);
  }
  return apply(context, parsed.bbox);
};
