// Every real id in the recordings of the service, of every kind, is accepted by every consumer of
// ids: the rule itself, the message schemas of the map, the map's click, the input reader of the
// exports, "Open Image", the embed, the API client's path check, the image answer the host sends,
// the map's filters and the command line. One consumer that refuses a real id fails here.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/cli';
import { parseIdInput } from '../../src/core/export/idInput';
import { checkId } from '../../src/shared/api/ids';
import { imageWebUrl } from '../../src/shared/explorer/embedSnippet';
import { parseImageRef } from '../../src/shared/explorer/imageRef';
import { ID_KINDS, isId, idProblem, type IdKind } from '../../src/shared/ids';
import { shapeImageAnswer } from '../../src/shared/map/imageAnswer';
import { DEFAULT_MAP_SETTINGS, mapSettingsSchema } from '../../src/shared/map/mapSettings';
import { imageToOpen } from '../../src/shared/map/picking';
import { openImageRequest, parseHostMessage, parseWebviewMessage } from '../../src/shared/messages';
import { decodeTile } from '../../src/shared/tiles/boundedDecoder';
import { featureProperty } from '../../src/shared/tiles/featureProperties';
import { describeWithRealFixtures } from '../support/fixtures';
import { check } from '../../src/shared/channel/channelMessages';
import { Capture } from '../support/cliRun';

type Json = Record<string, unknown>;

const readJson = (file: string): Json => JSON.parse(readFileSync(file, 'utf8')) as Json;
const idsOf = (list: unknown): string[] =>
  ((list as { data?: { id?: unknown }[] } | undefined)?.data ?? []).map((d) => String(d.id));

/** The real ids of each kind found in the recordings. */
function realIds(dir: string): Record<IdKind, Set<string>> {
  const ids = Object.fromEntries(ID_KINDS.map((k) => [k, new Set<string>()])) as Record<
    IdKind,
    Set<string>
  >;
  const graph = path.join(dir, 'graph');
  for (const file of readdirSync(path.join(graph, 'images'))) {
    const entity = readJson(path.join(graph, 'images', file));
    // One recording in the images folder is a map feature (it has an object type).
    if (entity.object_type !== undefined) {
      ids.mapFeature.add(String(entity.id));
      for (const image of idsOf(entity.images)) ids.image.add(image);
      continue;
    }
    ids.image.add(String(entity.id));
    if (typeof entity.sequence === 'string') ids.sequence.add(entity.sequence);
    for (const detection of idsOf(entity.detections)) ids.detection.add(detection);
  }
  for (const file of readdirSync(path.join(graph, 'detections'))) {
    for (const d of (readJson(path.join(graph, 'detections', file)).data ?? []) as Json[]) {
      ids.detection.add(String(d.id));
      const image = (d.image as Json | undefined)?.id;
      if (typeof image === 'string') ids.image.add(image);
    }
  }
  for (const file of readdirSync(path.join(graph, 'image_ids'))) {
    ids.sequence.add(path.basename(file, '.json'));
    for (const image of idsOf(readJson(path.join(graph, 'image_ids', file)))) ids.image.add(image);
  }
  // The coverage tiles carry sequence keys of both generations (lower case, and base64url).
  const tiles = path.join(dir, 'tiles', 'mly1_public', '14');
  for (const file of readdirSync(tiles)) {
    const decoded = decodeTile(new Uint8Array(readFileSync(path.join(tiles, file))), {
      timeLimitMs: 30_000,
    });
    assert.ok(decoded.ok, file);
    for (const layer of decoded.value.layers) {
      const key = layer.name === 'sequence' ? 'id' : 'sequence_id';
      for (const feature of layer.features) {
        const value = featureProperty(layer, feature, key);
        if (typeof value === 'string' && value !== '') ids.sequence.add(value);
      }
    }
  }
  // The recordings hold no organization or creator id (this capture's tiles leave
  // `organization_id` empty, and no entity names its creator). Both are entity ids of the same
  // form as every other numeric id the service sends, so they get every recorded entity id.
  for (const kind of ['organization', 'creator'] as const) {
    for (const other of ['image', 'detection', 'mapFeature'] as const) {
      for (const id of ids[other]) ids[kind].add(id);
    }
  }
  return ids;
}

/** What each consumer says about an id of a kind: true when it takes it. */
const consumers: Record<string, (kind: IdKind, id: string) => boolean | undefined> = {
  'the rule': (kind, id) => isId(kind, id) && idProblem(kind, id) === undefined,
  'the API path check': (kind, id) => {
    try {
      return checkId(id, kind) === id;
    } catch {
      return false;
    }
  },
  'the map: openImage request': (kind, id) =>
    kind === 'image' ? check(openImageRequest.params, { imageId: id }).success : undefined,
  'the map: selection': (kind, id) =>
    kind === 'image' ? parseWebviewMessage({ type: 'selection', imageIds: [id] }).ok : undefined,
  'the map: click on an image': (kind, id) =>
    kind === 'image' ? imageToOpen({ kind: 'image', index: 0, id, distance: 0 }) === id : undefined,
  'the map: highlighted sequences': (kind, id) =>
    kind === 'sequence'
      ? parseHostMessage({ type: 'highlightSequences', sequenceIds: [id] }).ok
      : undefined,
  'the map: filters': (kind, id) => {
    if (kind !== 'organization' && kind !== 'creator') return undefined;
    const key = kind === 'organization' ? 'organizationId' : 'creatorId';
    const settings = {
      ...DEFAULT_MAP_SETTINGS,
      filters: { ...DEFAULT_MAP_SETTINGS.filters, [key]: id },
    };
    return mapSettingsSchema.safeParse(settings).success;
  },
  'the host: image answer': (kind, id) => {
    if (kind !== 'image' && kind !== 'detection') return undefined;
    const answer = shapeImageAnswer({
      imageId: kind === 'image' ? id : '1',
      image: {},
      detections: [{ id: kind === 'detection' ? id : '2', value: 'x', geometry: 'GjUK' }],
      thumbnail: null,
    });
    const kept = kind === 'image' ? answer.image.id : answer.detections[0]?.id;
    return kept === id && check(openImageRequest.result, answer).success;
  },
  'the export input reader': (kind, id) => {
    if (kind !== 'image' && kind !== 'sequence') return undefined;
    const header = kind === 'image' ? 'seq_id,img_id' : 'org_id,seq_id';
    const row = kind === 'image' ? `7nfcwfvjdtphz7yj6zat6a,${id}` : `1,${id}`;
    return parseIdInput(`${header}\n${row}\n`, kind).ids[0] === id;
  },
  '"Open Image" and its links': (kind, id) =>
    kind === 'image'
      ? [id, `https://www.mapillary.com/app/?pKey=${id}`, `mapillary.com/map/im/${id}`].every(
          (text) => {
            const ref = parseImageRef(text);
            return ref.ok && ref.id === id;
          },
        )
      : undefined,
  'the embed link': (kind, id) => (kind === 'image' ? imageWebUrl(id).endsWith(id) : undefined),
};

