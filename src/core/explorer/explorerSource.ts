// The Explorer's data over the Mapillary client: an organization's sequences in an area of any size
// or shape from the coverage tiles (asking first when the listing may be costly), a user's
// sequences from their images, a sequence's images from `image_ids` and batched `?ids=` calls.
import { DEFAULT_IMAGE_FIELDS } from '../../shared/api/fields';
import { type ExplorerImage, type SequenceSummary } from '../../shared/explorer/explorerNode';
import { type ExplorerSource } from '../../shared/explorer/explorerModel';
import { type DescentState } from '../../shared/explorer/descentPlan';
import {
  type ListingCost,
  DEFAULT_CONFIRM_TILES,
  listingCost,
  listingCostText,
  needsConfirmation,
} from '../../shared/explorer/listingCost';
import { type SequenceOwner } from '../../shared/explorer/sequenceCollector';
import { type Area } from '../../shared/geo/area';
import { type MapillaryClient } from '../api/mapillaryClient';
import { areaDigest } from '../geo/areaDigest';
import { sortSequences } from './orgSequences';
import { budgetStopped, listOwnerSequences } from './ownerListing';

/** Options of {@link createExplorerSource}. */
export interface ExplorerSourceOptions {
  /** Most images read to group a user's uploads into sequences (default 10,000). */
  maxUserImages?: number;
  /** Told how many tiles of a listing are done, and how many it knows are left to read. */
  onTileProgress?: (done: number, total: number) => void;
  /** Told about tiles that were skipped (not a tile, over the decoder's limits). */
  onSkippedTiles?: (count: number, reasons: string[]) => void;
  /** Most tiles a listing may read without asking (default 1,000); read at each listing. */
  confirmOver?: () => number;
  /**
   * Asked before a listing over the threshold (or beyond the day's budget), with what it may cost
   * in words; false leaves it unread. Without it, such listings go ahead.
   */
  confirmListing?: (cost: ListingCost, text: string) => Promise<boolean>;
}

/** A listing the user declined: it reads nothing, and says how to have it read. */
export class ListingDeclined extends Error {
  override readonly name = 'ListingDeclined';
}

/** Builds the Explorer's source on the shared services (fetched lazily: they may be rebuilt). */
export function createExplorerSource(
  services: () => Promise<MapillaryClient>,
  options: ExplorerSourceOptions = {},
): ExplorerSource {
  // The state of listings that stopped (the day's budget, a failed tile), by owner and area: a
  // retry goes on from there instead of reading everything again.
  const stopped = new Map<string, DescentState>();
  return {
    async findSequences(organizationId: string, area: Area): Promise<SequenceSummary[]> {
      const { tiles } = await services();
      const owner: SequenceOwner = { organizationId };
      const key = `${organizationId}|${areaDigest(area)}`;
      const resume = stopped.get(key);
      if (!resume) {
        const cost = listingCost(area, tiles.remainingTileBudget());
        const threshold = options.confirmOver?.() ?? DEFAULT_CONFIRM_TILES;
        if (needsConfirmation(cost, threshold) && options.confirmListing) {
          const text = listingCostText(cost, owner);
          if (!(await options.confirmListing(cost, text))) {
            throw new ListingDeclined(
              'Not listed: the listing may read more tiles than the threshold. Refresh to be asked again, or set a smaller area.',
            );
          }
        }
      }
      let listing;
      try {
        listing = await listOwnerSequences(tiles, owner, area, {
          resume,
          onCheckpoint: (state) => {
            stopped.set(key, state);
          },
          onProgress: (p) => options.onTileProgress?.(p.tilesRead, p.tilesRead + p.frontier),
        });
      } finally {
        options.onTileProgress?.(1, 1);
      }
      if (!listing.complete) {
        stopped.set(key, listing.state);
        throw budgetStopped(listing);
      }
      stopped.delete(key);
      if (listing.skippedTiles.length > 0) {
        options.onSkippedTiles?.(
          listing.skippedTiles.length,
          listing.skippedTiles.map((s) => `${s.tile.join('/')}: ${s.reason}`),
        );
      }
      return listing.sequences;
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
