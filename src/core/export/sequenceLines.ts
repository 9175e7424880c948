// The sequences layer of a GeoPackage: a line per sequence through its exported images in capture
// order. The images arrive in the export's order, not grouped by sequence, so one pass over them
// keeps, per image, only what a line needs (capture time, position and id) in flat arrays, about
// 60 bytes an image instead of the whole record; the lines are then built one sequence at a time.
import { type SequenceImages } from '../gis/gisRecords';

type Entity = Readonly<Record<string, unknown>>;

interface Points {
  times: number[];
  xs: number[];
  ys: number[];
  ids: string[];
}

function coordinates(value: unknown): [number, number] | undefined {
  const c = (value as { coordinates?: unknown } | null | undefined)?.coordinates;
  return Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number'
    ? [c[0], c[1]]
    : undefined;
}

/** Groups `images` by their `sequence`, in the order sequences first appear; yields each in turn. */
export async function* sequencesOf(images: AsyncIterable<Entity>): AsyncGenerator<SequenceImages> {
  const bySequence = new Map<string, Points>();
  for await (const image of images) {
    const sequence = image.sequence;
    if (typeof sequence !== 'string' || sequence === '') continue;
    let points = bySequence.get(sequence);
    if (!points) {
      points = { times: [], xs: [], ys: [], ids: [] };
      bySequence.set(sequence, points);
    }
    const position = coordinates(image.geometry);
    points.times.push(typeof image.captured_at === 'number' ? image.captured_at : 0);
    points.xs.push(position ? position[0] : NaN);
    points.ys.push(position ? position[1] : NaN);
    points.ids.push(String(image.id));
  }
  for (const [id, points] of bySequence) {
    bySequence.delete(id);
    yield {
      id,
      images: points.ids.map((imageId, i) => {
        const x = points.xs[i] as number;
        const y = points.ys[i] as number;
        return {
          id: imageId,
          captured_at: points.times[i],
          geometry: Number.isNaN(x) ? undefined : { type: 'Point', coordinates: [x, y] },
        };
      }),
    };
  }
}
