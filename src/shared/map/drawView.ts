// What drawing a map tile works with: the canvas context it draws on (as an interface, so tests and
// benchmarks can record instead of paint), the window of the render tile a canvas shows, the state
// beyond the tile that decides how features look, and the one projection from tile coordinates to
// canvas pixels that every layer's drawing uses.
import type { MapSettings } from './mapSettings';
import type { SpriteRect } from './spriteIndex';

/**
 * The part of `CanvasRenderingContext2D` the drawing uses. Declared here so the drawing is plain
 * logic that tests and benchmarks can run against a recording context.
 */
export interface Canvas2DLike {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  globalAlpha: number;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  closePath(): void;
  fill(): void;
  stroke(): void;
}

/** Where a tile's canvas looks into its render tile. */
export interface TileView {
  /** West edge of the window in tile coordinates. */
  x0: number;
  /** North edge of the window in tile coordinates. */
  y0: number;
  /** Side of the window in tile coordinates (the extent, or less when overzoomed). */
  size: number;
  /** Side of the canvas in CSS pixels. */
  pixels: number;
  /** The map zoom the canvas is drawn for. */
  zoom: number;
}

/** What beyond the tile decides how features look. */
export interface DrawState {
  settings: MapSettings;
  /** Sequence keys drawn highlighted (the organization's sequences). */
  highlighted: ReadonlySet<string>;
  /** Image ids drawn as selected. */
  selected: ReadonlySet<string>;
  /** The sequence of the image shown (the current image), drawn in its own colour; '' for none. */
  current?: string;
}

/** The icons map features are drawn with (the sprite atlas), where the drawing side has them. */
export interface FeatureIcons {
  /** The icon of a feature value, or undefined when it has none (the fallback glyph is drawn). */
  rect(value: string): SpriteRect | undefined;
  /** Draws the atlas's `rect` with its top-left corner at (x, y), `size` CSS pixels square. */
  draw(rect: SpriteRect, x: number, y: number, size: number): void;
}

/** How many features of each layer were drawn. */
export interface DrawCounts {
  overview: number;
  sequence: number;
  image: number;
  point: number;
  traffic_sign: number;
}

/** A fresh set of zero counts. */
export function zeroCounts(): DrawCounts {
  return { overview: 0, sequence: 0, image: 0, point: 0, traffic_sign: 0 };
}

/** Tile coordinates to canvas pixels, for one view (see {@link screenX} and {@link screenY}). */
export interface TileProjection {
  /** The window's north-west corner in tile coordinates, drawn at (0, 0). */
  readonly x0: number;
  readonly y0: number;
  /** Canvas pixels per tile unit. */
  readonly scale: number;
}

/** The projection of a view: its window's north-west corner at (0, 0), `view.pixels` wide. */
export function tileProjection(view: TileView): TileProjection {
  return { x0: view.x0, y0: view.y0, scale: view.pixels / view.size };
}

// Plain functions rather than methods of the projection: the drawing calls them for every vertex,
// and one function each is what the engine inlines best.

/** Canvas x of position `i` of a flat `x0, y0, x1, y1, …` array in tile coordinates. */
export function screenX(p: TileProjection, xy: Float32Array, i: number): number {
  return ((xy[2 * i] ?? 0) - p.x0) * p.scale;
}

/** Canvas y of position `i` of a flat `x0, y0, x1, y1, …` array in tile coordinates. */
export function screenY(p: TileProjection, xy: Float32Array, i: number): number {
  return ((xy[2 * i + 1] ?? 0) - p.y0) * p.scale;
}
