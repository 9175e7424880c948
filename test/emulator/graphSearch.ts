// The Graph API's searches: `/images`, `/map_features` and `/detections` over a bbox (cut at
// `limit` with no `next`, HTTP 500 "reduce the amount of data" when too dense), `/images` without a
// bbox paged with an absolute `next` that carries the token, and `/images?image_ids=`. Each
// parameter is one the documentation lists (mapillary-api.md, Entities and Paging).
import { type Detection, type ImageRecord, type MapFeature } from './dataset';
import { type ViewContext, detectionView, imageView, mapFeatureView } from './entityViews';
import { parseFields } from './fieldSelection';
import { type GraphOptions, type GraphReply, type GraphRequest } from './graphApi';
import { type Bbox } from './gridIndex';
import { type GraphFailure, invalidParameter, tooMuchData, unknownObject } from './graphErrors';

/** The most items one search returns, and the default (mapillary-api.md: "limit (max and default 2000)"). */
export const maxLimit = 2000;

/** A bad query parameter; answered as code 100. */
export class ParamError extends Error {}

function ok(body: unknown): GraphReply {
  return { status: 200, body };
}

function detection(ctx: ViewContext, id: string): Detection {
  const e = ctx.dataset.byId.get(id);
  if (e?.kind !== 'detection') {
    throw new Error(`dangling detection ${id}`);
  }
  return e.value;
}

function parseBbox(q: URLSearchParams): Bbox | undefined {
  const raw = q.get('bbox');
  if (raw === null) {
    return undefined;
  }
  const n = raw.split(',').map(Number);
  const [minLon, minLat, maxLon, maxLat] = n;
  if (
    n.length !== 4 ||
    minLon === undefined ||
    minLat === undefined ||
    maxLon === undefined ||
    maxLat === undefined ||
    n.some((v) => !Number.isFinite(v)) ||
    minLon > maxLon ||
    minLat > maxLat
  ) {
    throw new ParamError('Invalid bbox: expected minLon,minLat,maxLon,maxLat');
  }
  return { minLon, minLat, maxLon, maxLat };
}

function parseTime(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') {
    return undefined;
  }
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) {
    throw new ParamError(`Invalid ${name}: expected an ISO 8601 time`);
  }
  return ms;
}

function parseLimit(q: URLSearchParams): number {
  const raw = q.get('limit');
  if (raw === null || raw === '') {
    return maxLimit;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new ParamError('Invalid limit');
  }
  return Math.min(n, maxLimit);
}

function globs(raw: string | null): RegExp | undefined {
  if (!raw) {
    return undefined;
  }
  const alternatives = raw
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => v.split('*').map(escapeRegExp).join('.*'));
  return alternatives.length > 0 ? new RegExp(`^(?:${alternatives.join('|')})$`) : undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function searchImages(
  req: GraphRequest,
  ctx: ViewContext,
  options: GraphOptions,
): GraphReply | GraphFailure {
  const { dataset } = ctx;
  const q = req.query;
  const bbox = parseBbox(q);
  const start = parseTime(q, 'start_captured_at');
  const end = parseTime(q, 'end_captured_at');
  const orgId = q.get('organization_id') || undefined;
  const creatorName = q.get('creator_username') || undefined;
  const seqIds = (q.get('sequence_ids') ?? '').split(',').filter(Boolean);
  const isPanoRaw = q.get('is_pano');
  const isPano = isPanoRaw === null || isPanoRaw === '' ? undefined : isPanoRaw === 'true';
  const imageIds = (q.get('image_ids') ?? '').split(',').filter(Boolean);
  if (imageIds.length > 0 && options.imageIdsForm !== false) {
    return imagesById(imageIds, ctx, parseFields(q.get('fields')));
  }
  const limit = parseLimit(q);
  const fields = parseFields(q.get('fields'));
  if (!bbox && !creatorName && !orgId && seqIds.length === 0) {
    return invalidParameter(
      'Missing filter: one of bbox, creator_username, organization_id or sequence_ids is required',
    );
  }
  const creator = creatorName ? dataset.usersByName.get(creatorName) : undefined;
  if (creatorName && !creator) {
    return ok({ data: [] });
  }
  const seqSet = seqIds.length > 0 ? new Set(seqIds) : undefined;
  const wanted = (r: ImageRecord): boolean =>
    (start === undefined || r.capturedAt >= start) &&
    (end === undefined || r.capturedAt <= end) &&
    (orgId === undefined || r.organizationId === orgId) &&
    (creator === undefined || r.creatorId === creator.id) &&
    (seqSet === undefined || seqSet.has(r.sequenceId)) &&
    (isPano === undefined || r.isPano === isPano);
  const matches: ImageRecord[] = [];
  if (bbox) {
    // Past the density threshold the answer is the 500 whatever else matches: stop looking.
    dataset.imageIndex.forEachIn(bbox, (r) => {
      if (wanted(r)) matches.push(r);
      return matches.length <= options.denseThreshold;
    });
    if (matches.length > options.denseThreshold) {
      return tooMuchData();
    }
    // Cut at the limit with no way to the rest: the caller must split the bbox.
    return ok({ data: matches.slice(0, limit).map((r) => imageView(r, fields, ctx)) });
  }
  if (seqIds.length > 0) {
    for (const id of seqIds) {
      const e = dataset.byId.get(id);
      if (e?.kind !== 'sequence') continue;
      for (const imageId of e.value.imageIds) {
        const image = dataset.byId.get(imageId);
        if (image?.kind === 'image' && wanted(image.value)) matches.push(image.value);
      }
    }
  } else if (dataset.lazy) {
    dataset.lazy.forEachImage((r) => {
      if (wanted(r)) matches.push(r);
    });
  } else {
    for (const r of dataset.images) if (wanted(r)) matches.push(r);
  }
  return paged(req, ctx, matches, limit, (r) => imageView(r, fields, ctx));
}

