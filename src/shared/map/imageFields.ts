// The labelled fields the image panel shows, built on the host from an image entity. Only plain
// facts go to the webview: no URL (thumbnail URLs are signed and are fetched by the host).
import type { ImageEntity } from '../api/entities';

function formatDate(ms: number | undefined): string | undefined {
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return undefined;
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

function formatAngle(angle: number | undefined): string | undefined {
  return angle === undefined || !Number.isFinite(angle) ? undefined : `${angle.toFixed(1)}°`;
}

function formatPoint(point: ImageEntity['geometry']): string | undefined {
  const [lon, lat] = point?.coordinates ?? [];
  if (lon === undefined || lat === undefined) return undefined;
  return `${lat.toFixed(6)}, ${lon.toFixed(6)}`;
}

/** Label and text pairs for an image, in display order; missing fields are left out. */
export function imageFields(image: ImageEntity): [string, string][] {
  const rows: [string, string | undefined][] = [
    ['Image', image.id],
    ['Captured', formatDate(image.captured_at)],
    ['Creator', image.creator?.username ?? image.creator?.id],
    ['Sequence', image.sequence],
    ['Position', formatPoint(image.geometry)],
    ['Computed position', formatPoint(image.computed_geometry)],
    ['Compass', formatAngle(image.compass_angle)],
    ['Computed compass', formatAngle(image.computed_compass_angle)],
    ['Camera', image.camera_type],
    ['Panorama', image.is_pano === undefined ? undefined : image.is_pano ? 'yes' : 'no'],
    [
      'Make / model',
      image.make || image.model ? [image.make, image.model].filter(Boolean).join(' ') : undefined,
    ],
    ['Size', image.width && image.height ? `${image.width} × ${image.height} px` : undefined],
    ['Altitude', image.altitude === undefined ? undefined : `${image.altitude.toFixed(1)} m`],
    ['Quality', image.quality_score === undefined ? undefined : image.quality_score.toFixed(2)],
  ];
  return rows
    .filter((row): row is [string, string] => typeof row[1] === 'string' && row[1] !== '')
    .map(([label, text]) => [label, text.slice(0, 500)]);
}
