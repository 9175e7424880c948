// Helpers for the map's unit tests: synthetic tiles built with the MVT writer (a sample tile among
// them), settings and draw states, and a canvas context that records what is drawn.
import { decodeTile } from '../../../src/shared/tiles/boundedDecoder';
import type { Canvas2DLike, DrawState, TileView } from '../../../src/shared/map/drawView';
import {
  DEFAULT_MAP_SETTINGS,
  NO_FILTERS,
  type MapFilters,
  type MapSettings,
} from '../../../src/shared/map/mapSettings';
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

const DAY = 86_400_000;
export const T2020 = Date.parse('2020-06-15T12:00:00Z');
const T2022 = Date.parse('2022-03-01T08:00:00Z');

// A z14-like tile: two sequences and four images with varied properties.
export function sampleTile(): RenderTile {
  return renderTileOf([
    {
      name: 'sequence',
      features: [
        {
          type: 'LineString',
          properties: {
            id: 'seqa',
            image_id: 101,
            captured_at: T2020,
            is_pano: false,
            organization_id: 7,
            creator_id: 70,
          },
          geometry: [
            [
              [100, 100],
              [1000, 100],
            ],
          ],
        },
        {
          type: 'LineString',
          properties: {
            id: 'seqb',
            image_id: 201,
            captured_at: T2022,
            is_pano: true,
            creator_id: 80,
          },
          geometry: [
            [
              [100, 3000],
              [3000, 3000],
            ],
            [
              [3500, 3500],
              [3900, 3900],
            ],
          ],
        },
      ],
    },
    {
      name: 'image',
      features: [
        {
          type: 'Point',
          properties: {
            id: 101n,
            sequence_id: 'seqa',
            captured_at: T2020,
            is_pano: false,
            compass_angle: 90,
            organization_id: 7n,
            creator_id: 70n,
          },
          geometry: [[[100, 100]]],
        },
        {
          type: 'Point',
          properties: {
            id: 102n,
            sequence_id: 'seqa',
            captured_at: T2020 + DAY,
            is_pano: false,
            compass_angle: 180,
            organization_id: 7n,
            creator_id: 70n,
          },
          geometry: [[[500, 100]]],
        },
        {
          type: 'Point',
          properties: {
            id: 201n,
            sequence_id: 'seqb',
            captured_at: T2022,
            is_pano: true,
            compass_angle: 0,
            creator_id: 80n,
          },
          geometry: [[[100, 3000]]],
        },
        {
          type: 'Point',
          properties: {
            id: 12345678901234567n,
            sequence_id: 'seqb',
            captured_at: 0,
            is_pano: true,
            creator_id: 80n,
          },
          geometry: [[[2000, 3000]]],
        },
      ],
    },
  ]);
}

/** The default settings with these filters and layers. */
export function settingsWith(
  filters: Partial<MapSettings['filters']>,
  layers?: Partial<MapSettings['layers']>,
): MapSettings {
  return {
    ...DEFAULT_MAP_SETTINGS,
    layers: { ...DEFAULT_MAP_SETTINGS.layers, ...layers },
    filters: { ...NO_FILTERS, ...filters },
  };
}

/** A whole z14 tile drawn into 256 pixels. */
export const fullView: TileView = { x0: 0, y0: 0, size: 4096, pixels: 256, zoom: 14 };

/** Noon UTC of a day given as YYYY-MM-DD. */
export const day = (text: string) => Date.parse(`${text}T12:00:00Z`);

/** A draw state with the default settings and these filters, nothing highlighted or selected. */
export const filterState = (filters: Partial<MapFilters> = {}): DrawState => ({
  settings: { ...DEFAULT_MAP_SETTINGS, filters: { ...NO_FILTERS, ...filters } },
  highlighted: new Set(),
  selected: new Set(),
});
