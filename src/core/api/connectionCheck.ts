// "Check connection": one Graph call, one batched read and one tile call with the tokens in use,
// each reported as worked or not, with the auth method, the tile URL shape, the token kind and the
// rate-limit headroom from `x-app-usage`. For the day the service changes under the client: it says
// in seconds which of the three surfaces still answers as this client expects. Nothing in the
// report holds a token.
import { GraphError } from '../../shared/api/graphError';
import { errorText, redact } from '../../shared/redact';
import { decodeTile } from '../../shared/tiles/boundedDecoder';
import { featureProperty } from '../../shared/tiles/featureProperties';
import { checkTile, type TileCoord } from '../../shared/tiles/tileMath';
import { type TileSetName, tileUrlTemplate } from '../../shared/tiles/tileSets';
import { type TileToken } from '../tiles/tileToken';
import { type MapillaryClient } from './mapillaryClient';
import { type TokenKind, kindFromMe } from './tokenKinds';
import { isId } from '../../shared/ids';

/** One of the three calls. */
export interface CheckStep {
  name: 'graph' | 'batch' | 'tiles';
  /** Whether it answered as expected; false when it failed or could not be tried. */
  ok: boolean;
  /** True when it was not tried (what it needed was missing). */
  skipped: boolean;
  /** The request without any token: method and URL shape. */
  request: string;
  /** How the token travelled. */
  auth: string;
  status?: number;
  /** What happened, in one sentence. */
  detail: string;
  durationMs: number;
}

/** What the check found. */
export interface ConnectionReport {
  graphUrl: string;
  tilesUrl: string;
  /** The tile URL shape in use, as the documentation writes it. */
  tilePath: string;
  /** The Graph token's kind ('none' without a token, 'unknown' when the service did not say). */
  tokenKind: TokenKind | 'none' | 'unknown';
  /** The Graph token, redacted (`MLY|[redacted]`). */
  token: string;
  /** Where the tiles' client token came from, when there is one. */
  tileToken?: string;
  /** The batch form the service took (`image_ids` or `ids`). */
  batchForm?: string;
  /** The last `x-app-usage` percentages. */
  appUsage?: Record<string, number>;
  /** 100 minus the highest `x-app-usage` percentage. */
  headroomPct?: number;
  steps: CheckStep[];
  /** Every step worked. */
  ok: boolean;
}

/** Settings of {@link checkConnection}. */
export interface ConnectionCheckOptions {
  /** The tile to fetch (default 0/0/0 of `mly1_public`, whose overview points carry image ids). */
  tile?: TileCoord;
  set?: TileSetName;
  /** Image ids for the batched read; by default taken from the tile. */
  imageIds?: readonly string[];
  signal?: AbortSignal;
  now?: () => number;
}

/** How Graph calls authenticate (worded so that redaction leaves it readable). */
const HEADER = 'token in the Authorization header (scheme OAuth)';

/** Runs the three calls with the client's tokens and reports on each. */
export async function checkConnection(
  client: MapillaryClient,
  options: ConnectionCheckOptions = {},
): Promise<ConnectionReport> {
  const now = options.now ?? Date.now;
  const set = options.set ?? 'mly1_public';
  const tile = options.tile ?? { z: 0, x: 0, y: 0 };
  checkTile(tile);
  const token = await client.graph.http.token();
  const report: ConnectionReport = {
    graphUrl: client.graph.baseUrl,
    tilesUrl: client.tilesUrl,
    tilePath: tileUrlTemplate(client.tilesUrl, set),
    tokenKind: token === undefined ? 'none' : 'unknown',
    token: token === undefined ? '(none)' : publicPart(token),
    steps: [],
    ok: false,
  };

  report.steps.push(await graphStep(client, token, report, options.signal, now));
  const tileResult = await tileStep(client, set, tile, options.signal, now);
  report.steps.push(tileResult.step);
  if (tileResult.token) report.tileToken = `client token from ${tileResult.token.origin}`;
  const ids = options.imageIds?.length ? options.imageIds : tileResult.imageIds;
  report.steps.push(await batchStep(client, ids, options.signal, now));
  report.batchForm = client.api.batchForm;

  const usage = client.graph.http.appUsage;
  if (usage && Object.keys(usage).length > 0) {
    report.appUsage = { ...usage };
    report.headroomPct = Math.max(0, 100 - Math.max(...Object.values(usage)));
  }
  // The Graph step first, then tiles, then the batch: reported in the order.
  report.steps.sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
  report.ok = report.steps.every((s) => s.ok);
  return report;
}

const ORDER: CheckStep['name'][] = ['graph', 'batch', 'tiles'];

async function graphStep(
  client: MapillaryClient,
  token: string | undefined,
  report: ConnectionReport,
  signal: AbortSignal | undefined,
  now: () => number,
): Promise<CheckStep> {
  const step: CheckStep = {
    name: 'graph',
    ok: false,
    skipped: false,
    request: `GET ${client.graph.baseUrl}/me?fields=id,username`,
    auth: HEADER,
    detail: '',
    durationMs: 0,
  };
  if (token === undefined) {
    step.skipped = true;
    step.auth = 'no token';
    step.detail = 'not tried: there is no access token.';
    return step;
  }
  const started = now();
  try {
    const me = (await client.graph.getJson('me', { fields: 'id,username' }, { signal })) as {
      id?: unknown;
      username?: unknown;
    };
    step.status = 200;
    step.ok = true;
    report.tokenKind = kindFromMe({ ok: true });
    const name = typeof me.username === 'string' ? me.username.slice(0, 100) : String(me.id);
    step.detail = `the token was accepted: a user token (${redact(name)}).`;
  } catch (error) {
    step.status = error instanceof GraphError ? error.status : undefined;
    try {
      report.tokenKind = kindFromMe({ ok: false, error: asGraphError(error) });
      step.ok = true;
      step.detail = `the token was accepted: a client token (/me is for user tokens, so the service answered code ${String((error as GraphError).code)}).`;
    } catch {
      step.detail = `failed: ${describe(error)}`;
    }
  }
  step.durationMs = now() - started;
  if (report.tokenKind === 'client' || report.tokenKind === 'user') {
    client.tokenKinds.remember(token, report.tokenKind);
  }
  return step;
}

