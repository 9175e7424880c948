// The Explorer's data over the Mapillary client: an organization's sequences from the coverage
// tiles, a user's sequences from their images, a sequence's images from `image_ids` and batched
// `?ids=` calls. The command line can use it as the extension does.
import { type Bbox } from '../../shared/api/bbox';
import { DEFAULT_IMAGE_FIELDS } from '../../shared/api/fields';
import { type ExplorerImage, type SequenceSummary } from '../../shared/explorer/explorerNode';
import { type ExplorerSource } from '../../shared/explorer/explorerModel';
import { type MapillaryClient } from '../api/mapillaryClient';
import { type AreaSequencesOptions, findAreaSequences, sortSequences } from './orgSequences';

/** Options of {@link createExplorerSource}. */
export interface ExplorerSourceOptions {
  /** Options for the coverage-tile listing (tile cap, concurrency). */
  area?: Omit<AreaSequencesOptions, 'onProgress' | 'signal'>;
  /** Most images read to group a user's uploads into sequences (default 10,000). */
  maxUserImages?: number;
  /** Told how many tiles of a listing are done. */
  onTileProgress?: (done: number, total: number) => void;
  /** Told about tiles that were skipped (not a tile, over the decoder's limits). */
  onSkippedTiles?: (count: number, reasons: string[]) => void;
}

/** Builds the Explorer's source on the shared services (fetched lazily: they may be rebuilt). */
export function createExplorerSource(
  services: () => Promise<MapillaryClient>,
  options: ExplorerSourceOptions = {},
): ExplorerSource {
  return {
    async findSequences(organizationId: string, bbox: Bbox): Promise<SequenceSummary[]> {
      const { tiles } = await services();
      const result = await findAreaSequences(tiles, { organizationId }, bbox, {
        ...options.area,
        onProgress: options.onTileProgress,
      });
      if (result.skippedTiles.length > 0) {
        options.onSkippedTiles?.(
          result.skippedTiles.length,
          result.skippedTiles.map((s) => `${s.tile.z}/${s.tile.x}/${s.tile.y}: ${s.reason}`),
        );
      }
      return result.sequences;
    },

    async listUserSequences(user): Promise<SequenceSummary[]> {
      const { api } = await services();
      const max = options.maxUserImages ?? 10_000;
      const bySequence = new Map<string, SequenceSummary>();
      let read = 0;
      for await (const image of api.listImages({
        creatorUsername: user.username,
        fields: ['id', 'captured_at', 'is_pano', 'sequence', 'geometry'],
      })) {
        read += 1;
        const id = image.sequence;
        if (id !== undefined) {
          const summary = bySequence.get(id) ?? {
            id,
            capturedAt: 0,
            imagesInArea: 0,
            isPano: false,
            firstImageId: image.id,
            creatorId: user.id,
          };
          summary.imagesInArea += 1;
          const at = image.captured_at ?? 0;
          if (at > 0 && (summary.capturedAt === 0 || at < summary.capturedAt)) {
            summary.capturedAt = at;
            summary.firstImageId = image.id;
          }
          if (image.is_pano) summary.isPano = true;
          bySequence.set(id, summary);
        }
        if (read >= max) break;
      }
      return sortSequences([...bySequence.values()]);
    },

    async getImageIds(sequenceId: string): Promise<string[]> {
      const { api } = await services();
      return api.getImageIds(sequenceId);
    },

    async getImages(ids: readonly string[]): Promise<Map<string, ExplorerImage>> {
      const { api } = await services();
      const result = await api.getMany(ids, DEFAULT_IMAGE_FIELDS);
      return result.found;
    },
  };
}
