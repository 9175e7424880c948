// Everything the viewer webview asks the host for, answered from the extension's Mapillary client
// and its caches: image fields (area searches and batched reads), the images of a map cell and the captures near a
// position (coverage tiles), a sequence's order, pictures (downloaded here from signed URLs) and
// detections. `serveViewer` puts the answers on the host's end of the request channel. What each
// request costs in network calls is said at each handler.
import { type MapillaryApi } from '../api/mapillaryApi';
import { type MapillaryClient } from '../api/mapillaryClient';
import { type RequestChannel } from '../../shared/channel/requestChannel';
import { type ViewerImage } from '../../shared/viewer/viewerImage';
import {
  viewerCellRequest,
  viewerDetectionsRequest,
  viewerImagesRequest,
  viewerNearbyRequest,
  viewerPictureRequest,
  viewerSequenceRequest,
} from '../../shared/viewer/viewerMessages';
import { CoverageCells, type CellTileSource } from './coverageCells';
import { ImageRecordStore } from './imageRecords';
import { ViewerPictures, type PictureCacheOptions } from './viewerPictures';
import { withAbort } from '../http/attemptErrors';

/** What the service reads from. */
export interface ViewerServiceOptions {
  api(): Promise<MapillaryApi>;
  tile: CellTileSource;
  pictures?: PictureCacheOptions;
  /** Told of each Graph call the service makes, with how many ids it carried. */
  onRead?: (what: string, ids: number) => void;
}

/**
 * The service's reads from a Mapillary client: Graph calls through its API, coverage tiles through
 * its tile store (and so its disk cache). `client` is asked each time, so a client rebuilt after a
 * settings change is the one used.
 */
export function clientSources(
  client: () => Promise<Pick<MapillaryClient, 'api' | 'tiles'>>,
): Pick<ViewerServiceOptions, 'api' | 'tile'> {
  return {
    api: async () => (await client()).api,
    tile: async (set, tile, signal) =>
      (await (await client()).tiles.getTile(set, tile.z, tile.x, tile.y, { signal })).bytes,
  };
}

// A fresh ArrayBuffer holding exactly the bytes: a Uint8Array may be a view into a larger buffer,
// which must not cross the channel.
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/** The viewer's data on the host (see the file comment). */
export class ViewerService {
  readonly records: ImageRecordStore;
  readonly pictures: ViewerPictures;
  readonly cells: CoverageCells;

  constructor(options: ViewerServiceOptions) {
    const api = (): Promise<MapillaryApi> => options.api();
    this.cells = new CoverageCells(options.tile);
    this.records = new ImageRecordStore({
      api,
      onRead: options.onRead,
      imagesIn: (bbox) => this.cells.cell(bbox),
    });
    this.pictures = new ViewerPictures(this.records, api, options.pictures);
  }

  /** Images by id; unknown ones and ones that cannot be shown are left out. */
  async images(ids: readonly string[], detail: 'full' | 'spatial', signal?: AbortSignal) {
    const found = await wait(this.records.get(ids, detail), signal);
    const images: ViewerImage[] = [];
    for (const id of ids) {
      const image = found.get(id)?.image;
      if (image) images.push(image);
    }
    return { images };
  }

  /** Stops reads in flight. */
  dispose(): void {
    this.records.dispose();
  }
}

function wait<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return signal ? withAbort(promise, signal) : promise;
}

/** Answers the viewer's requests on `channel` with `service`. */
export function serveViewer(channel: RequestChannel, service: ViewerService): void {
  // Graph: none when the images were read before; else one search of the area ahead where the
  // coverage tiles place the images, or one call per 100 images filled up with the images that
  // come next (see imageRecords.ts).
  channel.handle(viewerImagesRequest, ({ ids, detail }, signal) =>
    service.images(ids, detail, signal),
  );
  // Graph: none. Tiles: one or two z14 tiles per set (original and computed positions), from the
  // disk cache when the map or an earlier cell fetched them.
  channel.handle(viewerCellRequest, async ({ bbox }, signal) => {
    const images = await service.cells.cell(bbox, signal);
    service.records.noteNeighbours(images);
    return { images };
  });
  // Graph: one `image_ids` call per sequence, then kept.
  channel.handle(viewerSequenceRequest, async ({ sequenceId }, signal) => ({
    imageIds: await wait(service.records.sequence(sequenceId), signal),
  }));
  // Graph: none (the URL came with the image's record); one download from the thumbnail host;
  // one call per 100 images again when the signed URLs expired.
  channel.handle(viewerPictureRequest, async ({ imageId, size }, signal) => {
    const picture = await service.pictures.get(imageId, size, signal);
    return { bytes: ownBuffer(picture.bytes), mime: picture.mime };
  });
  // Graph: none for an image read in full (its detections came along); else one call.
  channel.handle(viewerDetectionsRequest, async ({ imageId }, signal) => {
    const { outlines, omitted } = await wait(service.records.detections(imageId), signal);
    return { detections: outlines, omitted };
  });
  // Graph: none. Tiles: the one to four z14 tiles around the position.
  channel.handle(viewerNearbyRequest, async ({ lon, lat, sequenceId }, signal) => ({
    captures: await service.cells.nearby(lon, lat, sequenceId, signal),
  }));
}
