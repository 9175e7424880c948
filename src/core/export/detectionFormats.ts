// Detections as machine-learning tools read them, written from the stored images one at a time.
// GeoJSON: one feature per detection, a MultiPolygon in normalised image coordinates (x right,
// y down, 0..1; not geographic), with the image id, the value and the image's size. COCO: see
// cocoOutput.ts. GeoPackage: the images as points and the detections as a table that names its
// image. All are deterministic for the same input.
import { decodeDetectionGeometry } from '../../shared/detections/detectionGeometry';
import { type Ring } from '../../shared/detections/polygonRings';
import { detectionsLayer, imagesLayer } from '../gis/gisRecords';
import { loadGisWriters } from '../gis/loadGisWriters';
import { type SkippedItem } from './jobTypes';
import { writeTextOutput } from './textOutput';

/** A detection as the job stores it. */
export interface StoredDetection {
  id: string;
  value: string;
  /** The base64 MVT geometry. */
  geometry: string;
}

/** An image with its detections, as the job stores it (positions only for a GeoPackage). */
export interface StoredDetectionImage {
  id: string;
  sequence?: string;
  width?: number;
  height?: number;
  captured_at?: number;
  geometry?: unknown;
  computed_geometry?: unknown;
  detections: StoredDetection[];
}

/** Output formats of the detections job. */
export type DetectionFormat = 'geojson' | 'coco' | 'gpkg';

/** The image fields each format needs besides the id. */
export function detectionImageFields(format: DetectionFormat): string[] {
  const fields = ['id', 'width', 'height', 'sequence'];
  if (format === 'gpkg') fields.push('captured_at', 'geometry', 'computed_geometry');
  return fields;
}

/** One decoded detection. */
export interface Decoded {
  image: StoredDetectionImage;
  detection: StoredDetection;
  normalised: Ring[][];
  pixels: Ring[][] | undefined;
}

/** True when the image's size is known, so its detections have pixels. */
export function isSized(image: StoredDetectionImage): boolean {
  return (image.width ?? 0) > 0 && (image.height ?? 0) > 0;
}

/**
 * Decodes one image's stored detections; undecodable ones are reported through `skip`, when given
 * (a second pass over the same images passes none, so nothing is reported twice).
 */
export function decodeImage(
  image: StoredDetectionImage,
  skip?: (item: SkippedItem) => void,
): Decoded[] {
  const out: Decoded[] = [];
  const sized = isSized(image);
  for (const detection of image.detections) {
    const result = decodeDetectionGeometry(
      detection.geometry,
      sized ? { width: image.width, height: image.height } : {},
    );
    if (!result.ok) {
      skip?.({ id: detection.id, reason: `undecodable geometry: ${result.error.reason}` });
      continue;
    }
    const features = result.value.features;
    const normalised = features.flatMap((f) => f.polygons).filter((p) => p.length > 0);
    if (normalised.length === 0) {
      skip?.({ id: detection.id, reason: 'empty geometry' });
      continue;
    }
    const pixels = sized ? features.flatMap((f) => f.pixelPolygons ?? []) : undefined;
    out.push({ image, detection, normalised, pixels });
  }
  return out;
}

/** Rounds to `digits` decimals. */
export const round = (n: number, digits: number): number => Number(n.toFixed(digits));

/** Writes the GeoJSON FeatureCollection of the images' detections; returns the features written. */
export function writeDetectionsGeoJson(
  file: string,
  images: () => AsyncIterable<StoredDetectionImage>,
  skipped: SkippedItem[],
): Promise<number> {
  return writeTextOutput(file, async (sink) => {
    await sink.write('{"type":"FeatureCollection","features":[\n');
    let count = 0;
    for await (const image of images()) {
      for (const d of decodeImage(image, (item) => skipped.push(item))) {
        const feature = {
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
        };
        await sink.write(`${count > 0 ? ',\n' : ''}${JSON.stringify(feature)}`);
        count += 1;
      }
    }
    await sink.write('\n]}\n');
    return count;
  });
}

/** The image columns of a detections GeoPackage. */
export const DETECTION_IMAGE_COLUMNS = ['img_id', 'seq_id', 'captured_at', 'width', 'height'];

/**
 * Writes a GeoPackage with the images (points at both positions, every image asked for, with
 * detections or without) and the `detections` table; returns the detections written.
 */
export async function writeDetectionsGeoPackage(
  file: string,
  images: () => AsyncIterable<StoredDetectionImage>,
  skipped: SkippedItem[],
  options: { signal?: AbortSignal; lastChange: Date },
): Promise<number> {
  const summaries = await loadGisWriters().writeGeoPackage(
    file,
    [
      imagesLayer(DETECTION_IMAGE_COLUMNS, images() as AsyncIterable<Record<string, unknown>>),
      detectionsLayer(images(), (id, reason) => skipped.push({ id, reason })),
    ],
    options,
  );
  return summaries.find((s) => s.name === 'detections')?.features ?? 0;
}

/**
 * Whether a detection's value is one of the classes asked for: each is a value, or a pattern with
 * `*` standing for any text (`regulatory--*`), as the service's own value filters take them.
 */
export function classMatcher(classes: readonly string[]): (value: string) => boolean {
  if (classes.length === 0) return () => true;
  const patterns = classes.map(
    (c) => new RegExp(`^${c.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`),
  );
  return (value) => patterns.some((p) => p.test(value));
}