function paged<T>(
  req: GraphRequest,
  ctx: ViewContext,
  items: readonly T[],
  limit: number,
  view: (item: T) => unknown,
): GraphReply {
  const after = req.query.get('after');
  const offset = after ? decodeCursor(after) : 0;
  const page = items.slice(offset, offset + limit);
  const end = offset + page.length;
  const body: Record<string, unknown> = { data: page.map(view) };
  if (page.length > 0) {
    const paging: Record<string, unknown> = {
      cursors: { before: encodeCursor(offset), after: encodeCursor(end) },
    };
    if (end < items.length) {
      const next = new URLSearchParams(req.query);
      next.delete('after');
      next.delete('access_token');
      next.set('limit', String(limit));
      next.set('after', encodeCursor(end));
      // The service puts the caller's token into `next`, so that the URL works on its own.
      next.set('access_token', req.token);
      paging.next = `${ctx.baseUrl}${req.path}?${next.toString()}`;
    }
    body.paging = paging;
  }
  return ok(body);
}

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m?.[1]) {
    throw new ParamError('Invalid cursor');
  }
  return Number(m[1]);
}

export function searchFeatures(
  req: GraphRequest,
  ctx: ViewContext,
  options: GraphOptions,
): GraphReply | GraphFailure {
  const q = req.query;
  const bbox = parseBbox(q);
  if (!bbox) {
    return invalidParameter('The parameter bbox is required');
  }
  const values = globs(q.get('object_values'));
  const sf = parseTime(q, 'start_first_seen_at');
  const ef = parseTime(q, 'end_first_seen_at');
  const sl = parseTime(q, 'start_last_seen_at');
  const el = parseTime(q, 'end_last_seen_at');
  const limit = parseLimit(q);
  const fields = parseFields(q.get('fields'));
  const matches = ctx.dataset.featureIndex
    .query(bbox)
    .filter(
      (f: MapFeature) =>
        (values === undefined || values.test(f.objectValue)) &&
        (sf === undefined || f.firstSeenAt >= sf) &&
        (ef === undefined || f.firstSeenAt <= ef) &&
        (sl === undefined || f.lastSeenAt >= sl) &&
        (el === undefined || f.lastSeenAt <= el),
    );
  if (matches.length > options.denseThreshold) {
    return tooMuchData();
  }
  return ok({ data: matches.slice(0, limit).map((f) => mapFeatureView(f, fields, ctx)) });
}

export function searchDetections(
  req: GraphRequest,
  ctx: ViewContext,
  options: GraphOptions,
): GraphReply | GraphFailure {
  const q = req.query;
  const bbox = parseBbox(q);
  if (!bbox) {
    return invalidParameter('The parameter bbox is required');
  }
  const values = globs(q.get('values'));
  const limit = parseLimit(q);
  const fields = parseFields(q.get('fields'));
  const matches: Detection[] = [];
  for (const image of ctx.dataset.imageIndex.query(bbox)) {
    for (const id of image.detectionIds) {
      const d = detection(ctx, id);
      if (values === undefined || values.test(d.value)) {
        matches.push(d);
      }
    }
  }
  if (matches.length > options.denseThreshold) {
    return tooMuchData();
  }
  return ok({ data: matches.slice(0, limit).map((d) => detectionView(d, fields, ctx)) });
}

/**
 * `/images?image_ids=a,b,c&fields=…`: the images in the order asked, as `{"data":[…]}` (the form the
 * official viewer and JOSM use; mapillary-api.md, Entities, "Several entities at once"). An id that is
 * no image refuses the whole batch with code 100 subcode 33, as `/?ids=` does: the recordings hold no
 * answer with an unknown id, so the emulator keeps to the documented meaning of that code.
 */
function imagesById(
  ids: readonly string[],
  ctx: ViewContext,
  fields: ReturnType<typeof parseFields>,
): GraphReply | GraphFailure {
  const data: unknown[] = [];
  for (const id of ids) {
    const e = ctx.dataset.byId.get(id);
    if (e?.kind !== 'image') {
      return unknownObject(id);
    }
    data.push(imageView(e.value, fields, ctx));
  }
  return ok({ data });
}
