// Answers the map webview's requests: vector tiles, a clicked image's details, detections and
// picture, and (see mapFeatureRequests) map features, creators and the sign icons. Everything is fetched here, where the token is (it never reaches the webview), and sent
// as bytes or plain data shaped to fit the webview's schemas. The requests arrive through the host's
// end of the request channel, which matches answers to requests, and aborts the work for a request
// that the webview cancels or that the panel no longer needs.
import type * as vscode from 'vscode';
import type { MapillaryClient } from '../core/api/mapillaryClient';
import { downloadThumbnail } from '../core/api/thumbnails';
import { IMAGE_PANEL_FIELDS } from '../shared/api/fields';
import { MAX_TILE_MESSAGE_BYTES } from '../shared/channel/binary';
import { RequestChannel } from '../shared/channel/requestChannel';
import type { Logger } from '../shared/logger';
import { shapeImageAnswer } from '../shared/map/imageAnswer';
import { overlayDataRequest } from '../shared/overlay/overlayMessages';
import {
  openImageRequest,
  type ImagePick,
  tileRequest,
  type ImageAnswer,
  type Picture,
  type TileAddress,
} from '../shared/messages';
import { errorText } from '../shared/redact';
import { registerFeatureRequests, type FeatureRequestOptions } from './mapFeatureRequests';
import { sniffPictureMime } from '../shared/pictureMime';

/** Where the panel gets the Mapillary clients (see ServiceHost). */
export interface ServicesSource {
  get(): Promise<MapillaryClient>;
}

/** Where the panel gets the bytes of the files shown over the map (see OverlayRegistry). */
export interface OverlaySource {
  data(id: string, offset: number): Promise<{ bytes: Uint8Array; total: number }>;
}

/** Largest picture accepted for the image panel. */
const MAX_THUMBNAIL_BYTES = 16 * 1024 * 1024;

// A fresh ArrayBuffer holding exactly the bytes: a Uint8Array from the cache may be a view into a
// larger buffer, which must not cross the channel.
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/** The host's end of the map's request channel, with the tile and image handlers. */
export class MapRequests implements vscode.Disposable {
  private readonly channel: RequestChannel;

  constructor(
    private readonly services: ServicesSource,
    private readonly log: Logger,
    post: (message: unknown) => void,
    /** Told of each image the person clicks on the map (the viewer follows map clicks). */
    private readonly onImagePicked?: (pick: ImagePick) => void,
    overlays?: OverlaySource,
    options: FeatureRequestOptions = {},
  ) {
    this.channel = new RequestChannel({
      post: (message) => post(message),
      onProblem: (text) => log.warn(`map webview channel: ${text}`),
      describeError: errorText,
    });
    this.channel.handle(tileRequest, (tile, signal) => this.tile(tile, signal));
    // One image at a time: a newer click supersedes an older one.
    this.channel.handle(openImageRequest, (pick, signal) => this.image(pick, signal), {
      latestOnly: true,
    });
    registerFeatureRequests(this.channel, services, log, options);
    if (overlays) {
      this.channel.handle(overlayDataRequest, async ({ id, offset }) => {
        const piece = await overlays.data(id, offset);
        return { bytes: ownBuffer(piece.bytes), total: piece.total };
      });
    }
  }

  /** Takes a message from the webview; false when it is not a request channel message. */
  receive(data: unknown): boolean {
    return this.channel.receive(data);
  }

  /** Requests being answered now. */
  servingCount(): number {
    return this.channel.servingCount();
  }

  /** Stops the work for every request in flight (the webview's document was replaced). */
  cancelAll(): void {
    this.channel.cancelAll('closed');
  }

  dispose(): void {
    this.channel.dispose();
  }

  private async tile(tile: TileAddress, signal: AbortSignal): Promise<{ bytes: ArrayBuffer }> {
    try {
      const services = await this.services.get();
      const result = await services.tiles.getTile(tile.set, tile.z, tile.x, tile.y, { signal });
      if (result.bytes.byteLength > MAX_TILE_MESSAGE_BYTES) {
        throw new Error(`the tile is larger than ${MAX_TILE_MESSAGE_BYTES / 1024 / 1024} MB`);
      }
      return { bytes: ownBuffer(result.bytes) };
    } catch (error) {
      if (!signal.aborted) {
        this.log.warn(`tile ${tile.set}/${tile.z}/${tile.x}/${tile.y} failed: ${errorText(error)}`);
      }
      throw error;
    }
  }

  private async image(pick: ImagePick, signal: AbortSignal): Promise<ImageAnswer> {
    const { imageId } = pick;
    this.onImagePicked?.(pick);
    try {
      const services = await this.services.get();
      const [image, detections] = await Promise.all([
        services.api.getImage(imageId, IMAGE_PANEL_FIELDS, { signal }),
        services.api.getDetections(imageId, ['id', 'value', 'geometry'], { signal }),
      ]);
      const thumbnail = await this.thumbnail(services, imageId, signal);
      const answer = shapeImageAnswer({ imageId, image, detections, thumbnail });
      if (answer.notes.length) {
        this.log.info(`image ${imageId} shown without part of it: ${answer.notes.join('; ')}`);
      }
      return answer;
    } catch (error) {
      if (!signal.aborted) {
        this.log.warn(`image ${imageId} could not be opened: ${errorText(error)}`);
      }
      throw error;
    }
  }

  // Thumbnail URLs are signed by the service and carry no token; they are still never handed to
  // the webview, which has no network: the host downloads the picture and sends its bytes.
  private async thumbnail(
    services: MapillaryClient,
    imageId: string,
    signal: AbortSignal,
  ): Promise<Picture | null> {
    try {
      const thumbnail = await downloadThumbnail(services.api, imageId, 1024, {
        signal,
        maxBytes: MAX_THUMBNAIL_BYTES,
      });
      const mime = sniffPictureMime(thumbnail.bytes);
      return mime ? { bytes: ownBuffer(thumbnail.bytes), mime } : null;
    } catch (error) {
      if (!signal.aborted) this.log.warn(`thumbnail download failed: ${errorText(error)}`);
      return null;
    }
  }
}