async function tileStep(
  client: MapillaryClient,
  set: TileSetName,
  tile: TileCoord,
  signal: AbortSignal | undefined,
  now: () => number,
): Promise<{ step: CheckStep; token?: TileToken; imageIds: string[] }> {
  const step: CheckStep = {
    name: 'tiles',
    ok: false,
    skipped: false,
    request: `GET ${client.tilesUrl}/${set}/2/${tile.z}/${tile.x}/${tile.y}`,
    auth: 'client token in the ?access_token query parameter',
    detail: '',
    durationMs: 0,
  };
  const started = now();
  let token: TileToken | undefined;
  try {
    token = await client.tileToken(signal);
    step.auth = `client token from ${token.origin} in the ?access_token query parameter, no header`;
  } catch (error) {
    step.skipped = true;
    step.auth = 'no client token';
    step.detail = `not tried: ${describe(error)}`;
    step.durationMs = now() - started;
    return { step, imageIds: [] };
  }
  try {
    const result = await client.tiles.getTile(set, tile.z, tile.x, tile.y, {
      signal,
      refresh: true,
    });
    const decoded = decodeTile(result.bytes);
    if (!decoded.ok) {
      step.detail = `failed: the answer is not a readable tile (${decoded.error.reason}).`;
      return { step, token, imageIds: [] };
    }
    const imageIds: string[] = [];
    const layers = decoded.value.layers.map((l) => `${l.name} (${l.features.length})`);
    // Image ids from the layers that carry them: `id` of image and overview points, `image_id`
    // of sequence lines (mapillary-api.md, Vector tiles).
    for (const layer of decoded.value.layers) {
      const key = layer.name === 'sequence' ? 'image_id' : 'id';
      if (!['overview', 'image', 'sequence'].includes(layer.name)) continue;
      for (const feature of layer.features) {
        if (imageIds.length >= 3) break;
        const id = featureProperty(layer, feature, key);
        if ((typeof id === 'string' || typeof id === 'number') && isId('image', String(id))) {
          if (!imageIds.includes(String(id))) imageIds.push(String(id));
        }
      }
    }
    step.ok = true;
    step.detail = result.empty
      ? 'worked: an empty tile.'
      : `worked: ${result.bytes.byteLength} bytes, layers ${layers.join(', ')}.`;
    return { step, token, imageIds };
  } catch (error) {
    step.status = error instanceof GraphError ? error.status : undefined;
    step.detail = `failed: ${describe(error)}`;
    return { step, token, imageIds: [] };
  } finally {
    step.durationMs = now() - started;
  }
}

async function batchStep(
  client: MapillaryClient,
  ids: readonly string[],
  signal: AbortSignal | undefined,
  now: () => number,
): Promise<CheckStep> {
  const step: CheckStep = {
    name: 'batch',
    ok: false,
    skipped: false,
    request: `GET ${client.graph.baseUrl}/images?image_ids=…&fields=id,captured_at (or /?ids=…)`,
    auth: HEADER,
    detail: '',
    durationMs: 0,
  };
  if (ids.length === 0) {
    step.skipped = true;
    step.detail = 'not tried: no image ids to read (the tile gave none; pass some ids).';
    return step;
  }
  const started = now();
  try {
    const result = await client.api.getMany(ids, ['id', 'captured_at'], undefined, {
      signal,
      concurrency: 1,
    });
    const form = client.api.batchForm;
    step.request =
      form === 'ids'
        ? `GET ${client.graph.baseUrl}/?ids=${ids.length} ids&fields=id,captured_at`
        : `GET ${client.graph.baseUrl}/images?image_ids=${ids.length} ids&fields=id,captured_at`;
    step.status = 200;
    step.ok = result.found.size > 0;
    step.detail = `${step.ok ? 'worked' : 'failed'}: ${result.found.size} of ${ids.length} images read with the ${form === 'ids' ? '/?ids=' : '/images?image_ids='} form${form === 'ids' ? ' (the service refused /images?image_ids=)' : ''}.`;
  } catch (error) {
    step.status = error instanceof GraphError ? error.status : undefined;
    step.detail = `failed: ${describe(error)}`;
  }
  step.durationMs = now() - started;
  return step;
}

function asGraphError(error: unknown): GraphError {
  if (error instanceof GraphError) return error;
  throw error;
}

function describe(error: unknown): string {
  if (error instanceof GraphError) return redact(`${error.message} (${error.describe()})`);
  return errorText(error);
}

/** A token as the report shows it: its shape only, `MLY|[redacted]` or `[redacted]`. */
export function publicPart(token: string): string {
  return token.startsWith('MLY|') ? 'MLY|[redacted]' : '[redacted]';
}
