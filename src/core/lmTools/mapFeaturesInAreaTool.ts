// mapillary_mapFeaturesInArea: map features (traffic signs and points) in an area by object value,
// wildcards allowed, with how many there are of each value and the most recently seen listed.
import { type Bbox } from '../../shared/api/bbox';
import { type MapFeature, type MapillaryApi } from '../api/mapillaryApi';
import { parseDateRange } from '../../shared/explorer/dateRange';
import { MAP_FEATURE_FIELDS } from '../../shared/api/fields';
import { type ToolAreaInput, toolArea } from '../../shared/lmTools/toolSchemaParts';
import { searchInArea } from '../geo/areaSearch';
import { DenseParts, MAX_SPLIT_DEPTH, MAX_TOOL_IMAGES } from './imageSearch';
import { degrees, isoTime } from './toolText';

/** The input, as parsed by the tool's schema. */
export interface MapFeaturesInAreaToolInput {
  area: ToolAreaInput;
  values?: string[];
  firstSeenAfter?: string;
  lastSeenBefore?: string;
  limit: number;
}

function seen(value: string | number | undefined): number {
  const ms = typeof value === 'number' ? value : value === undefined ? NaN : Date.parse(value);
  return Number.isFinite(ms) ? ms : 0;
}

/** Searches the features and shapes the result. */
export async function mapFeaturesInAreaTool(
  api: MapillaryApi,
  input: MapFeaturesInAreaToolInput,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const first = parseDateRange(input.firstSeenAfter ? `${input.firstSeenAfter}..` : '');
  const last = parseDateRange(input.lastSeenBefore ? `..${input.lastSeenBefore}` : '');
  const features: MapFeature[] = [];
  const dense = new DenseParts();
  let capped = false;
  const filters = {
    objectValues: input.values,
    startFirstSeenAt: first.ok ? first.start : undefined,
    endLastSeenAt: last.ok ? last.end : undefined,
    fields: MAP_FEATURE_FIELDS,
  };
  const search = (bbox: Bbox) =>
    api.searchMapFeatures(bbox, filters, {
      signal,
      maxDepth: MAX_SPLIT_DEPTH,
      onProgress: dense.nextPart(),
    });
  for await (const feature of searchInArea(toolArea(input.area), search)) {
    if (features.length >= MAX_TOOL_IMAGES) {
      capped = true;
      break;
    }
    features.push(feature);
  }
  const byValue: Record<string, number> = {};
  for (const feature of features) {
    const value = feature.object_value ?? 'unknown';
    byValue[value] = (byValue[value] ?? 0) + 1;
  }
  const countsByValue = Object.fromEntries(
    Object.entries(byValue)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 30),
  );
  const listed = [...features]
    .sort((a, b) => seen(b.last_seen_at) - seen(a.last_seen_at) || (a.id < b.id ? -1 : 1))
    .slice(0, input.limit)
    .map((f) => {
      const [lon, lat] = f.geometry?.coordinates ?? [];
      return {
        id: f.id,
        value: f.object_value,
        type: f.object_type,
        lon: degrees(lon),
        lat: degrees(lat),
        firstSeenAt: isoTime(f.first_seen_at),
        lastSeenAt: isoTime(f.last_seen_at),
      };
    });
  const notes: string[] = [];
  if (capped)
    notes.push(`Counting stopped at ${MAX_TOOL_IMAGES} features: narrow the area or the values.`);
  const denseAreas = dense.count;
  if (denseAreas > 0) {
    notes.push(
      `${denseAreas} part(s) of the area were too dense to list completely: use a smaller area.`,
    );
  }
  return {
    count: features.length,
    countIsExact: !capped && denseAreas === 0,
    countsByValue,
    listed: listed.length,
    order: 'most recently seen first',
    features: listed,
    ...(notes.length ? { notes } : {}),
  };
}
