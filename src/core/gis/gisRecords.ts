// From what the export jobs store to the layers the GIS writers take: images as points (with the
// computed position as the second geometry), sequences as lines through their images in capture
// order, map features as points, detections as rows without geometry. Each adapter maps an async
// stream to an async stream, so the stored units can be read one at a time.
import { decodeDetectionGeometry } from '../../shared/detections/detectionGeometry';
import {
  DETECTION_COLUMNS,
  MAP_FEATURE_COLUMNS,
  SEQUENCE_COLUMNS,
  imageColumns,
} from '../../shared/gis/gisColumns';
import {
  type GisFeature,
  type GisGeometry,
  type GisLayer,
  type Position,
  isPosition,
} from '../../shared/gis/gisTypes';
import { mapFeatureRow } from '../export/mapFeatureRecords';
import { columnValue } from '../export/metadataColumns';

type Entity = Readonly<Record<string, unknown>>;

/** The point of a GeoJSON-like `{ coordinates: [lon, lat] }`, or null. */
export function pointOf(value: unknown): GisGeometry | null {
  const coordinates = (value as { coordinates?: unknown } | null | undefined)?.coordinates;
  return isPosition(coordinates)
    ? { type: 'Point', coordinates: [coordinates[0], coordinates[1]] }
    : null;
}

/** The `images` layer: one point per image entity, with the chosen metadata columns. */
export function imagesLayer(columns: readonly string[], images: AsyncIterable<Entity>): GisLayer {
  const typed = imageColumns(columns);
  return {
    name: 'images',
    geometryType: 'Point',
    secondGeometry: 'computed_geometry',
    description: 'Mapillary images at their original (camera GPS) positions',
    columns: typed,
    features: mapAsync(images, (entity): GisFeature => {
      const values: Record<string, unknown> = {};
      const record = entity as Record<string, unknown>;
      for (const column of typed) values[column.name] = columnValue(record, column.name);
      return {
        geometry: pointOf(entity.geometry),
        secondGeometry: pointOf(entity.computed_geometry),
        values,
      };
    }),
  };
}

/** A sequence's images, as the wiring gathers them (any order). */
export interface SequenceImages {
  id: string;
  images: readonly Entity[];
}

/** A sequence as a line through its images' positions in capture order (null under 2 points). */
export function sequenceFeature(sequence: SequenceImages): GisFeature {
  const captured = (e: Entity) => (typeof e.captured_at === 'number' ? e.captured_at : 0);
  const ordered = [...sequence.images].sort(
    (a, b) => captured(a) - captured(b) || String(a.id).localeCompare(String(b.id)),
  );
  const positions: Position[] = [];
  for (const image of ordered) {
    const point = pointOf(image.geometry);
    if (point?.type === 'Point') positions.push(point.coordinates);
  }
  const times = ordered.map(captured).filter((t) => t > 0);
  return {
    geometry: positions.length >= 2 ? { type: 'LineString', coordinates: positions } : null,
    values: {
      seq_id: sequence.id,
      image_count: ordered.length,
      first_captured_at: times.length > 0 ? Math.min(...times) : null,
      last_captured_at: times.length > 0 ? Math.max(...times) : null,
    },
  };
}

/** The `sequences` layer. */
export function sequencesLayer(sequences: AsyncIterable<SequenceImages>): GisLayer {
  return {
    name: 'sequences',
    geometryType: 'LineString',
    description: 'Mapillary sequences: lines through their images in capture order',
    columns: SEQUENCE_COLUMNS,
    features: mapAsync(sequences, sequenceFeature),
  };
}

/** The `map_features` layer: one point per map feature. */
export function mapFeaturesLayer(features: AsyncIterable<Entity>): GisLayer {
  return {
    name: 'map_features',
    geometryType: 'Point',
    description: 'Mapillary map features (traffic signs and points)',
    columns: MAP_FEATURE_COLUMNS,
    features: mapAsync(features, (f) => ({
      geometry: pointOf(f.geometry),
      values: mapFeatureRow(f),
    })),
  };
}

/** An image's detections as the detections job stores them (the map feature where known). */
export interface DetectionImage {
  id: string;
  width?: number;
  height?: number;
  detections: readonly { id: string; value: string; geometry: string; mapFeatureId?: string }[];
}

const round6 = (n: number) => Number(n.toFixed(6));

/**
 * The `detections` table: one row per detection with its outline in image space (see
 * DETECTION_COLUMNS). Undecodable outlines are reported through `onSkipped` and left out.
 */
export function detectionsLayer(
  images: AsyncIterable<DetectionImage>,
  onSkipped: (id: string, reason: string) => void = () => undefined,
): GisLayer {
  async function* rows(): AsyncIterable<GisFeature> {
    for await (const image of images) {
      for (const detection of image.detections) {
        const decoded = decodeDetectionGeometry(detection.geometry, {});
        if (!decoded.ok) {
          onSkipped(detection.id, `undecodable geometry: ${decoded.error.reason}`);
          continue;
        }
        const polygons = decoded.value.features
          .flatMap((f) => f.polygons)
          .filter((p) => p.length > 0)
          .map((polygon) => polygon.map((ring) => ring.map(([x, y]) => [round6(x), round6(y)])));
        yield {
          geometry: null,
          values: {
            detection_id: detection.id,
            image_id: image.id,
            map_feature_id: detection.mapFeatureId ?? null,
            value: detection.value,
            image_width: image.width ?? null,
            image_height: image.height ?? null,
            polygons,
          },
        };
      }
    }
  }
  return {
    name: 'detections',
    geometryType: null,
    description: 'Mapillary detections: outlines in normalised image coordinates (0..1, y down)',
    columns: DETECTION_COLUMNS,
    features: rows(),
  };
}

async function* mapAsync<T, U>(source: AsyncIterable<T>, map: (item: T) => U): AsyncIterable<U> {
  for await (const item of source) yield map(item);
}
