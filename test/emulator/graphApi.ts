// The Graph API endpoints: entities, searches, image ids of a sequence, detections, /me.
import { type Dataset, type Detection } from './dataset';
import {
  UnknownFieldError,
  type ViewContext,
  detectionView,
  imageView,
  mapFeatureView,
  organizationView,
  userView,
} from './entityViews';
import { parseFields } from './fieldSelection';
import {
  type GraphFailure,
  invalidParameter,
  unknownObject,
  userTokenRequired,
} from './graphErrors';
import { ParamError, searchDetections, searchFeatures, searchImages } from './graphSearch';
import { type TokenInfo } from './tokenStore';

/** A JSON answer. */
export interface GraphReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** One Graph request, already authenticated. */
export interface GraphRequest {
  /** Path without query. */
  path: string;
  query: URLSearchParams;
  token: string;
  tokenInfo: TokenInfo;
}

/** Tunables of the Graph endpoints. */
export interface GraphOptions {
  /** A bbox search matching more than this answers HTTP 500 "reduce the amount of data". */
  denseThreshold: number;
  /**
   * Whether `/images?image_ids=` is served (default true). False answers it as the service did
   * before the form existed, so that a client's fallback to `/?ids=` can be tested.
   */
  imageIdsForm?: boolean;
}

const reserved = new Set(['images', 'image_ids', 'map_features', 'detections', 'me', 'token']);

/** Names the endpoint a Graph path hits (for the request log), e.g. `graph:images`. */
export function graphEndpoint(path: string, query: URLSearchParams, dataset: Dataset): string {
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) {
    return query.has('ids') ? 'graph:ids' : 'graph:root';
  }
  const [first, second] = parts;
  if (parts.length === 1 && first === 'images' && query.has('image_ids')) {
    return 'graph:images_batch';
  }
  if (parts.length === 1 && first && reserved.has(first)) {
    return first === 'detections'
      ? 'graph:detections_search'
      : first === 'token'
        ? 'oauth:token'
        : `graph:${first}`;
  }
  if (parts.length === 2 && second === 'detections') {
    return 'graph:detections';
  }
  const e = first ? dataset.byId.get(first) : undefined;
  switch (e?.kind) {
    case 'image':
      return 'graph:image';
    case 'mapFeature':
      return 'graph:map_feature';
    case 'organization':
      return 'graph:organization';
    case 'user':
      return 'graph:user';
    case 'detection':
      return 'graph:detection';
    default:
      return 'graph:object';
  }
}

/** Answers one Graph request. */
export function handleGraph(
  req: GraphRequest,
  ctx: ViewContext,
  options: GraphOptions,
): GraphReply | GraphFailure {
  try {
    return route(req, ctx, options);
  } catch (err) {
    if (err instanceof UnknownFieldError) {
      return invalidParameter(err.message);
    }
    if (err instanceof ParamError) {
      return invalidParameter(err.message);
    }
    throw err;
  }
}

function route(
  req: GraphRequest,
  ctx: ViewContext,
  options: GraphOptions,
): GraphReply | GraphFailure {
  const { dataset } = ctx;
  const q = req.query;
  const fields = parseFields(q.get('fields'));
  const parts = req.path.split('/').filter(Boolean);
  const [first, second] = parts;
  if (!first) {
    const ids = (q.get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length === 0) {
      return invalidParameter('Missing ids parameter');
    }
    const out: Record<string, unknown> = {};
    for (const id of ids) {
      const view = entityView(id, ctx, fields);
      if (!view) {
        return unknownObject(id);
      }
      out[id] = view;
    }
    return ok(out);
  }
  if (parts.length > 2 || (parts.length === 2 && second !== 'detections')) {
    return unknownObject(parts.join('/'));
  }
  if (second === 'detections') {
    const e = dataset.byId.get(first);
    const ids = e?.kind === 'image' || e?.kind === 'mapFeature' ? e.value.detectionIds : undefined;
    if (!ids) {
      return unknownObject(first);
    }
    return ok({ data: ids.map((id) => detectionView(detection(dataset, id), fields, ctx)) });
  }
  switch (first) {
    case 'images':
      return searchImages(req, ctx, options);
    case 'image_ids': {
      const seqId = q.get('sequence_id');
      if (!seqId) {
        return invalidParameter('The parameter sequence_id is required');
      }
      const e = dataset.byId.get(seqId);
      return ok({ data: e?.kind === 'sequence' ? e.value.imageIds.map((id) => ({ id })) : [] });
    }
    case 'map_features':
      return searchFeatures(req, ctx, options);
    case 'detections':
      return searchDetections(req, ctx, options);
    case 'me': {
      const userId = req.tokenInfo.userId;
      const e = userId ? dataset.byId.get(userId) : undefined;
      if (req.tokenInfo.kind !== 'user' || e?.kind !== 'user') {
        return userTokenRequired();
      }
      return ok(userView(e.value, fields, ctx));
    }
    default: {
      const view = entityView(first, ctx, fields);
      return view ? ok(view) : unknownObject(first);
    }
  }
}

function ok(body: unknown): GraphReply {
  return { status: 200, body };
}

function detection(dataset: Dataset, id: string): Detection {
  const e = dataset.byId.get(id);
  if (e?.kind !== 'detection') {
    throw new Error(`dangling detection ${id}`);
  }
  return e.value;
}

function entityView(
  id: string,
  ctx: ViewContext,
  fields: ReturnType<typeof parseFields>,
): Record<string, unknown> | undefined {
  const e = ctx.dataset.byId.get(id);
  switch (e?.kind) {
    case 'image':
      return imageView(e.value, fields, ctx);
    case 'mapFeature':
      return mapFeatureView(e.value, fields, ctx);
    case 'detection':
      return detectionView(e.value, fields, ctx);
    case 'organization':
      return organizationView(e.value, fields, ctx);
    case 'user':
      return userView(e.value, fields, ctx);
    default:
      return undefined;
  }
}
