// The COCO annotation file of a detections export, written from the stored images in three passes
// so that it never holds more than one image: the first decodes every detection to learn the
// classes (categories are numbered in alphabetical order, and annotations name them by number), the
// second lists every image asked for, with detections or without (images without any are the
// negatives training needs), and the third writes the annotations. `info` says which classes were
// asked for (`*` for all). Images: numbered in input order, with the Mapillary id and the file name
// the download job gives the original. Annotations: pixel polygons, area and box. The bytes are
// what `JSON.stringify` gives for the whole object, on one line.
import { isId } from '../../shared/ids';
import { type Ring } from '../../shared/detections/polygonRings';
import {
  type Decoded,
  type StoredDetectionImage,
  decodeImage,
  isSized,
  round,
} from './detectionFormats';
import { type SkippedItem } from './jobTypes';
import { type TextSink, writeTextOutput } from './textOutput';

/** What {@link writeCoco} needs. */
export interface CocoArgs {
  file: string;
  /** The stored images in input order; called once per pass. */
  images: () => AsyncIterable<StoredDetectionImage>;
  /** The classes asked for (values or `*` patterns); empty for all. */
  classes: readonly string[];
  skipped: SkippedItem[];
  /** The picture size the file names point to (default the original). */
  size?: string;
}

function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, y0] = ring[i] as [number, number];
    const [x1, y1] = ring[i + 1] as [number, number];
    sum += x0 * y1 - x1 * y0;
  }
  return Math.abs(sum) / 2;
}

/**
 * An annotation of one detection. COCO polygons have no holes: each polygon's outer ring is the
 * segmentation, and its area subtracts the holes.
 */
function annotation(d: Decoded, id: number, imageNumber: number, category: number | undefined) {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let area = 0;
  const segmentation: number[][] = [];
  for (const polygon of d.pixels ?? []) {
    const [outer, ...holes] = polygon;
    if (!outer) continue;
    area += ringArea(outer) - holes.reduce((sum, hole) => sum + ringArea(hole), 0);
    segmentation.push(outer.flatMap(([x, y]) => [round(x, 2), round(y, 2)]));
    for (const [x, y] of outer) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  return {
    id,
    mapillary_id: d.detection.id,
    image_id: imageNumber,
    category_id: category,
    segmentation,
    area: round(area, 2),
    bbox: [round(minX, 2), round(minY, 2), round(maxX - minX, 2), round(maxY - minY, 2)],
    iscrowd: 0,
  };
}

/** Writes `items` as the elements of a JSON array, comma separated. */
async function writeList(sink: TextSink, items: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const item of items) {
    await sink.write(`${count > 0 ? ',' : ''}${JSON.stringify(item)}`);
    count += 1;
  }
  return count;
}

/** Writes the COCO file; returns the annotations written. Images without a size are skipped. */
export function writeCoco(args: CocoArgs): Promise<number> {
  const size = args.size ?? 'original';
  return writeTextOutput(args.file, async (sink) => {
    const values = new Set(args.classes.filter((c) => !c.includes('*')));
    for await (const image of args.images()) {
      if (!isSized(image)) {
        args.skipped.push({ id: image.id, reason: 'image size unknown' });
        continue;
      }
      for (const d of decodeImage(image, (item) => args.skipped.push(item))) {
        values.add(d.detection.value);
      }
    }
    const names = [...values].sort();
    const category = new Map(names.map((value, i) => [value, i + 1]));
    const info = {
      description: 'Mapillary detections',
      version: '1.0',
      requested_classes: args.classes.length > 0 ? [...args.classes] : ['*'],
    };
    await sink.write(`{"info":${JSON.stringify(info)},"images":[`);
    const images = args.images;
    await writeList(
      sink,
      (async function* () {
        let number = 0;
        for await (const image of images()) {
          if (!isSized(image)) continue;
          number += 1;
          // The download job's file name; a sequence id that cannot name a folder names none here.
          const folder =
            image.sequence && isId('sequence', image.sequence) ? image.sequence : 'unknown';
          yield {
            id: number,
            mapillary_id: image.id,
            file_name: `${folder}/${image.id}_${size}.jpg`,
            width: image.width,
            height: image.height,
          };
        }
      })(),
    );
    await sink.write('],"annotations":[');
    const written = await writeList(
      sink,
      (async function* () {
        let number = 0;
        let id = 0;
        for await (const image of images()) {
          if (!isSized(image)) continue;
          number += 1;
          for (const d of decodeImage(image)) {
            id += 1;
            yield annotation(d, id, number, category.get(d.detection.value));
          }
        }
      })(),
    );
    const categories = names.map((name) => ({
      id: category.get(name),
      name,
      supercategory: name.split('--')[0] ?? name,
    }));
    await sink.write(`],"categories":${JSON.stringify(categories)}}\n`);
    return written;
  });
}
