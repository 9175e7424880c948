// The properties of a decoded tile's features as the map keeps them: each property the map draws,
// filters and picks by read once into a typed column, numbers as numbers and strings as indices
// into one string table per tile.
import type { DecodedLayer, PropertyValue } from '../tiles/decodedTile';
import type { FeatureColumns } from './renderTile';

/** Flag bits of a feature. */
export const FLAG_PANO = 1;
/** Set when `is_pano` was present and boolean-like. */
export const FLAG_PANO_KNOWN = 2;

const F_CAPTURED = 1;
const F_ID = 2;
const F_SEQUENCE = 3;
const F_ORG = 4;
const F_CREATOR = 5;
const F_PANO = 6;
const F_COMPASS = 7;
const F_VALUE = 8;
const F_IMAGE_ID = 9;
const F_LAST_SEEN = 10;

export function fieldCodes(layer: DecodedLayer, lines: boolean): Int8Array {
  const codes = new Int8Array(layer.keys.length);
  layer.keys.forEach((key, i) => {
    codes[i] =
      key === 'captured_at'
        ? F_CAPTURED
        : key === 'id'
          ? lines
            ? F_SEQUENCE
            : F_ID
          : key === 'sequence_id'
            ? F_SEQUENCE
            : key === 'organization_id'
              ? F_ORG
              : key === 'creator_id'
                ? F_CREATOR
                : key === 'is_pano'
                  ? F_PANO
                  : key === 'compass_angle'
                    ? F_COMPASS
                    : key === 'value'
                      ? F_VALUE
                      : key === 'image_id'
                        ? F_IMAGE_ID
                        : // Map features: first seen takes the place of the capture time.
                          key === 'first_seen_at'
                          ? F_CAPTURED
                          : key === 'last_seen_at'
                            ? F_LAST_SEEN
                            : 0;
  });
  return codes;
}

/** Interns strings into one table per tile. */
export class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  intern(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

export function asNumber(value: PropertyValue | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : NaN;
  }
  return NaN;
}

export function asIdString(value: PropertyValue | undefined): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'string') return value;
  return '';
}

export function allocColumns(count: number): FeatureColumns {
  return {
    count,
    capturedAt: new Float64Array(count),
    flags: new Uint8Array(count),
    sequence: new Int32Array(count).fill(-1),
    organization: new Int32Array(count).fill(-1),
    creator: new Int32Array(count).fill(-1),
    value: new Int32Array(count).fill(-1),
    ids: new Array<string>(count).fill(''),
  };
}

// Reads the properties of feature `i` into the columns. String values are interned once per value
// table entry, not once per feature.
export function readProperties(
  layer: DecodedLayer,
  codes: Int8Array,
  valueStrings: Int32Array,
  table: StringTable,
  featureIndex: number,
  columns: FeatureColumns,
  compass: Float32Array | undefined,
  lastSeen?: Float64Array,
): void {
  const feature = layer.features[featureIndex];
  if (!feature) return;
  const intern = (valueIndex: number): number => {
    let s = valueStrings[valueIndex] ?? -1;
    if (s === -1) {
      const text = asIdString(layer.values[valueIndex]);
      s = text === '' ? -2 : table.intern(text);
      valueStrings[valueIndex] = s;
    }
    return s < 0 ? -1 : s;
  };
  for (let t = feature.tagStart; t < feature.tagEnd; t += 2) {
    const code = codes[layer.tags[t] ?? 0] ?? 0;
    if (code === 0) continue;
    const valueIndex = layer.tags[t + 1] ?? 0;
    const value = layer.values[valueIndex];
    switch (code) {
      case F_CAPTURED: {
        const ms = asNumber(value);
        columns.capturedAt[featureIndex] = Number.isFinite(ms) && ms > 0 ? ms : 0;
        break;
      }
      case F_ID:
      case F_IMAGE_ID:
        columns.ids[featureIndex] = asIdString(value);
        break;
      case F_SEQUENCE:
        columns.sequence[featureIndex] = intern(valueIndex);
        break;
      case F_ORG:
        columns.organization[featureIndex] = intern(valueIndex);
        break;
      case F_CREATOR:
        columns.creator[featureIndex] = intern(valueIndex);
        break;
      case F_VALUE:
        columns.value[featureIndex] = intern(valueIndex);
        break;
      case F_PANO: {
        const pano = value === true || value === 'true' || value === 1;
        const known = pano || value === false || value === 'false' || value === 0;
        columns.flags[featureIndex] = (pano ? FLAG_PANO : 0) | (known ? FLAG_PANO_KNOWN : 0);
        break;
      }
      case F_COMPASS:
        if (compass) compass[featureIndex] = asNumber(value);
        break;
      case F_LAST_SEEN: {
        const ms = asNumber(value);
        if (lastSeen && lastSeen.length > featureIndex) {
          lastSeen[featureIndex] = Number.isFinite(ms) && ms > 0 ? ms : 0;
        }
        break;
      }
    }
  }
}
