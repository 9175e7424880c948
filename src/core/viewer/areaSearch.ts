// One image search over an area for the viewer (`/images?bbox=`): every field of a record, in one
// call, never split. What the service makes of the search decides whether the next ones are
// smaller or not made at all: an answer cut off at its limit, refused as too dense or too large
// means "a smaller box"; a search the service does not take as asked (a bad parameter, a body of
// another shape) means reads by id from then on. Other failures (the token, the rate limit, the
// network) are thrown as they come, as a read by id would meet them too.
import { type Image, type MapillaryApi } from '../api/mapillaryApi';
import { GraphError, type GraphErrorKind } from '../../shared/api/graphError';
import { isId } from '../../shared/ids';
import { type Box } from './areaPlan';
import { VIEWER_DETECTION_FIELDS, VIEWER_IMAGE_FIELDS } from './viewerFields';

/** Every field of a viewer record: the image's and its detections' (nested). */
export const RECORD_FIELDS = [...VIEWER_IMAGE_FIELDS, ...VIEWER_DETECTION_FIELDS];

/** What one area search gave. */
export interface AreaAnswer {
  images: Image[];
  /** `smaller`: the answer was cut off or refused for its size; `refused`: not taken as asked. */
  trouble?: 'smaller' | 'refused';
}

const TOO_BIG: readonly GraphErrorKind[] = ['too-much-data', 'server'];
const NOT_TAKEN: readonly GraphErrorKind[] = [
  'bad-request',
  'not-found',
  'invalid-response',
  'not-json',
  'html',
];

/** Searches `bbox` once (see the file comment). */
export async function searchArea(
  api: MapillaryApi,
  bbox: Box,
  signal: AbortSignal,
): Promise<AreaAnswer> {
  const images: Image[] = [];
  let cut = false;
  try {
    const search = api.searchImages(
      bbox,
      { fields: RECORD_FIELDS },
      { maxDepth: 0, signal, onProgress: (p) => (cut = p.incompleteAreas.length > 0) },
    );
    for await (const image of search) if (isId('image', image.id)) images.push(image);
  } catch (error) {
    if (signal.aborted || !(error instanceof GraphError)) throw error;
    if (TOO_BIG.includes(error.kind)) return { images: [], trouble: 'smaller' };
    if (NOT_TAKEN.includes(error.kind)) return { images: [], trouble: 'refused' };
    throw error;
  }
  return cut ? { images, trouble: 'smaller' } : { images };
}
