// The points of a file drawn over the map, listed with a label each so that a person can pick one
// ("assets to verify") and ask for the images looking at it. The label is the first property named
// like a name or an id, else the first short text or number, else the point's number in the file.
import type { Feature, MultiPoint, Point } from 'geojson';
import { MAX_LISTED_POINTS, MAX_POINT_LABEL } from './overlayLimits';

/** A listed point: its label and position. */
export interface ListedPoint {
  label: string;
  lon: number;
  lat: number;
}

const LABEL_KEYS = ['name', 'title', 'label', 'ref', 'id', 'asset_id', 'description'];

/** The label of a feature's point (see the file comment); `index` counts from 0. */
export function pointLabel(properties: Record<string, unknown> | null, index: number): string {
  const fallback = `Point ${index + 1}`;
  if (!properties) return fallback;
  const keys = Object.keys(properties);
  const named = LABEL_KEYS.map((want) => keys.find((k) => k.toLowerCase() === want)).find(
    (k) => k !== undefined && labelText(properties[k]) !== undefined,
  );
  const key = named ?? keys.find((k) => labelText(properties[k]) !== undefined);
  const text = key === undefined ? undefined : labelText(properties[key]);
  return text ?? fallback;
}

function labelText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  // Control characters would break a list row; long text is cut.
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (text === '') return undefined;
  return text.length > MAX_POINT_LABEL ? `${text.slice(0, MAX_POINT_LABEL - 1)}…` : text;
}

/** The first `max` points of the features (each position of a MultiPoint is one), and how many. */
export function listPoints(
  features: readonly Feature<Point | MultiPoint, Record<string, unknown> | null>[],
  max = MAX_LISTED_POINTS,
): { total: number; points: ListedPoint[] } {
  const points: ListedPoint[] = [];
  let total = 0;
  for (const feature of features) {
    const geometry = feature.geometry;
    const positions = geometry.type === 'Point' ? [geometry.coordinates] : geometry.coordinates;
    for (const position of positions) {
      if (points.length < max) {
        points.push({
          label: pointLabel(feature.properties, total),
          lon: position[0] as number,
          lat: position[1] as number,
        });
      }
      total++;
    }
  }
  return { total, points };
}

/** Most properties shown for a picked feature, and the longest key and value shown. */
export const MAX_SHOWN_PROPERTIES = 20;
const MAX_KEY = 64;
const MAX_VALUE = 200;

/** A feature's properties as rows of text for the map's popup (bounded, control characters out). */
export function propertyRows(properties: Record<string, unknown> | null): [string, string][] {
  if (!properties) return [];
  const rows: [string, string][] = [];
  for (const [key, value] of Object.entries(properties)) {
    if (rows.length >= MAX_SHOWN_PROPERTIES) break;
    if (value === null || value === undefined) continue;
    let text: string;
    try {
      text =
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : (JSON.stringify(value) ?? '');
    } catch {
      continue;
    }
    const clean = (s: string, max: number): string =>
      // eslint-disable-next-line no-control-regex
      s.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, max);
    rows.push([clean(key, MAX_KEY), clean(text, MAX_VALUE)]);
  }
  return rows;
}
