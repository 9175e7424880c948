// The id detector: it finds ids where a column, a key, a link, a parameter or a variable name says
// one is likely, at the exact offsets an editor needs, and leaves every other number alone.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { type DetectedId } from '../../../src/shared/idDetect/detectedId';
import {
  detectIds,
  indexAt,
  nearbyIds,
  textFormatOf,
} from '../../../src/shared/idDetect/detectIds';
import { isLikelyId } from '../../../src/shared/idDetect/idRule';
import { describeWithRealFixtures } from '../../support/fixtures';
import { isId } from '../../../src/shared/ids';

const IMG = '135511895288847';
const IMG2 = '4235112816526838';
const SEQ = '7nfcwfvjdtphz7yj6zat6a';
const FEATURE = '496980935069177';

/** Each finding as `kind:id@text-at-its-range`, so offsets are checked too. */
function found(text: string, format: Parameters<typeof detectIds>[1]): string[] {
  return detectIds(text, format).map((d) => `${d.kind}:${d.id}@${text.slice(d.start, d.end)}`);
}

describe('id detector', () => {
  describe('CSV and TSV', () => {
    it('finds ids in the columns of a metadata export, and nothing in the other columns', () => {
      const csv = [
        'seq_id,img_id,captured_at,compass_angle,thumb_256_url,width',
        `${SEQ},${IMG},1563721072184,336.74,https://example.test/t.jpg?oe=1234567890123,4160`,
        `${SEQ},${IMG2},1563721073184,12.5,,4160`,
      ].join('\n');
      assert.deepEqual(found(csv, 'csv'), [
        `sequence:${SEQ}@${SEQ}`,
        `image:${IMG}@${IMG}`,
        `sequence:${SEQ}@${SEQ}`,
        `image:${IMG2}@${IMG2}`,
      ]);
    });

    it('reads quoted fields: commas and line breaks inside quotes, ids inside quotes', () => {
      const csv = [
        'note,"image_id",map_feature_id',
        `"a, b and ""c""",${IMG},"${FEATURE}"`,
        `"two\nlines, 1234567890123456",  "${IMG2}"  ,`,
      ].join('\r\n');
      const ids = detectIds(csv, 'csv');
      assert.deepEqual(
        ids.map((d) => [d.kind, d.id, csv.slice(d.start, d.end)]),
        [
          ['image', IMG, IMG],
          ['mapFeature', FEATURE, FEATURE],
          ['image', IMG2, IMG2],
        ],
      );
      // The quoted cell's range is its content, without the quotes.
      const quoted = ids[1] as DetectedId;
      assert.equal(csv[quoted.start - 1], '"');
      assert.equal(csv[quoted.end], '"');
    });

    it('takes `id` for an image id only beside Mapillary image fields', () => {
      const mapillary = `id,captured_at,is_pano\n${IMG},1563721072184,false\n`;
      assert.deepEqual(found(mapillary, 'csv'), [`image:${IMG}@${IMG}`]);
      const features = `id,object_value,first_seen_at\n${FEATURE},regulatory--stop--g1,2021-01-01\n`;
      assert.deepEqual(found(features, 'csv'), [`mapFeature:${FEATURE}@${FEATURE}`]);
      const shop = `id,name,price\n${IMG},lamp,12\n`;
      assert.deepEqual(found(shop, 'csv'), []);
    });

    it('sniffs the delimiter, and reads TSV by its tabs', () => {
      assert.deepEqual(found(`img_id;note\n${IMG};x\n`, 'csv'), [`image:${IMG}@${IMG}`]);
      assert.deepEqual(found(`Image ID\tnote\n${IMG}\tx, y\n`, 'tsv'), [`image:${IMG}@${IMG}`]);
    });

    it('skips a byte-order mark and comment lines before the header', () => {
      assert.deepEqual(found(`\uFEFF# exported\n\nimg_id\n${IMG}\n`, 'csv'), [
        `image:${IMG}@${IMG}`,
      ]);
    });

    it('leaves out values that are not ids, short numbers and CSVs without id columns', () => {
      const coco = 'image_id,category_id,bbox\n1,3,"[1,2,3,4]"\n42,3,"[5,6,7,8]"\n';
      assert.deepEqual(found(coco, 'csv'), [], 'COCO-style small image ids are not Mapillary ids');
      const bad = `img_id,seq_id\n0${IMG},a/b\n1.5e+15,${SEQ.slice(0, 5)}\n99999999999999999999999,\n`;
      assert.deepEqual(found(bad, 'csv'), []);
      const plain = `lat,lon,value\n55.6,13.0,${IMG}\n`;
      assert.deepEqual(found(plain, 'csv'), []);
    });
  });

  describe('JSON, JSON lines and GeoJSON', () => {
    it('finds the values of id-named keys, strings and numbers alike', () => {
      const json = `{"img_id": "${IMG}", "sequence_id": "${SEQ}", "count": ${IMG2}, "image_key": ${IMG2}}`;
      assert.deepEqual(found(json, 'json'), [
        `image:${IMG}@${IMG}`,
        `sequence:${SEQ}@${SEQ}`,
        `image:${IMG2}@${IMG2}`,
      ]);
    });

    it('takes `id` and `sequence` only inside records that look like Mapillary data', () => {
      const api = `{"data":[{"id":"${IMG}","captured_at":1563721072184,"sequence":"${SEQ}","creator":{"id":"${IMG2}","username":"x"}}]}`;
      assert.deepEqual(
        found(api, 'json'),
        [`image:${IMG}@${IMG}`, `sequence:${SEQ}@${SEQ}`],
        "the creator's id is a user id, not an image id",
      );
      assert.deepEqual(found(`{"id": "${IMG}", "name": "x", "sequence": "${SEQ}"}`, 'json'), []);
    });

    it('reads a GeoJSON Feature: its id counts by what its properties hold', () => {
      const geojson = `{"type":"FeatureCollection","features":[\n{"type":"Feature","id":"${FEATURE}","geometry":{"type":"Point","coordinates":[13.0,55.6]},"properties":{"object_value":"regulatory--stop--g1","first_seen_at":"2021-01-01"}}\n]}`;
      assert.deepEqual(found(geojson, 'json'), [`mapFeature:${FEATURE}@${FEATURE}`]);
    });

    it('reads JSON lines, comments and lists under plural keys', () => {
      const text = [
        `// picked by hand`,
        `{"img_id": "${IMG}"}`,
        `{"img_id": "${IMG2}", /* note */ "image_ids": ["${IMG}", ${IMG2}, "nope"]}`,
      ].join('\n');
      assert.deepEqual(
        found(text, 'json').map((s) => s.split('@')[0]),
        [`image:${IMG}`, `image:${IMG2}`, `image:${IMG}`, `image:${IMG2}`],
      );
    });

    it('survives broken text and keeps what it could read', () => {
      const text = `{"img_id": "${IMG}", "x": ]]] "unterminated\n{"seq_id": "${SEQ}"}`;
      assert.ok(found(text, 'json').includes(`image:${IMG}@${IMG}`));
    });
  });

  describe('links and parameters', () => {
    it('finds mapillary.com links in Markdown, with the whole link as the range', () => {
      const md = `See [the stop sign](https://www.mapillary.com/app/?pKey=${IMG}&focus=photo), then https://www.mapillary.com/app/?mapFeatureKey=${FEATURE}.`;
      assert.deepEqual(found(md, 'markdown'), [
        `image:${IMG}@https://www.mapillary.com/app/?pKey=${IMG}&focus=photo`,
        `mapFeature:${FEATURE}@https://www.mapillary.com/app/?mapFeatureKey=${FEATURE}`,
      ]);
    });

    it('knows the embed, the older paths, and links without a scheme', () => {
      const text = [
        `<iframe src="https://www.mapillary.com/embed?image_key=${IMG}&style=photo">`,
        `old: https://www.mapillary.com/map/im/${IMG2}`,
        `bare: www.mapillary.com/app/?pKey=${IMG}`,
      ].join('\n');
      assert.deepEqual(
        found(text, 'text').map((s) => s.split('@')[0]),
        [`image:${IMG}`, `image:${IMG2}`, `image:${IMG}`],
      );
    });

    it('ignores API hosts and links to other sites', () => {
      const text = `https://graph.mapillary.com/${IMG}?fields=id https://example.com/?pKey=${IMG2}x`;
      assert.deepEqual(found(text, 'text'), []);
    });

    it('finds bare pKey= and image_key= parameters', () => {
      const py = `url = base + "?pKey=${IMG}" + "&image_key=${IMG2}"`;
      assert.deepEqual(found(py, 'python'), [`image:${IMG}@${IMG}`, `image:${IMG2}@${IMG2}`]);
    });
  });

  describe('identifiers in code and prose', () => {
    it('finds values given to id-named variables, keys and arguments in Python', () => {
      const py = [
        `image_id = "${IMG}"`,
        `seq = {"sequence_key": '${SEQ}'}`,
        `fetch(image_id=${IMG2})`,
        `image_ids = [${IMG}, "${IMG2}", other_id]`,
        `if imageId == ${IMG2}: pass`,
      ].join('\n');
      assert.deepEqual(
        found(py, 'python').map((s) => s.split('@')[0]),
        [
          `image:${IMG}`,
          `sequence:${SEQ}`,
          `image:${IMG2}`,
          `image:${IMG}`,
          `image:${IMG2}`,
          `image:${IMG2}`,
        ],
      );
    });

    it('finds ids named in Markdown notes', () => {
      const md = `**Image ID:** ${IMG}\n\n- map_feature_id: \`${FEATURE}\`\n`;
      assert.deepEqual(found(md, 'markdown'), [
        `image:${IMG}@${IMG}`,
        `mapFeature:${FEATURE}@${FEATURE}`,
      ]);
    });

    it('leaves alone numbers that nothing marks as ids', () => {
      const text = [
        `The survey covered ${IMG} square metres on 1563721072184.`,
        `phone = "+46 40 123 456 78"; total = ${IMG2}; image_count = ${IMG}`,
        `image_id = 7   # a row number`,
        `sequence id: the next one`,
        `for image_id in ids: print(image_id)`,
      ].join('\n');
      assert.deepEqual(found(text, 'python'), []);
      assert.deepEqual(found(text, 'markdown'), []);
    });
  });

  it('names the format of a document by its file name, then its language', () => {
    assert.equal(textFormatOf('plaintext', '/w/images.csv'), 'csv');
    assert.equal(textFormatOf('plaintext', '/w/a.tsv'), 'tsv');
    assert.equal(textFormatOf('json', '/w/a.geojson'), 'json');
    assert.equal(textFormatOf('plaintext', '/w/a.jsonl'), 'json');
    assert.equal(textFormatOf('python', '/w/nb.ipynb'), 'python');
    assert.equal(textFormatOf('markdown', '/w/nb.ipynb'), 'markdown');
    assert.equal(textFormatOf('plaintext', '/w/notes'), 'text');
    assert.equal(textFormatOf('typescript', '/w/a.ts'), undefined);
  });

  it('finds the id under an offset, ends included', () => {
    const text = `img_id\n${IMG}\n${IMG2}\n`;
    const ids = detectIds(text, 'csv');
    const second = ids[1] as DetectedId;
    assert.equal(indexAt(ids, second.start), 1);
    assert.equal(indexAt(ids, second.end), 1);
    assert.equal(indexAt(ids, 2), -1, 'the header is not an id');
  });

  it('picks the ids near a hovered one, same kind, unknown only, nearest first', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${SEQ},${String(1_000_000_000_000 + i)}`);
    const text = `seq_id,img_id\n${rows.join('\n')}\n`;
    const ids = detectIds(text, 'csv');
    const hovered = ids.findIndex((d) => d.id === '1000000000010');
    const known = new Set(['1000000000011']);
    const near = nearbyIds(ids, hovered, 'image', 4, (id) => known.has(id));
    assert.deepEqual(near, ['1000000000009', '1000000000012', '1000000000008', '1000000000013']);
  });

  it('applies the id rule of each kind, with a floor on length for offering an id', () => {
    assert.ok(isId('image', '18446744073709551615'));
    assert.ok(!isId('image', '18446744073709551616'), 'above 2^64 - 1');
    assert.ok(!isId('image', '0123'));
    assert.ok(isId('sequence', 'QztYSJSr-EanBuImZ1ClSw'));
    assert.ok(!isId('sequence', 'a.b'));
    assert.ok(!isLikelyId('image', '123456'));
    assert.ok(isLikelyId('image', IMG));
    assert.ok(!isLikelyId('sequence', 'short'));
  });

  it('does not scan texts over the size limit, and stops at the id limit', () => {
    const text = `img_id\n${`${IMG}\n`.repeat(100)}`;
    assert.equal(detectIds(text, 'csv', { maxTextLength: 100, maxIds: 10 }).length, 0);
    assert.equal(detectIds(text, 'csv', { maxTextLength: 1e6, maxIds: 10 }).length, 10);
  });
});

describeWithRealFixtures('id detector on real API responses', (dir) => {
  const folder = path.join(dir, 'graph', 'images');
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.json'))) {
    it(`finds the entity and its sequence in ${file}, and no other id`, () => {
      const text = readFileSync(path.join(folder, file), 'utf8');
      const entity = JSON.parse(text) as { id: string; sequence?: string; object_value?: string };
      const ids = detectIds(text, 'json').map((d) => `${d.kind}:${d.id}`);
      // One recording in this folder is a map feature: its fields say so.
      const kind = entity.object_value === undefined ? 'image' : 'mapFeature';
      const expected = [`${kind}:${entity.id}`];
      if (entity.sequence) expected.push(`sequence:${entity.sequence}`);
      // Nested mesh, sfm_cluster, creator, detection and feature-image ids are not offered.
      assert.deepEqual([...ids].sort(), expected.sort());
    });
  }
});
