// Colours and sizes of everything the map draws, and the classes map features and detections are
// coloured by. One place, so the legend, the layer and the image panel agree.
import { COVERAGE_ZOOM } from '../tiles/tileMath';

/** Colours of the coverage layers. */
export const COVERAGE_COLORS = {
  perspective: '#05cb63',
  pano: '#2f7fed',
  highlighted: '#ff8c00',
  selected: '#e0218a',
  /** The sequence of the image shown. */
  current: '#00bcd4',
} as const;

/** Colour of the mark drawn on a tile that failed. */
export const FAILED_TILE_COLOR = '#d32f2f';

/** Zoom from which each image shows its compass direction. */
export const COMPASS_MIN_ZOOM = 17;

/** Radius in CSS pixels of an image point at a zoom. */
export function imageRadius(zoom: number): number {
  if (zoom >= 18) return 5;
  if (zoom >= 16) return 3.5;
  if (zoom >= 15) return 2.5;
  return 1.5;
}

/** Radius in CSS pixels of an overview point. */
export const OVERVIEW_RADIUS = 1.5;

/** Radius in CSS pixels of a map feature at a zoom. */
export function featureRadius(zoom: number): number {
  return zoom >= 17 ? 6 : zoom >= 15 ? 4.5 : 3;
}

/**
 * Side in CSS pixels of a map feature's icon at a zoom. From z18 it is the atlas's own cell size,
 * so that on a screen of one device pixel per CSS pixel the icon is drawn pixel for pixel.
 */
export function featureIconSize(zoom: number): number {
  return zoom >= 18 ? 32 : zoom >= 17 ? 24 : zoom >= 16 ? 20 : zoom >= 15 ? 16 : 12;
}

/** Width in CSS pixels of a sequence line at a zoom. */
export function lineWidth(zoom: number): number {
  return zoom >= COVERAGE_ZOOM ? 1.5 : zoom >= 10 ? 2 : 1.5;
}

/**
 * The class of a map feature value, as the legend groups them: the first segment of the value
 * (`regulatory`, `warning`, …), and for the broad `object`, `marking`, `construction` and `nature`
 * families the first two (`object--fire-hydrant`).
 */
export function featureClass(value: string): string {
  const parts = value.split('--');
  const first = parts[0] ?? '';
  if (parts.length > 1 && ['object', 'marking', 'construction', 'nature'].includes(first)) {
    return `${first}--${parts[1] ?? ''}`;
  }
  return first;
}

// FNV-1a, enough to spread class names over the colour wheel deterministically.
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function hslToHex(h: number, s: number, l: number): string {
  const k = (n: number): number => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  const hex = (x: number): string =>
    Math.round(x * 255)
      .toString(16)
      .padStart(2, '0');
  return `#${hex(f(0))}${hex(f(8))}${hex(f(4))}`;
}

const FIXED_CLASS_COLORS: Record<string, string> = {
  regulatory: '#e53935',
  warning: '#fbc02d',
  information: '#1e88e5',
  complementary: '#8e24aa',
};

/** A stable colour (`#rrggbb`) for a class name; the same name always gets the same colour. */
export function classColor(name: string): string {
  const fixed = FIXED_CLASS_COLORS[name];
  if (fixed) return fixed;
  const h = hash(name);
  return hslToHex(h % 360, 0.65 + ((h >>> 9) % 20) / 100, 0.45 + ((h >>> 17) % 10) / 100);
}
