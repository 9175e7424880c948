// The map webview's requests beyond tiles and images: a clicked map feature with the images that
// detected it (thumbnails fetched here, where the token is, and sent as bytes), a creator's
// username resolved to the user id the tiles carry (once: the answer is remembered), and the sprite
// atlas of feature icons that the build put beside the webview's code.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { MapillaryClient } from '../core/api/mapillaryClient';
import { downloadThumbnail } from '../core/api/thumbnails';
import { MAX_TILE_MESSAGE_BYTES } from '../shared/channel/binary';
import type { RequestChannel } from '../shared/channel/requestChannel';
import { isId } from '../shared/ids';
import type { Logger } from '../shared/logger';
import { detectingImages, shapeFeatureAnswer } from '../shared/map/featureAnswer';
import {
  MAX_FEATURE_THUMBNAILS,
  openFeatureRequest,
  resolveCreatorRequest,
  spriteAtlasRequest,
  type FeatureAnswer,
} from '../shared/map/featureMessages';
import { spriteIndexSchema } from '../shared/map/spriteIndex';
import type { Picture } from '../shared/messages';
import { imageSchema } from '../shared/api/entities';
import { MAP_FEATURE_FIELDS } from '../shared/api/fields';
import { errorText } from '../shared/redact';
import { sniffPictureMime } from '../shared/pictureMime';
import { type ServicesSource } from './mapRequests';

/** Usernames resolved before, kept across sessions (globalState in the extension). */
export interface UsernameMemory {
  get(username: string): string | undefined;
  set(username: string, id: string): void;
}

/** Usernames remembered in a VS Code memento, at most `max` of them (the oldest go first). */
export function mementoUsernames(
  memento: {
    get<T>(key: string): T | undefined;
    update(key: string, value: unknown): Thenable<void>;
  },
  max = 200,
): UsernameMemory {
  const KEY = 'mapillary.map.creatorIds';
  const read = (): [string, string][] => {
    const stored = memento.get<unknown>(KEY);
    return Array.isArray(stored)
      ? stored.filter(
          (e): e is [string, string] =>
            Array.isArray(e) &&
            typeof e[0] === 'string' &&
            typeof e[1] === 'string' &&
            isId('creator', e[1]),
        )
      : [];
  };
  return {
    get: (username) => read().find(([name]) => name.toLowerCase() === username.toLowerCase())?.[1],
    set: (username, id) => {
      const kept = read().filter(([name]) => name.toLowerCase() !== username.toLowerCase());
      void memento.update(KEY, [...kept, [username, id]].slice(-max));
    },
  };
}

/** What the requests need besides the clients. */
export interface FeatureRequestOptions {
  usernames?: UsernameMemory;
  /** The folder holding `sprites.png` and `sprites.json` (the built webview's). */
  spritesDir?: string;
}

const MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024;
const THUMBNAIL_CONCURRENCY = 4;

/** Registers the feature, creator and sprite handlers on the host's end of the map's channel. */
export function registerFeatureRequests(
  channel: RequestChannel,
  services: ServicesSource,
  log: Logger,
  options: FeatureRequestOptions,
): void {
  // One feature at a time: a newer click supersedes an older one.
  channel.handle(
    openFeatureRequest,
    async ({ featureId }, signal) => {
      try {
        return await openFeature(await services.get(), featureId, signal, log);
      } catch (error) {
        if (!signal.aborted)
          log.warn(`map feature ${featureId} could not be opened: ${errorText(error)}`);
        throw error;
      }
    },
    { latestOnly: true },
  );
  channel.handle(resolveCreatorRequest, async ({ username }, signal) => {
    const known = options.usernames?.get(username);
    if (known) return { id: known, username };
    const { api } = await services.get();
    for await (const image of api.listImages(
      { creatorUsername: username, fields: ['id', 'creator'], limit: 1 },
      { signal },
    )) {
      const id = image.creator?.id;
      if (id && isId('creator', id)) {
        const name = image.creator?.username ?? username;
        options.usernames?.set(username, id);
        log.info(`creator ${name} is user ${id}`);
        return { id, username: name.length <= 64 ? name : username };
      }
      break;
    }
    throw new Error(
      `no images by the user "${username}": check the spelling, or give the user's numeric id`,
    );
  });
  channel.handle(spriteAtlasRequest, async () => {
    if (!options.spritesDir) throw new Error('the sign icons were not built');
    const [png, index] = await Promise.all([
      readFile(path.join(options.spritesDir, 'sprites.png')),
      readFile(path.join(options.spritesDir, 'sprites.json'), 'utf8'),
    ]);
    if (png.byteLength > MAX_TILE_MESSAGE_BYTES)
      throw new Error('the sign icon atlas is too large');
    const parsed = spriteIndexSchema.safeParse(JSON.parse(index));
    if (!parsed.success) throw new Error('the sign icon index is not valid');
    return { png: new Uint8Array(png).slice().buffer, index: parsed.data };
  });
}

async function openFeature(
  services: MapillaryClient,
  featureId: string,
  signal: AbortSignal,
  log: Logger,
): Promise<FeatureAnswer> {
  const { api } = services;
  const [feature, detections] = await Promise.all([
    api.getMapFeature(featureId, MAP_FEATURE_FIELDS, { signal }),
    api.getDetections(featureId, ['id', 'image', 'value'], { signal }),
  ]);
  const ids = [
    ...new Set(detections.map((d) => d.image?.id ?? '').filter((id) => isId('image', id))),
  ];
  const capturedAt = new Map<string, number>();
  if (ids.length) {
    const found = await api.getMany(ids, ['id', 'captured_at'], imageSchema, { signal });
    for (const [id, image] of found.found) {
      if (typeof image.captured_at === 'number' && image.captured_at > 0)
        capturedAt.set(id, image.captured_at);
    }
  }
  const newest = detectingImages(detections, capturedAt).slice(0, MAX_FEATURE_THUMBNAILS);
  const thumbnails = new Map<string, Picture>();
  for (let i = 0; i < newest.length; i += THUMBNAIL_CONCURRENCY) {
    await Promise.all(
      newest.slice(i, i + THUMBNAIL_CONCURRENCY).map(async ({ imageId }) => {
        try {
          const t = await downloadThumbnail(api, imageId, 256, {
            signal,
            maxBytes: MAX_THUMBNAIL_BYTES,
          });
          const mime = sniffPictureMime(t.bytes);
          if (mime)
            thumbnails.set(imageId, { bytes: new Uint8Array(t.bytes).slice().buffer, mime });
        } catch (error) {
          if (!signal.aborted) log.warn(`thumbnail of ${imageId} failed: ${errorText(error)}`);
        }
      }),
    );
  }
  return shapeFeatureAnswer({ featureId, feature, detections, capturedAt, thumbnails });
}
