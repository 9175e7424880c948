// Where the images of the map cells are, as far as the viewer's host has looked: the read-ahead
// plans with these places (readAhead.ts, areaPlan.ts). They come from the cells MapillaryJS asks
// for, and from lookups of the four z14 coverage tiles around a place (no Graph call), made after
// each read and around the place of a map click, so that the next read can reach further.
import { setNewest } from '../../shared/boundedMap';
import { blockAround, COVERAGE_ZOOM } from '../../shared/tiles/tileMath';
import { type LonLat, placeOf } from './readAhead';

/** An image of a map cell: where it is. */
export interface CellImagePlace {
  id: string;
  lon: number;
  lat: number;
  computedLon?: number;
  computedLat?: number;
}

/** The images of the map cells in a box (from the coverage tiles). */
export type ImagesIn = (
  bbox: [number, number, number, number],
) => Promise<readonly CellImagePlace[]>;

/** Places kept (the images of a few z14 tiles of a dense city). */
const MAX_PLACES = 20_000;
/** Blocks of four tiles one lookup reads at most. */
const MAX_BLOCKS = 2;

/** The places of the map cells' images (see the file comment). */
export class CellPlaces {
  private readonly places = new Map<string, LonLat>();
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly imagesIn?: ImagesIn) {}

  /** Where MapillaryJS puts `id`, if a cell holding it was seen. */
  get(id: string): LonLat | undefined {
    return this.places.get(id);
  }

  /** Every place known, by image id. */
  entries(): Iterable<[string, LonLat]> {
    return this.places.entries();
  }

  /** Notes the images of a cell (where MapillaryJS puts them: computed positions first). */
  note(images: readonly CellImagePlace[]): void {
    for (const image of images) setNewest(this.places, image.id, placeOf(image), MAX_PLACES);
  }

  /**
   * Looks up the tiles around each of `around` (the first {@link MAX_BLOCKS} distinct blocks of
   * four tiles); the next plan waits for it (`settled`). Never fails: a failed lookup only makes
   * the read-ahead poorer.
   */
  lookUp(around: readonly LonLat[]): Promise<void> {
    const imagesIn = this.imagesIn;
    if (!imagesIn || around.length === 0) return this.pending;
    const blocks = new Map<string, [number, number, number, number]>();
    for (const [lon, lat] of around) {
      const block = blockAround(lon, lat, COVERAGE_ZOOM);
      if (blocks.size < MAX_BLOCKS) blocks.set(block.join(), block);
    }
    const lookups = [...blocks.values()].map((block) =>
      imagesIn(block).then(
        (images) => this.note(images),
        () => undefined,
      ),
    );
    this.pending = Promise.all(lookups).then(() => undefined);
    return this.pending;
  }

  /** Waits for the lookup started last. */
  settled(): Promise<void> {
    return this.pending;
  }
}