/** Runs the command line with a fetch that records the URLs asked and answers `{}`. */
async function cli(argv: string[]): Promise<{ stderr: string; urls: string[] }> {
  const urls: string[] = [];
  const stderr = new Capture();
  await runCli(['--api-url', 'http://graph.invalid', '--retries', '0', ...argv], {
    stdout: new Capture(),
    stderr,
    env: { MAPILLARY_ACCESS_TOKEN: 'MLY|1234567890|0123456789abcdef0123456789abcdef' },
    fetch: (input) => {
      urls.push(String(input instanceof Request ? input.url : input));
      return Promise.resolve(new Response('{}', { status: 200 }));
    },
  });
  return { stderr: stderr.text, urls };
}

// Never ids: path tricks, white space, and (for entities) a double's exponent form, a sign, a
// leading zero, a number beyond 64 bits. Empty is left out: the map's filters take it as "none".
const HOSTILE_ANY = ['../x', '1/detections', '1?fields=x', 'a b', 'x'.repeat(65), 'ab%2F'];
const HOSTILE_ENTITY = ['1e+21', '-5', '0123', '18446744073709551616', '1'.repeat(21), 'abc'];

/** The consumer's verdict, a throw counting as a refusal. */
function verdictOf(
  accepts: (kind: IdKind, id: string) => boolean | undefined,
  kind: IdKind,
  id: string,
) {
  try {
    return accepts(kind, id);
  } catch {
    return false;
  }
}

describeWithRealFixtures('one id rule: every real id of every kind, every consumer', (dir) => {
  const ids = realIds(dir);

  it('finds real ids of every kind in the recordings', () => {
    for (const kind of ID_KINDS) assert.ok(ids[kind].size > 0, kind);
    // Both generations of sequence keys, and more than a handful of each kind.
    assert.ok([...ids.sequence].some((k) => /^[a-z0-9]{22}$/.test(k)));
    assert.ok([...ids.sequence].some((k) => /[A-Z_-]/.test(k)));
    assert.ok(ids.sequence.size > 100 && ids.image.size >= 8 && ids.detection.size >= 10);
  });

  for (const [name, accepts] of Object.entries(consumers)) {
    it(`${name} accepts every real id of the kinds it takes, and refuses hostile ones`, () => {
      let checked = 0;
      for (const kind of ID_KINDS) {
        for (const id of ids[kind]) {
          const verdict = verdictOf(accepts, kind, id);
          if (verdict === undefined) continue;
          assert.equal(verdict, true, `${name} refuses the real ${kind} id ${id}`);
          checked++;
        }
        for (const id of [...HOSTILE_ANY, ...(kind === 'sequence' ? [] : HOSTILE_ENTITY)]) {
          const verdict = verdictOf(accepts, kind, id);
          if (verdict !== undefined) assert.equal(verdict, false, `${name} takes ${kind} "${id}"`);
        }
      }
      assert.ok(checked > 0, `${name} was given ids`);
    });
  }

  it('the command line takes real ids for every id option, and sends them to the service', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'mly-ids-'));
    try {
      const image = [...ids.image][0]!;
      const sequence = [...ids.sequence].find((k) => /[A-Z_-]/.test(k))!;
      const metadata = await cli(['metadata', '--ids', image, '-o', path.join(out, 'meta.csv')]);
      assert.ok(
        metadata.urls.some((u) => u.includes(image)),
        `metadata asked for ${image}: ${metadata.urls.join(' ')} ${metadata.stderr}`,
      );
      const images = await cli(['images', '--ids', sequence, '-o', path.join(out, 'images.csv')]);
      assert.ok(
        images.urls.some((u) => u.includes(`sequence_id=${sequence}`)),
        `images asked for ${sequence}: ${images.urls.join(' ')} ${images.stderr}`,
      );
      for (const option of ['--org', '--creator-id']) {
        for (const id of [...ids.organization].slice(0, 5)) {
          // Without --bbox the command stops at the area, after the ids passed.
          const result = await cli(['sequences', option, id]);
          assert.match(result.stderr, /needs --bbox/, `${option} ${id}: ${result.stderr}`);
        }
        const refused = await cli(['sequences', option, '1e+21']);
        assert.match(refused.stderr, /not a valid Mapillary (organization|creator) id/);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
