// Detections as machine-learning tools read them. GeoJSON: one feature per detection, a
// MultiPolygon in normalised image coordinates (x right, y down, 0..1; not geographic), with the
// image id, the value and the image's size. COCO: images (numbered, with the Mapillary id and the
// file name the download job gives the original), annotations with pixel polygons, area and box, and
// one category per value, numbered in alphabetical order. Both are deterministic for the same input.
import { isId } from '../../shared/ids';
import { decodeDetectionGeometry } from '../../shared/detections/detectionGeometry';
import { type Ring } from '../../shared/detections/polygonRings';
import { type SkippedItem } from './jobTypes';

/** A detection as the job stores it. */
export interface StoredDetection {
  id: string;
  value: string;
  /** The base64 MVT geometry. */
  geometry: string;
}

/** An image with its detections, as the job stores it. */
export interface StoredDetectionImage {
  id: string;
  sequence?: string;
  width?: number;
  height?: number;
  detections: StoredDetection[];
}

/** Output formats of the detections job. */
export type DetectionFormat = 'geojson' | 'coco';

/** One decoded detection. */
interface Decoded {
  image: StoredDetectionImage;
  detection: StoredDetection;
  normalised: Ring[][];
  pixels: Ring[][] | undefined;
}

const round = (n: number, digits: number): number => Number(n.toFixed(digits));

/** Decodes every stored detection; undecodable ones are reported as skipped. */
export function decodeStored(
  images: readonly StoredDetectionImage[],
  skipped: SkippedItem[],
): Decoded[] {
  const out: Decoded[] = [];
  for (const image of images) {
    const sized = (image.width ?? 0) > 0 && (image.height ?? 0) > 0;
    for (const detection of image.detections) {
      const result = decodeDetectionGeometry(
        detection.geometry,
        sized ? { width: image.width, height: image.height } : {},
      );
      if (!result.ok) {
        skipped.push({ id: detection.id, reason: `undecodable geometry: ${result.error.reason}` });
        continue;
      }
      const features = result.value.features;
      const normalised = features.flatMap((f) => f.polygons).filter((p) => p.length > 0);
      if (normalised.length === 0) {
        skipped.push({ id: detection.id, reason: 'empty geometry' });
        continue;
      }
      const pixels = sized ? features.flatMap((f) => f.pixelPolygons ?? []) : undefined;
      out.push({ image, detection, normalised, pixels });
    }
  }
  return out;
}

/** The GeoJSON FeatureCollection of the decoded detections. */
export function detectionsGeoJson(decoded: readonly Decoded[]): string {
  const features = decoded.map((d) =>
    JSON.stringify({
      type: 'Feature',
      id: d.detection.id,
      geometry: {
        type: 'MultiPolygon',
        coordinates: d.normalised.map((polygon) =>
          polygon.map((ring) => ring.map(([x, y]) => [round(x, 6), round(y, 6)])),
        ),
      },
      properties: {
        detection_id: d.detection.id,
        image_id: d.image.id,
        value: d.detection.value,
        image_width: d.image.width ?? null,
        image_height: d.image.height ?? null,
      },
    }),
  );
  return `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`;
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
 * The COCO annotation file. COCO polygons have no holes: each polygon's outer ring is the
 * segmentation, and its area subtracts the holes. Detections of images without a size are left
 * out (their pixels are unknown) and reported by the caller.
 */
export function detectionsCoco(decoded: readonly Decoded[], size = 'original'): string {
  const sized = decoded.filter((d) => d.pixels !== undefined);
  const values = [...new Set(sized.map((d) => d.detection.value))].sort();
  const categoryId = new Map(values.map((value, i) => [value, i + 1]));
  const imageNumber = new Map<string, number>();
  const images: unknown[] = [];
  const annotations: unknown[] = [];
  for (const d of sized) {
    let number = imageNumber.get(d.image.id);
    if (number === undefined) {
      number = images.length + 1;
      imageNumber.set(d.image.id, number);
      images.push({
        id: number,
        mapillary_id: d.image.id,
        // The download job's file name; a sequence id that cannot name a folder names none here either.
        file_name: `${d.image.sequence && isId('sequence', d.image.sequence) ? d.image.sequence : 'unknown'}/${d.image.id}_${size}.jpg`,
        width: d.image.width,
        height: d.image.height,
      });
    }
    const polygons = d.pixels ?? [];
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let area = 0;
    const segmentation: number[][] = [];
    for (const polygon of polygons) {
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
    annotations.push({
      id: annotations.length + 1,
      mapillary_id: d.detection.id,
      image_id: number,
      category_id: categoryId.get(d.detection.value),
      segmentation,
      area: round(area, 2),
      bbox: [round(minX, 2), round(minY, 2), round(maxX - minX, 2), round(maxY - minY, 2)],
      iscrowd: 0,
    });
  }
  const coco = {
    info: { description: 'Mapillary detections', version: '1.0' },
    images,
    annotations,
    categories: values.map((value) => ({
      id: categoryId.get(value),
      name: value,
      supercategory: value.split('--')[0] ?? value,
    })),
  };
  return `${JSON.stringify(coco)}\n`;
}
