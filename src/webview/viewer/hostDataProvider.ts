// MapillaryJS's data provider, fed by the extension host: the library's DataProviderBase with its
// S2 cells, every method handed to ProviderCore (providerCore.ts says what each does and what it
// asks the host for). The library sees opaque handles where it expects URLs, never a URL or a
// token.
import {
  DataProviderBase,
  S2GeometryProvider,
  type ClusterContract,
  type CoreImagesContract,
  type ImagesContract,
  type ImageTilesContract,
  type ImageTilesRequestContract,
  type MeshContract,
  type SequenceContract,
  type SpatialImagesContract,
} from 'mapillary-js';
import { ProviderCore, type TileSource } from './providerCore';
import { type ViewerData } from './viewerData';

/** The provider (see the file comment). */
export class HostDataProvider extends DataProviderBase {
  private readonly core: ProviderCore;

  constructor(data: ViewerData, tiles: TileSource) {
    super(new S2GeometryProvider());
    this.core = new ProviderCore(data, tiles, this._geometry);
  }

  override getCoreImages(cellId: string, abort?: Promise<void>): Promise<CoreImagesContract> {
    return this.core.coreImages(cellId, abort);
  }

  override getImages(imageIds: string[], abort?: Promise<void>): Promise<ImagesContract> {
    return this.core.images(imageIds, abort);
  }

  override getSpatialImages(
    imageIds: string[],
    abort?: Promise<void>,
  ): Promise<SpatialImagesContract> {
    return this.core.spatialImages(imageIds, abort);
  }

  override getSequence(sequenceId: string, abort?: Promise<void>): Promise<SequenceContract> {
    return this.core.sequence(sequenceId, abort);
  }

  override getImageBuffer(url: string, abort?: Promise<void>): Promise<ArrayBuffer> {
    return this.core.imageBuffer(url, abort);
  }

  override getImageTiles(
    request: ImageTilesRequestContract,
    abort?: Promise<void>,
  ): Promise<ImageTilesContract> {
    return this.core.imageTiles(request, abort);
  }

  override getMesh(_url: string, abort?: Promise<void>): Promise<MeshContract> {
    return this.core.mesh(abort);
  }

  override getCluster(url: string, abort?: Promise<void>): Promise<ClusterContract> {
    return this.core.cluster(url, abort);
  }

  override setAccessToken(): void {
    // The host holds every token; the page has none to set.
  }
}
