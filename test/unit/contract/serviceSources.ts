// Two sources of the same answers: the recordings of the real service in ../shared/fixtures/real/
// and the emulator asked the same questions. Each answer is raw text (or bytes for tiles), so that
// the contracts see what arrived on the wire: literal spellings included, before any parse.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { type Emulator } from '../../emulator/emulator';
import { tileAt } from '../emulator/emulatorClient';

/** A Graph answer as it arrived. */
export interface RawAnswer {
  status: number | undefined;
  text: string;
}

/** What each source answers; the same questions for both. */
export interface ServiceSource {
  name: string;
  /** An image entity with every field the recording has, `/<id>?fields=…`. */
  image(fields: readonly string[]): Promise<RawAnswer>;
  /** The same image through the batch form the recordings exist for, `/images?image_ids=`. */
  imageBatch(fields: readonly string[]): Promise<RawAnswer>;
  /** A map feature entity with every field the recording has. */
  mapFeature(fields: readonly string[]): Promise<RawAnswer>;
  /** `/<image id>/detections` with every field the recordings have. */
  detections(fields: readonly string[]): Promise<RawAnswer[]>;
  /** `/image_ids?sequence_id=`. */
  imageIds(): Promise<RawAnswer>;
  /** The answer to a request with an invalid token. */
  invalidToken(): Promise<RawAnswer>;
  /** The answer when the app's request limit is reached. */
  rateLimit(): Promise<RawAnswer>;
  /** A z14 coverage tile (`mly1_public`). */
  coverageTile(): Promise<Uint8Array>;
}

const RECORDED_IMAGE = '135511895288847';
const RECORDED_FEATURE = '496980935069177';

function readText(dir: string, ...parts: string[]): string {
  return readFileSync(path.join(dir, ...parts), 'utf8');
}

/** The recordings, read in place (never copied into the repository). */
export function recordedSource(dir: string): ServiceSource {
  const graph = path.join(dir, 'graph');
  const answer = (text: string): RawAnswer => ({ status: undefined, text });
  return {
    name: 'the recordings',
    image: () => Promise.resolve(answer(readText(graph, 'images', `${RECORDED_IMAGE}.json`))),
    // The recordings hold the items of the batch form's `data`: wrapped as it answers.
    imageBatch: () =>
      Promise.resolve(answer(`{"data":[${readText(graph, 'images', `${RECORDED_IMAGE}.json`)}]}`)),
    mapFeature: () =>
      Promise.resolve(answer(readText(graph, 'images', `${RECORDED_FEATURE}.json`))),
    detections: () =>
      Promise.resolve(
        readdirSync(path.join(graph, 'detections'))
          .sort()
          .map((file) => answer(readText(graph, 'detections', file))),
      ),
    imageIds: () =>
      Promise.resolve(answer(readText(graph, 'image_ids', '7nfcwfvjdtphz7yj6zat6a.json'))),
    invalidToken: () =>
      Promise.resolve(answer(readText(graph, 'errors', 'invalid_token_code190.json'))),
    rateLimit: () => Promise.resolve(answer(readText(graph, 'errors', 'rate_limit_code4.json'))),
    coverageTile: () =>
      Promise.resolve(
        new Uint8Array(readFileSync(path.join(dir, 'tiles', 'mly1_public', '14', '3252_6258.mvt'))),
      ),
  };
}

/** The fields a recording holds (its keys, less `id` and the recorder's own `comment`). */
export function recordedFields(text: string): string[] {
  return Object.keys(JSON.parse(text) as object).filter((k) => k !== 'id' && k !== 'comment');
}

/** The emulator, asked the same questions over HTTP with its client token in the header. */
export function emulatorSource(emulator: () => Emulator): ServiceSource {
  const get = async (pathAndQuery: string, token?: string): Promise<RawAnswer> => {
    const emu = emulator();
    const res = await fetch(`${emu.graphUrl}${pathAndQuery}`, {
      headers: { Authorization: `OAuth ${token ?? emu.clientToken}` },
    });
    return { status: res.status, text: await res.text() };
  };
  // An image as complete as the recorded one: reconstructed, with a mesh, EXIF and detections.
  const fullImage = () => {
    const image = emulator().dataset.images.find(
      (i) =>
        i.meshId !== undefined &&
        i.computedLon !== undefined &&
        i.altitude !== undefined &&
        i.exifOrientation !== undefined &&
        i.mergeCc !== undefined &&
        i.cameraType === 'perspective' &&
        i.detectionIds.length > 0,
    );
    if (!image) throw new Error('the emulated dataset has no complete image');
    return image;
  };
  return {
    name: 'the emulator',
    image: (fields) => get(`/${fullImage().id}?fields=${fields.join(',')}`),
    imageBatch: (fields) => get(`/images?image_ids=${fullImage().id}&fields=${fields.join(',')}`),
    mapFeature: (fields) => {
      const feature = emulator().dataset.mapFeatures.find((f) => f.objectType === 'trafficsign');
      if (!feature) throw new Error('the emulated dataset has no traffic sign');
      return get(`/${feature.id}?fields=${fields.join(',')}`);
    },
    detections: async (fields) => {
      const images = emulator()
        .dataset.images.filter((i) => i.detectionIds.length > 0)
        .slice(0, 6);
      return Promise.all(images.map((i) => get(`/${i.id}/detections?fields=${fields.join(',')}`)));
    },
    imageIds: () => {
      const sequence = emulator().dataset.sequences[1];
      if (!sequence) throw new Error('the emulated dataset has too few sequences');
      return get(`/image_ids?sequence_id=${sequence.id}`);
    },
    invalidToken: () =>
      get(`/${emulator().dataset.images[0]?.id ?? '1'}?fields=id`, 'MLY|123|00000000'),
    rateLimit: () => {
      emulator().addFault({ kind: 'rateLimit', count: 1, match: '/me' });
      return get('/me?fields=id');
    },
    coverageTile: async () => {
      const emu = emulator();
      const [lon, lat] = emu.dataset.center;
      const { x, y } = tileAt(lon, lat, 14);
      const res = await fetch(
        `${emu.tilesUrl}/mly1_public/2/14/${x}/${y}?access_token=${encodeURIComponent(emu.clientToken)}`,
      );
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}
