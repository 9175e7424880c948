// mapillary_sequencesInArea: an organization's (or a user's) sequences in an area, found the way
// the Explorer finds them: from the z14 coverage tiles the area intersects (the service has no
// endpoint that lists them). The same cap applies: an area over 256 tiles is refused with the
// reason, and tiles come through the disk cache, so asking twice costs nothing.
import { findAreaSequences, type CoverageTileSource } from '../explorer/orgSequences';
import { type ToolAreaInput, toolArea } from '../../shared/lmTools/toolSchemaParts';
import { degrees, isoTime } from './toolText';

/** The input, as parsed by the tool's schema. */
export interface SequencesInAreaToolInput {
  area: ToolAreaInput;
  organizationId?: string;
  creatorId?: string;
  limit: number;
}

/** Lists the sequences and shapes the result. */
export async function sequencesInAreaTool(
  tiles: CoverageTileSource,
  input: SequencesInAreaToolInput,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const result = await findAreaSequences(
    tiles,
    { organizationId: input.organizationId, creatorId: input.creatorId },
    toolArea(input.area),
    { signal },
  );
  const sequences = result.sequences.slice(0, input.limit).map((s) => ({
    id: s.id,
    capturedAt: isoTime(s.capturedAt),
    imagesInArea: s.imagesInArea,
    isPano: s.isPano,
    firstImageId: s.firstImageId,
    organizationId: s.organizationId,
    creatorId: s.creatorId,
    extent: s.extent.map(degrees),
  }));
  return {
    count: result.sequences.length,
    listed: sequences.length,
    order: 'newest first',
    tilesRead: result.tilesRead,
    sequences,
    ...(result.skippedTiles.length
      ? {
          note: `${result.skippedTiles.length} coverage tile(s) could not be read; sequences in them may be missing.`,
        }
      : {}),
  };
}
