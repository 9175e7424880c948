// The opaque handles MapillaryJS is given instead of URLs. The library passes an image's `thumb`
// URL and each image tile's URL back to the data provider to load it; ours are handles that name
// what to load, which the viewer resolves through the host. No real or signed URL ever reaches the
// webview, and a handle the host did not make is refused like any other bad input.
import { isId } from '../ids';

/** The picture sizes the service offers, by the name of their `thumb_<size>_url` field. */
export const PICTURE_SIZES = ['256', '1024', '2048', 'original'] as const;
/** One of {@link PICTURE_SIZES}. */
export type PictureSize = (typeof PICTURE_SIZES)[number];

/** A whole picture of an image at one size. */
export interface PictureHandle {
  kind: 'picture';
  imageId: string;
  size: PictureSize;
}

/** One tile of an image's tile pyramid: level `z`, column `x`, row `y` (MapillaryJS's tiling). */
export interface TileHandle {
  kind: 'tile';
  imageId: string;
  z: number;
  x: number;
  y: number;
}

/** What a handle names. */
export type ViewerHandle = PictureHandle | TileHandle;

const PICTURE = /^img:([0-9]{1,20}):(256|1024|2048|original)$/;
const TILE = /^tile:([0-9]{1,20}):([0-9]{1,2}):([0-9]{1,4}):([0-9]{1,4})$/;

/** The handle text of a whole picture, e.g. `img:135511895288847:1024`. */
export function pictureHandle(imageId: string, size: PictureSize): string {
  return `img:${imageId}:${size}`;
}

/** The handle text of one tile, e.g. `tile:135511895288847:11:1:0`. */
export function tileHandle(imageId: string, z: number, x: number, y: number): string {
  return `tile:${imageId}:${z}:${x}:${y}`;
}

/** Reads a handle; undefined when the text is not one (or names no valid image id). */
export function parseHandle(text: string): ViewerHandle | undefined {
  const picture = PICTURE.exec(text);
  if (picture) {
    const [, imageId = '', size] = picture;
    return isId('image', imageId)
      ? { kind: 'picture', imageId, size: size as PictureSize }
      : undefined;
  }
  const tile = TILE.exec(text);
  if (tile) {
    const [, imageId = '', z, x, y] = tile;
    if (!isId('image', imageId)) return undefined;
    return { kind: 'tile', imageId, z: Number(z), x: Number(x), y: Number(y) };
  }
  return undefined;
}
