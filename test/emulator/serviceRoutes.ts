// The service's routes, as the server dispatches them: the endpoint each request is logged under,
// where its token is read from, and the answers of the OAuth, tile and Graph routes.
import { type IncomingMessage } from 'node:http';
import { type Dataset } from './dataset';
import { type RequestAuth } from './emulatorApi';
import { type ViewContext } from './entityViews';
import { graphEndpoint, handleGraph } from './graphApi';
import { invalidToken } from './graphErrors';
import { type OAuthServer, formOrJson, oauthReply } from './oauth';
import { type Reply, json, text } from './replies';
import { type PresentedToken, graphToken, hasAuthorizationHeader, tileToken } from './requestAuth';
import { type Thumbnails } from './thumbnails';
import { TILES_PREFIX, isOldTilePath } from './tilePaths';
import { type TileMaker } from './tiles';
import { type TokenStore } from './tokenStore';

/** What the service routes answer from. */
export interface ServiceTarget {
  readonly dataset: Dataset;
  readonly graphUrl: string;
  readonly tokens: TokenStore;
  readonly oauth: OAuthServer;
  readonly tiles: TileMaker;
  readonly thumbs: Thumbnails;
  readonly denseThreshold: number;
  readonly imageIdsForm: boolean;
  /** The `x-app-usage` header of a Graph answer. */
  appUsage(): string;
}

/** The token a request presents (by the rules of its endpoint) and what the log keeps of it. */
export function authOf(
  req: IncomingMessage,
  path: string,
  query: URLSearchParams,
  tokens: TokenStore,
): { token: PresentedToken | undefined; record: RequestAuth } | undefined {
  if (path.startsWith('/thumbs/') || path.startsWith('/connect') || path === '/token') {
    return undefined;
  }
  const token = path.startsWith(`${TILES_PREFIX}/`) ? tileToken(query) : graphToken(req, query);
  const record: RequestAuth = { header: hasAuthorizationHeader(req) };
  if (token) {
    record.via = token.via;
    record.kind = tokens.check(token.token)?.kind ?? 'unknown';
  }
  return { token, record };
}

/** The endpoint a request is logged under, e.g. `graph:images`, `tiles:mly1_public`, `thumb`. */
export function endpointOf(path: string, query: URLSearchParams, dataset: Dataset): string {
  if (path.startsWith(`${TILES_PREFIX}/`)) {
    return `tiles:${path.split('/')[3] ?? ''}`;
  }
  if (isOldTilePath(path)) {
    return 'tiles:old-path';
  }
  if (path.startsWith('/thumbs/')) {
    return 'thumb';
  }
  if (path === '/connect' || path.startsWith('/connect/')) {
    return 'oauth:connect';
  }
  return graphEndpoint(path, query, dataset);
}

/** Answers a service request other than a thumbnail's, with the token it presented. */
export function answerService(
  target: ServiceTarget,
  method: string,
  path: string,
  query: URLSearchParams,
  req: IncomingMessage,
  body: Buffer,
  presented: PresentedToken | undefined,
): Reply {
  if (path === '/connect' && method === 'GET') {
    return oauthReply(target.oauth.connect(query));
  }
  if (path === '/connect/decide' && method === 'POST') {
    return oauthReply(target.oauth.decide(new URLSearchParams(body.toString('utf8'))));
  }
  if (path === '/token') {
    if (method !== 'POST') {
      return text(405, 'Method Not Allowed');
    }
    return oauthReply(
      target.oauth.token(req.headers.authorization, formOrJson(body, req.headers['content-type'])),
    );
  }
  // "a URL without /maps/vtp does not exist" (mapillary-api.md, Hosts and auth): the path this
  // emulator used to serve, and anything else under /maps that is not a tile, is not found.
  if (isOldTilePath(path)) {
    return text(404, 'Not Found');
  }
  const info = target.tokens.check(presented?.token);
  if (!presented || !info) {
    // The body of ../shared/fixtures/real/graph/errors/invalid_token_code190.json. A tile request
    // whose token came only in the header gets it too: tiles read `access_token` alone.
    return json(invalidToken(401));
  }
  if (path.startsWith(`${TILES_PREFIX}/`)) {
    return target.tiles.serve(path.slice(TILES_PREFIX.length));
  }
  if (method !== 'GET') {
    return text(405, 'Method Not Allowed');
  }
  const ctx: ViewContext = {
    dataset: target.dataset,
    baseUrl: target.graphUrl,
    thumbs: target.thumbs,
  };
  const reply = json(
    handleGraph({ path, query, token: presented.token, tokenInfo: info }, ctx, {
      denseThreshold: target.denseThreshold,
      imageIdsForm: target.imageIdsForm,
    }),
  );
  reply.headers = { ...reply.headers, 'x-app-usage': target.appUsage() };
  return reply;
}
