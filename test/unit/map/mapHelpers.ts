// Helpers for the map's unit tests: synthetic tiles built with the MVT writer, and a canvas
// context that records what is drawn.
import { decodeTile } from '../../../src/shared/tiles/boundedDecoder';
import type { Canvas2DLike } from '../../../src/shared/map/drawView';
import { buildRenderTile, type RenderTile } from '../../../src/shared/map/renderTile';
import { encodeMvt, type MvtLayer } from '../../support/mvtWriter';

/** Encodes layers, decodes them with the bounded decoder and builds the render tile. */
export function renderTileOf(layers: MvtLayer[]): RenderTile {
  return renderTileFromBytes(encodeMvt(layers));
}

/** Decodes bytes and builds the render tile; throws when the tile does not decode. */
export function renderTileFromBytes(bytes: Uint8Array): RenderTile {
  const decoded = decodeTile(bytes);
  if (!decoded.ok) throw new Error(decoded.error.message);
  return buildRenderTile(decoded.value.layers, bytes.byteLength);
}

/** A context that counts path operations and remembers the colours used. */
export class RecordingContext implements Canvas2DLike {
  fillStyle: unknown = '';
  strokeStyle: unknown = '';
  lineWidth = 1;
  globalAlpha = 1;
  moves = 0;
  lines = 0;
  rects = 0;
  arcs = 0;
  fills: unknown[] = [];
  strokes: unknown[] = [];
  /** Every rect's centre, for position checks. */
  rectCentres: [number, number][] = [];
  beginPath(): void {}
  moveTo(): void {
    this.moves++;
  }
  lineTo(): void {
    this.lines++;
  }
  rect(x: number, y: number, w: number, h: number): void {
    this.rects++;
    this.rectCentres.push([x + w / 2, y + h / 2]);
  }
  arc(): void {
    this.arcs++;
  }
  closePath(): void {}
  fill(): void {
    this.fills.push(this.fillStyle);
  }
  stroke(): void {
    this.strokes.push(this.strokeStyle);
  }
}
