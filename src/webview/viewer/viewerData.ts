// What the viewer page knows and asks the host for, in one place for both of its views (MapillaryJS
// and the plain picture view): image fields (kept, since MapillaryJS asks for them more than once
// and the tile pyramid needs each image's size), sequences, pictures, detections (decoded here, with
// the bounded decoder, so a bad outline costs one detection) and the captures near a position.
import { type RequestChannel } from '../../shared/channel/requestChannel';
import { decodeDetectionGeometry } from '../../shared/detections/detectionGeometry';
import { type DetectionShape } from '../../shared/map/detectionPixels';
import { type PictureSize } from '../../shared/viewer/viewerHandles';
import {
  type CellImage,
  type NearbyCapture,
  type ViewerImage,
} from '../../shared/viewer/viewerImage';
import {
  viewerCellRequest,
  viewerDetectionsRequest,
  viewerImagesRequest,
  viewerNearbyRequest,
  viewerPictureRequest,
  viewerSequenceRequest,
} from '../../shared/viewer/viewerMessages';
import { setNewest } from '../../shared/boundedMap';

/** Image records kept on the page (the host keeps more: a miss costs no Graph call). */
const MAX_IMAGES = 300;
/** Images whose decoded detections are kept. */
const MAX_DETECTION_SETS = 8;

/** An image's detections, decoded. */
export interface DecodedDetections {
  shapes: DetectionShape[];
  /** Detections left out by the host or whose outline could not be decoded. */
  failed: number;
}

/** The page's data (see the file comment). */
export class ViewerData {
  private readonly images = new Map<string, ViewerImage>();
  private readonly sequences = new Map<string, Promise<string[]>>();
  private readonly detectionSets = new Map<string, Promise<DecodedDetections>>();

  constructor(private readonly channel: RequestChannel) {}

  /** An image read before, if any. */
  known(id: string): ViewerImage | undefined {
    return this.images.get(id);
  }

  /** Images by id (`full` for the ones shown and stepped through, `spatial` for neighbours). */
  async fetchImages(
    ids: readonly string[],
    detail: 'full' | 'spatial',
    signal?: AbortSignal,
  ): Promise<ViewerImage[]> {
    const { images } = await this.channel.request(
      viewerImagesRequest,
      { ids: [...ids], detail },
      { signal },
    );
    for (const image of images) setNewest(this.images, image.id, image, MAX_IMAGES);
    return images;
  }

  /** One image (read once, then kept). */
  async image(id: string, signal?: AbortSignal): Promise<ViewerImage> {
    const known = this.images.get(id);
    if (known) return known;
    const [image] = await this.fetchImages([id], 'full', signal);
    if (!image) throw new Error(`Image ${id} does not exist, or it cannot be shown.`);
    return image;
  }

  /** A sequence's image ids in capture order (asked once per sequence). */
  sequence(sequenceId: string, signal?: AbortSignal): Promise<string[]> {
    let known = this.sequences.get(sequenceId);
    if (!known) {
      known = this.channel
        .request(viewerSequenceRequest, { sequenceId }, { signal })
        .then((answer) => answer.imageIds);
      setNewest(this.sequences, sequenceId, known, 64);
      known.catch(() => this.sequences.delete(sequenceId));
    }
    return known;
  }

  /** The images of a map cell, from the host's coverage tiles. */
  async cell(bbox: [number, number, number, number], signal?: AbortSignal): Promise<CellImage[]> {
    return (await this.channel.request(viewerCellRequest, { bbox }, { signal })).images;
  }

  /** An image's picture at a size, as bytes. */
  async picture(imageId: string, size: PictureSize, signal?: AbortSignal) {
    const answer = await this.channel.request(viewerPictureRequest, { imageId, size }, { signal });
    const bytes = answer.bytes;
    const buffer =
      bytes instanceof ArrayBuffer
        ? bytes
        : (bytes.buffer.slice(
            bytes.byteOffset,
            bytes.byteOffset + bytes.byteLength,
          ) as ArrayBuffer);
    return { buffer, mime: answer.mime };
  }

  /** An image's detections, decoded (asked once per image while kept). */
  detections(imageId: string): Promise<DecodedDetections> {
    let known = this.detectionSets.get(imageId);
    if (!known) {
      known = this.channel
        .request(viewerDetectionsRequest, { imageId })
        .then(({ detections, omitted }) => {
          const shapes: DetectionShape[] = [];
          let failed = omitted;
          for (const detection of detections) {
            const decoded = decodeDetectionGeometry(detection.geometry);
            if (!decoded.ok) {
              failed++;
              continue;
            }
            const polygons = decoded.value.features.flatMap((f) =>
              f.type === 3 ? f.polygons : [],
            );
            if (polygons.length)
              shapes.push({ id: detection.id, value: detection.value, polygons });
            else failed++;
          }
          return { shapes, failed };
        });
      setNewest(this.detectionSets, imageId, known, MAX_DETECTION_SETS);
      known.catch(() => this.detectionSets.delete(imageId));
    }
    return known;
  }

  /** Images of other sequences within about 20 m, newest first. */
  async nearby(image: ViewerImage, signal?: AbortSignal): Promise<NearbyCapture[]> {
    const answer = await this.channel.request(
      viewerNearbyRequest,
      { lon: image.lon, lat: image.lat, sequenceId: image.sequenceId },
      { signal },
    );
    return answer.captures;
  }
}
