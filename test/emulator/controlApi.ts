// The emulator's own control endpoints under `/__emulator/` (not part of the service): faults,
// latency, the request log, the dataset summary and tokens, for processes that did not start it.
import { type Dataset, datasetHash } from './dataset';
import { type FaultSpec, faultProblem } from './faults';
import { type Reply, rawJson } from './replies';

/** What the control endpoints act on. */
export interface ControlTarget {
  readonly dataset: Dataset;
  readonly graphUrl: string;
  readonly tilesUrl: string;
  readonly authorizeUrl: string;
  readonly clientToken: string;
  readonly oauthClient: { id: string; secret: string };
  readonly latencyMs: number;
  readonly denseThreshold: number;
  addFault(fault: FaultSpec): void;
  faultList(): FaultSpec[];
  clearFaults(): void;
  requests(): unknown[];
  resetLog(): void;
  setLatency(ms: number): void;
  issueUserToken(ttlSeconds?: number): string;
  revokeToken(token: string): void;
}

/** Sample ids of a dataset, printed on start and served by `GET /__emulator/dataset`. */
export interface DatasetSamples {
  longestSequence: { id: string; images: number };
  imageIds: string[];
  organizations: { id: string; slug: string; name: string }[];
  usernames: string[];
  mapFeatureIds: string[];
}

/** Sample ids worth pasting into the extension or the command line. */
export function datasetSamples(d: Dataset): DatasetSamples {
  const lazy = d.lazy?.samples();
  const longest = lazy
    ? lazy.longestSequence
    : d.sequences.reduce(
        (a, b) => (b.imageIds.length > a.images ? { id: b.id, images: b.imageIds.length } : a),
        { id: '', images: -1 },
      );
  return {
    longestSequence: longest,
    imageIds: lazy ? lazy.imageIds : d.images.slice(0, 5).map((i) => i.id),
    organizations: d.organizations.map((o) => ({ id: o.id, slug: o.slug, name: o.name })),
    usernames: d.users.slice(0, 10).map((u) => u.username),
    mapFeatureIds: d.mapFeatures.slice(0, 5).map((f) => f.id),
  };
}

/** Answers one control request. */
export function control(target: ControlTarget, method: string, path: string, body: Buffer): Reply {
  const parse = (): unknown => (body.length > 0 ? JSON.parse(body.toString('utf8')) : {});
  try {
    switch (`${method} ${path}`) {
      case 'POST /__emulator/faults': {
        const input = parse();
        const list = Array.isArray(input) ? input : [input];
        for (const f of list) {
          const problem = faultProblem(f);
          if (problem) {
            return rawJson(400, { error: problem });
          }
        }
        list.forEach((f) => target.addFault(f as FaultSpec));
        return rawJson(200, { faults: target.faultList() });
      }
      case 'GET /__emulator/faults':
        return rawJson(200, { faults: target.faultList() });
      case 'DELETE /__emulator/faults':
        target.clearFaults();
        return rawJson(200, { faults: [] });
      case 'GET /__emulator/requests': {
        const log = target.requests() as { endpoint: string }[];
        const counts: Record<string, number> = {};
        for (const r of log) {
          counts[r.endpoint] = (counts[r.endpoint] ?? 0) + 1;
        }
        return rawJson(200, { requests: log, counts });
      }
      case 'DELETE /__emulator/requests':
        target.resetLog();
        return rawJson(200, { requests: [] });
      case 'POST /__emulator/latency': {
        const input = parse() as { ms?: unknown };
        if (typeof input.ms !== 'number') {
          return rawJson(400, { error: 'expected {"ms": number}' });
        }
        target.setLatency(input.ms);
        return rawJson(200, { latencyMs: target.latencyMs });
      }
      case 'GET /__emulator/dataset':
        return rawJson(200, summary(target));
      case 'POST /__emulator/tokens': {
        const input = parse() as { ttlSeconds?: unknown };
        const ttl = typeof input.ttlSeconds === 'number' ? input.ttlSeconds : undefined;
        return rawJson(200, { access_token: target.issueUserToken(ttl) });
      }
      case 'POST /__emulator/revoke': {
        const input = parse() as { token?: unknown };
        if (typeof input.token !== 'string') {
          return rawJson(400, { error: 'expected {"token": string}' });
        }
        target.revokeToken(input.token);
        return rawJson(200, {});
      }
      default:
        return rawJson(404, { error: `no control endpoint ${method} ${path}` });
    }
  } catch (err) {
    return rawJson(400, { error: err instanceof Error ? err.message : String(err) });
  }
}

let cachedHash: { dataset: Dataset; hash: string } | undefined;

function summary(target: ControlTarget): Record<string, unknown> {
  const d = target.dataset;
  let [minLon, minLat, maxLon, maxLat] = d.lazy?.bbox ?? [Infinity, Infinity, -Infinity, -Infinity];
  for (const i of d.images) {
    minLon = Math.min(minLon, i.lon);
    minLat = Math.min(minLat, i.lat);
    maxLon = Math.max(maxLon, i.lon);
    maxLat = Math.max(maxLat, i.lat);
  }
  if (cachedHash?.dataset !== d) cachedHash = { dataset: d, hash: datasetHash(d) };
  return {
    seed: d.seed,
    size: d.size,
    hash: cachedHash.hash,
    center: d.center,
    bbox: [minLon, minLat, maxLon, maxLat],
    // A lazy dataset holds only what was asked for: its counts of generated things mean nothing.
    ...(d.lazy ? { generatedOnDemand: true } : {}),
    counts: {
      organizations: d.organizations.length,
      users: d.users.length,
      sequences: d.sequences.length,
      images: d.images.length,
      mapFeatures: d.mapFeatures.length,
      detections: d.detections.length,
    },
    graphUrl: target.graphUrl,
    tilesUrl: target.tilesUrl,
    authorizeUrl: target.authorizeUrl,
    // The emulator's credentials are throwaway values; a process driving it needs them.
    clientToken: target.clientToken,
    oauthClient: target.oauthClient,
    samples: datasetSamples(d),
    latencyMs: target.latencyMs,
    denseThreshold: target.denseThreshold,
  };
}
