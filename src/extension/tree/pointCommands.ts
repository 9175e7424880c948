// "Images Near Here" and "Images Looking at Here": the point queries from the map's context menu
// (its argument is the point right-clicked, `{lon, lat}`), or from the palette at the map's centre.
// The results become a search entry in the Explorer, ranked (nearest first, or the most squarely
// facing first), and the best one is opened.
import { type PointQueryKind, findImagesAtPoint } from '../../core/explorer/pointSearch';
import { IMAGE_SEARCH_FIELDS } from '../../shared/api/fields';
import { DEFAULT_LOOK_ANGLE, DEFAULT_RADIUS_M } from '../../shared/geo/pointQueries';
import { type MapPoint, mapPointSchema } from '../../shared/messages';
import { type ExplorerCommand, type ExplorerContext } from './explorerCommand';

/** The point of the command's argument, else the map's centre; undefined when there is neither. */
function pointOf(context: ExplorerContext, args: readonly unknown[]): MapPoint | undefined {
  if (args[0] !== undefined) {
    const parsed = mapPointSchema.safeParse(args[0]);
    if (!parsed.success) throw new Error('The point must be {lon, lat} in degrees.');
    return parsed.data;
  }
  const view = context.map.lastView();
  return view ? { lat: view.center[0], lon: view.center[1] } : undefined;
}

function fixed(n: number): string {
  return String(Number(n.toFixed(6)));
}

async function pointQuery(
  context: ExplorerContext,
  args: readonly unknown[],
  kind: PointQueryKind,
): Promise<number | undefined> {
  const point = pointOf(context, args);
  if (!point) {
    context.ui.info('Mapillary: right-click a place on the map and choose the query there.');
    return undefined;
  }
  const where = `${fixed(point.lon)},${fixed(point.lat)}`;
  const title = kind === 'closeTo' ? `Images near ${where}` : `Images looking at ${where}`;
  const result = await context.ui.notify(`${title}…`, true, async (_report, signal) =>
    findImagesAtPoint(await context.api(), point.lon, point.lat, {
      kind,
      radiusM: DEFAULT_RADIUS_M,
      angle: DEFAULT_LOOK_ANGLE,
      filters: { fields: [...IMAGE_SEARCH_FIELDS, 'thumb_256_url'] },
      signal,
    }),
  );
  const order =
    kind === 'closeTo'
      ? `within ${DEFAULT_RADIUS_M} m · nearest first`
      : `within ${DEFAULT_RADIUS_M} m, facing it within ±${DEFAULT_LOOK_ANGLE}° · most squarely first`;
  const images = result.images.map((found) => found.image.entity);
  // The ranking is the answer: it is kept rather than put in capture order.
  const node = context.model.addSearch(`${title} (${images.length})`, order, 'images', images, {
    ranked: true,
  });
  await context.reveal(node, { expand: true });
  if (!result.complete) {
    context.ui.warn(
      'Mapillary: the place holds too many images to read them all: some may be missing.',
    );
  }
  const best = images[0];
  if (best) await context.openImage(best.id);
  else
    context.ui.info(
      `Mapillary: no image ${kind === 'closeTo' ? 'near' : 'looking at'} this place.`,
    );
  return images.length;
}

/** The images within 100 m of the point, nearest first; returns how many. */
export const imagesNearHere: ExplorerCommand = (context, { args }) =>
  pointQuery(context, args, 'closeTo');

/** The images within 100 m that face the point, the most squarely facing first. */
export const imagesLookingAtHere: ExplorerCommand = (context, { args }) =>
  pointQuery(context, args, 'lookingAt');
