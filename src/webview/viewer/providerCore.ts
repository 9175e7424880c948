// What MapillaryJS's data provider does, without the library's classes (so that it can be tested
// without a browser; hostDataProvider.ts puts it in the library's DataProviderBase). Every method
// the library calls turns into a request on the channel (through ViewerData): images of a cell,
// image entities, sequences, picture bytes and image tiles. The library sees opaque handles (`img:<id>:1024`,
// `tile:<id>:<z>:<x>:<y>`) where it expects URLs, and the host resolves them; it never gets a URL or
// a token. Meshes and point clouds are answered empty, which the library copes with (transitions
// use its default depth). The library cancels a request by rejecting its `abort` promise with
// nothing: every such promise gets a handler, which cancels the request on the channel.
import type {
  ClusterContract,
  CoreImagesContract,
  ImageEnt,
  ImagesContract,
  ImageTilesContract,
  ImageTilesRequestContract,
  MeshContract,
  SequenceContract,
  SpatialImagesContract,
  LngLat,
} from 'mapillary-js';
import { parseHandle, pictureHandle, tileHandle } from '../../shared/viewer/viewerHandles';
import { levelTiles, MAX_TILE_LEVEL, MIN_TILE_LEVEL } from '../../shared/viewer/imageTiles';
import { type ViewerImage } from '../../shared/viewer/viewerImage';
import { type ViewerData } from './viewerData';

/** An AbortSignal that aborts when MapillaryJS rejects its `abort` promise. */
function signalOf(abort: Promise<void> | undefined): AbortSignal {
  const controller = new AbortController();
  abort?.then(
    () => controller.abort(),
    () => controller.abort(),
  );
  return controller.signal;
}

/** The library's image entity for one of our images (see the file comment on handles). */
export function imageEnt(image: ViewerImage): ImageEnt {
  const computed =
    image.computedLon !== undefined && image.computedLat !== undefined
      ? { lng: image.computedLon, lat: image.computedLat }
      : undefined;
  const ent: ImageEnt = {
    id: image.id,
    geometry: { lng: image.lon, lat: image.lat },
    computed_geometry: computed,
    sequence: { id: image.sequenceId },
    altitude: image.altitude ?? 0,
    atomic_scale: image.atomicScale,
    camera_parameters: image.cameraParameters,
    camera_type: image.cameraType,
    captured_at: image.capturedAt,
    compass_angle: image.compassAngle ?? image.computedCompassAngle ?? 0,
    computed_altitude: image.computedAltitude,
    computed_compass_angle: image.computedCompassAngle,
    computed_rotation: image.computedRotation,
    cluster: { id: image.mergeId ?? '', url: `cluster:${image.mergeId ?? ''}` },
    creator: { id: image.creatorId ?? '', username: image.creatorName ?? '' },
    exif_orientation: image.exifOrientation,
    height: image.height,
    width: image.width,
    merge_id: image.mergeId,
    mesh: { id: image.id, url: `mesh:${image.id}` },
    owner: { id: image.organizationId ?? '' },
    private: false,
    quality_score: image.qualityScore,
    thumb: { id: image.id, url: pictureHandle(image.id, '1024') },
  };
  return ent;
}

/** Makes the bytes of one tile of an image's pyramid (tileCutter.ts). */
export interface TileSource {
  tile(
    imageId: string,
    size: { width: number; height: number },
    z: number,
    x: number,
    y: number,
    signal: AbortSignal,
  ): Promise<ArrayBuffer>;
}

/** The cell geometry the library's S2GeometryProvider offers. */
export interface CellGeometry {
  getVertices(cellId: string): LngLat[];
  lngLatToCellId(lngLat: LngLat): string;
}

/** The provider's methods (see the file comment). */
export class ProviderCore {
  constructor(
    private readonly data: Pick<
      ViewerData,
      'cell' | 'fetchImages' | 'image' | 'known' | 'picture' | 'sequence'
    >,
    private readonly tiles: TileSource,
    private readonly geometry: CellGeometry,
  ) {}

  async coreImages(cellId: string, abort?: Promise<void>): Promise<CoreImagesContract> {
    const signal = signalOf(abort);
    const corners = this.geometry.getVertices(cellId);
    const lngs = corners.map((c) => c.lng);
    const lats = corners.map((c) => c.lat);
    const bbox: [number, number, number, number] = [
      Math.min(...lngs),
      Math.min(...lats),
      Math.max(...lngs),
      Math.max(...lats),
    ];
    const images = await this.data.cell(bbox, signal);
    return {
      cell_id: cellId,
      // The box is a little larger than the cell: keep the images the library puts in this cell.
      images: images
        .filter((i) => this.geometry.lngLatToCellId({ lng: i.lon, lat: i.lat }) === cellId)
        .map((i) => ({
          id: i.id,
          geometry: { lng: i.lon, lat: i.lat },
          computed_geometry:
            i.computedLon !== undefined && i.computedLat !== undefined
              ? { lng: i.computedLon, lat: i.computedLat }
              : undefined,
          sequence: { id: i.sequenceId },
        })),
    };
  }

  async images(imageIds: string[], abort?: Promise<void>): Promise<ImagesContract> {
    const images = await this.data.fetchImages(imageIds, 'full', signalOf(abort));
    return images.map((image) => ({ node: imageEnt(image), node_id: image.id }));
  }

  async spatialImages(imageIds: string[], abort?: Promise<void>): Promise<SpatialImagesContract> {
    const images = await this.data.fetchImages(imageIds, 'spatial', signalOf(abort));
    return images.map((image) => ({ node: imageEnt(image), node_id: image.id }));
  }

  async sequence(sequenceId: string, abort?: Promise<void>): Promise<SequenceContract> {
    const imageIds = await this.data.sequence(sequenceId, signalOf(abort));
    return { id: sequenceId, image_ids: imageIds };
  }

  async imageBuffer(url: string, abort?: Promise<void>): Promise<ArrayBuffer> {
    const signal = signalOf(abort);
    const handle = parseHandle(url);
    if (!handle) throw new Error('the viewer asked for something that is not a picture handle');
    if (handle.kind === 'picture') {
      return (await this.data.picture(handle.imageId, handle.size, signal)).buffer;
    }
    const image =
      this.data.known(handle.imageId) ?? (await this.data.image(handle.imageId, signal));
    return this.tiles.tile(handle.imageId, image, handle.z, handle.x, handle.y, signal);
  }

  async imageTiles(
    request: ImageTilesRequestContract,
    abort?: Promise<void>,
  ): Promise<ImageTilesContract> {
    const { imageId, z } = request;
    const signal = signalOf(abort);
    if (!(z >= MIN_TILE_LEVEL && z <= MAX_TILE_LEVEL)) throw new Error(`no tiles at level ${z}`);
    const image = this.data.known(imageId) ?? (await this.data.image(imageId, signal));
    return {
      node_id: imageId,
      node: levelTiles(image.width, image.height, z).map(({ x, y }) => ({
        url: tileHandle(imageId, z, x, y),
        x,
        y,
        z,
      })),
    };
  }

  mesh(abort?: Promise<void>): Promise<MeshContract> {
    signalOf(abort);
    return Promise.resolve({ faces: [], vertices: [] });
  }

  cluster(url: string, abort?: Promise<void>): Promise<ClusterContract> {
    signalOf(abort);
    return Promise.resolve({ id: url, points: {}, reference: { lat: 0, lng: 0, alt: 0 } });
  }
}
