// What the tree and the map say about images, sequences and map features: labels, the key facts of
// a tooltip, the fields of the map's image panel and the full field list of a details view. Pure
// functions of the entities, so the words are tested once and the views only place them.
import { type ImageEntity } from '../api/entities';
import { type ExplorerImage, type ExplorerMapFeature, type SequenceSummary } from './explorerNode';

/** A labelled value. */
export interface Fact {
  label: string;
  value: string;
}

// `2024-05-03 14:03:22 UTC`, or undefined for 0, missing or invalid times.
function timeText(ms: number | undefined): string | undefined {
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return undefined;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `2024-05-03 14:03:22 UTC`, or "unknown" for 0, missing or invalid times. */
export function formatTime(ms: number | undefined): string {
  return timeText(ms) ?? 'unknown';
}

/** `2024-05-03`, or "unknown date". */
export function formatDay(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return 'unknown date';
  return new Date(ms).toISOString().slice(0, 10);
}

function position(geometry: { coordinates: number[] } | undefined): string | undefined {
  const [lon, lat] = geometry?.coordinates ?? [];
  if (lon === undefined || lat === undefined) return undefined;
  return `${lat.toFixed(6)}, ${lon.toFixed(6)}`;
}

function angle(value: number | undefined): string | undefined {
  return value === undefined || !Number.isFinite(value) ? undefined : `${value.toFixed(1)}°`;
}

function yesNo(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : value ? 'yes' : 'no';
}

function fixed(value: number | undefined, digits: number, unit = ''): string | undefined {
  return value === undefined || !Number.isFinite(value)
    ? undefined
    : `${value.toFixed(digits)}${unit}`;
}

/** The label and description of a sequence node. */
export function sequenceText(
  sequence: SequenceSummary,
  imageCount?: number,
): { label: string; description: string } {
  const count = imageCount ?? sequence.imagesInArea;
  const images = `${count} image${count === 1 ? '' : 's'}${imageCount === undefined ? ' in area' : ''}`;
  return {
    label: formatDay(sequence.capturedAt),
    description: [images, sequence.isPano ? 'pano' : undefined].filter(Boolean).join(' · '),
  };
}

/**
 * The label and description of an image node: the time of day in a sequence (whose day its parent
 * says), the date and time elsewhere (`withDate`, for search results).
 */
export function imageText(
  image: ExplorerImage,
  position?: number,
  withDate = false,
): { label: string; description: string } {
  const time = formatTime(image.captured_at);
  const shown = time === 'unknown' ? image.id : withDate ? time.slice(0, 19) : time.slice(11, 19);
  const label = `${position === undefined ? '' : `#${position} `}${shown}`;
  const camera = [image.make, image.model].filter(Boolean).join(' ');
  return {
    label,
    description: [image.is_pano ? 'pano' : undefined, camera || undefined, image.id]
      .filter(Boolean)
      .join(' · '),
  };
}

/** The key facts of an image, as its tooltip lists them. */
export function imageFacts(image: ExplorerImage): Fact[] {
  const facts: (Fact | undefined)[] = [
    { label: 'Id', value: image.id },
    { label: 'Captured', value: formatTime(image.captured_at) },
    image.compass_angle === undefined && image.computed_compass_angle === undefined
      ? undefined
      : {
          label: 'Compass angle',
          value: [
            angle(image.compass_angle),
            image.computed_compass_angle === undefined
              ? undefined
              : `computed ${angle(image.computed_compass_angle)}`,
          ]
            .filter(Boolean)
            .join(', '),
        },
    {
      label: 'Camera',
      value:
        [image.make, image.model, image.camera_type ? `(${image.camera_type})` : undefined]
          .filter(Boolean)
          .join(' ') || 'unknown',
    },
    { label: 'Pano', value: image.is_pano ? 'yes' : 'no' },
    { label: 'Position', value: position(image.geometry) ?? 'unknown' },
    { label: 'Computed position', value: position(image.computed_geometry) ?? 'none' },
    {
      label: 'Creator',
      value: image.creator?.username ?? image.creator?.id ?? 'unknown',
    },
    image.sequence === undefined ? undefined : { label: 'Sequence', value: image.sequence },
  ];
  return facts.filter((f): f is Fact => f !== undefined);
}

/**
 * The fields the map's image panel lists, in display order; fields the image does not have are
 * left out. Only plain facts: no URL (thumbnail URLs are signed, and the host fetches them).
 */
export function imagePanelFacts(image: ImageEntity): Fact[] {
  const facts: [string, string | undefined][] = [
    ['Image', image.id],
    ['Captured', timeText(image.captured_at)],
    ['Creator', image.creator?.username ?? image.creator?.id],
    ['Sequence', image.sequence],
    ['Position', position(image.geometry)],
    ['Computed position', position(image.computed_geometry)],
    ['Compass', angle(image.compass_angle)],
    ['Computed compass', angle(image.computed_compass_angle)],
    ['Camera', image.camera_type],
    ['Panorama', yesNo(image.is_pano)],
    ['Make / model', [image.make, image.model].filter(Boolean).join(' ') || undefined],
    ['Size', image.width && image.height ? `${image.width} × ${image.height} px` : undefined],
    ['Altitude', fixed(image.altitude, 1, ' m')],
    ['Quality', fixed(image.quality_score, 2)],
  ];
  return facts
    .filter((fact): fact is [string, string] => typeof fact[1] === 'string' && fact[1] !== '')
    .map(([label, value]) => ({ label, value }));
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Every field an entity carries, in name order, nested objects flattened with dots
 * (`creator.username`) and arrays shown as JSON. Times (`captured_at`, `*_seen_at`) are given both
 * as read and as a date.
 */
export function entityFields(entity: ExplorerImage | ExplorerMapFeature): Fact[] {
  const out: Fact[] = [];
  const walk = (prefix: string, value: unknown): void => {
    if (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      !('coordinates' in value)
    ) {
      for (const key of Object.keys(value).sort()) {
        walk(prefix ? `${prefix}.${key}` : key, (value as Record<string, unknown>)[key]);
      }
      return;
    }
    if (value === undefined) return;
    let shown = describe(value);
    if (value !== null && typeof value === 'object' && 'coordinates' in value) {
      shown = JSON.stringify(value.coordinates);
    }
    if (/(^|\.)(captured_at|first_seen_at|last_seen_at|created_at)$/.test(prefix)) {
      const ms = typeof value === 'number' ? value : Date.parse(shown);
      if (Number.isFinite(ms) && ms > 0) shown = `${shown} (${formatTime(ms)})`;
    }
    out.push({ label: prefix, value: shown });
  };
  walk('', entity);
  return out;
}

/** The label and description of a map feature node. */
export function mapFeatureText(feature: ExplorerMapFeature): {
  label: string;
  description: string;
} {
  const seen = (v: string | number | undefined): string =>
    formatDay(typeof v === 'number' ? v : v === undefined ? undefined : Date.parse(v));
  return {
    label: feature.object_value ?? feature.id,
    description: `${seen(feature.first_seen_at)} – ${seen(feature.last_seen_at)} · ${feature.id}`,
  };
}

/** Escapes Markdown's special characters, so service text shows as typed. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/**
 * The tooltip of an image in Markdown: its thumbnail and its key facts. `thumbnail` is the picture
 * to show (a `data:` URI of freshly downloaded bytes is best: signed thumbnail URLs expire); without
 * it the image's own `thumb_256_url` is used when it is an http(s) URL.
 */
export function imageTooltipMarkdown(image: ExplorerImage, thumbnail?: string): string {
  const lines: string[] = [];
  const source =
    thumbnail ??
    (image.thumb_256_url && /^https?:\/\//.test(image.thumb_256_url)
      ? image.thumb_256_url
      : undefined);
  if (source) lines.push(`![thumbnail](${source.replace(/[()\s]/g, encodeURIComponent)})`, '');
  for (const fact of imageFacts(image)) {
    lines.push(`**${fact.label}:** ${escapeMarkdown(fact.value)}  `);
  }
  return lines.join('\n');
}
