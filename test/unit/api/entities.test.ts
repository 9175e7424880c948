import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import {
  collectionSchema,
  detectionSchema,
  idKeyedSchema,
  idSchema,
  imageIdsSchema,
  imageSchema,
  mapFeatureSchema,
  meSchema,
  organizationSchema,
  userSchema,
} from '../../../src/shared/api/entities';
import { DEFAULT_IMAGE_FIELDS, fieldsParam } from '../../../src/shared/api/fields';
import { describeWithRealFixtures } from '../../support/fixtures';

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

describeWithRealFixtures('entity schemas against real Mapillary responses', (dir) => {
  const graph = path.join(dir, 'graph');

  it('accepts every real image entity and keeps its fields', () => {
    const files = readdirSync(path.join(graph, 'images')).filter(
      (f) => f !== '496980935069177.json',
    );
    assert.ok(files.length >= 6);
    for (const file of files) {
      const raw = readJson(path.join(graph, 'images', file)) as Record<string, unknown>;
      const image = imageSchema.parse(raw);
      assert.equal(image.id, path.basename(file, '.json'));
      assert.equal(image.id, raw.id);
      assert.equal(typeof image.captured_at, 'number');
      assert.equal(image.camera_type, 'perspective');
      assert.equal(image.sequence, '7nfcwfvjdtphz7yj6zat6a');
      assert.equal(image.geometry?.coordinates.length, 2);
      assert.equal(
        typeof image.merge_cc,
        'string',
        'merge_cc arrives as a float and becomes a string',
      );
      assert.ok(Array.isArray(image.detections?.data));
    }
  });

  it('accepts the map feature with the undocumented object_type "trafficsign"', () => {
    const raw = readJson(path.join(graph, 'images', '496980935069177.json'));
    const feature = mapFeatureSchema.parse(raw);
    assert.equal(feature.id, '496980935069177');
    assert.equal(feature.object_type, 'trafficsign');
    assert.equal(feature.object_value, 'complementary--both-directions--g2');
    assert.deepEqual(
      feature.images?.data.map((i) => i.id),
      ['133075088816573', '512146709982392', '828719391332432'],
    );
  });

  it('accepts every real detections response', () => {
    const files = readdirSync(path.join(graph, 'detections'));
    assert.ok(files.length >= 6);
    let total = 0;
    for (const file of files) {
      const page = collectionSchema(detectionSchema).parse(
        readJson(path.join(graph, 'detections', file)),
      );
      assert.equal(page.rejected, 0, file);
      for (const detection of page.data) {
        assert.match(detection.id ?? '', /^\d+$/);
        assert.match(detection.geometry ?? '', /^[A-Za-z0-9+/=]+$/);
        assert.ok(detection.value);
        total++;
      }
    }
    assert.ok(total > 10);
  });

  it('reads the real image_ids response in order', () => {
    const ids = imageIdsSchema.parse(
      readJson(path.join(graph, 'image_ids', '7nfcwfvjdtphz7yj6zat6a.json')),
    );
    assert.equal(ids.length, 8);
    assert.equal(ids[0], '148137757289079');
    assert.equal(ids[7], '311681117131457');
  });
});

describe('entity schemas, tolerance', () => {
  it('accepts an image with every field missing and an empty object', () => {
    assert.deepEqual(
      Object.values(imageSchema.parse({})).filter((v) => v !== undefined),
      [],
    );
    assert.equal(imageSchema.parse({ id: '1' }).id, '1');
  });

  it('accepts unknown camera types, captured_at 0 and unknown fields', () => {
    const image = imageSchema.parse({
      id: '12',
      camera_type: 'brown',
      captured_at: 0,
      brand_new_field: { x: 1 },
    });
    assert.equal(image.camera_type, 'brown');
    assert.equal(image.captured_at, 0);
    assert.deepEqual((image as Record<string, unknown>).brand_new_field, { x: 1 });
  });

  it('drops a mistyped or null field instead of failing the entity', () => {
    const image = imageSchema.parse({ id: '5', compass_angle: 'north', geometry: null, width: 10 });
    assert.equal(image.compass_angle, undefined);
    assert.equal(image.geometry, undefined);
    assert.equal(image.width, 10);
  });

  it('keeps string ids exactly and turns numeric ids into strings', () => {
    assert.equal(idSchema.parse('00123'), '00123');
    assert.equal(idSchema.parse('98765432109876543'), '98765432109876543');
    assert.equal(idSchema.parse(123), '123');
    // A float id that reached the schema as a number: the digits of the literal, nothing invented.
    assert.equal(idSchema.parse(4.546427159383e18), '4.546427159383e+18');
    assert.equal(idSchema.parse(5.2826592657222e17), '5.2826592657222e+17');
    assert.equal(imageSchema.parse({ id: 4235112816526838 }).id, '4235112816526838');
    assert.equal(imageSchema.parse({ id: '98765432109876543' }).id, '98765432109876543');
    assert.equal(idSchema.safeParse('').success, false);
  });

  it('accepts organizations, users and /me; /me needs an id', () => {
    assert.equal(organizationSchema.parse({ id: '1', slug: 's' }).slug, 's');
    assert.equal(userSchema.parse({ id: 7, username: 'u' }).id, '7');
    assert.equal(meSchema.parse({ id: '9', username: 'me' }).username, 'me');
    assert.equal(meSchema.safeParse({ username: 'me' }).success, false);
  });

  it('keeps the good items of a collection page and counts the bad ones', () => {
    const page = collectionSchema(z.looseObject({ id: idSchema })).parse({
      data: [{ id: '1' }, { nope: true }, { id: 2 }],
      paging: { cursors: { before: 'a', after: 'b' }, next: 'https://g/x?after=b' },
    });
    assert.deepEqual(
      page.data.map((d) => d.id),
      ['1', '2'],
    );
    assert.equal(page.rejected, 1);
    assert.equal(page.paging?.next, 'https://g/x?after=b');
    assert.equal(collectionSchema(imageSchema).safeParse({ nodata: [] }).success, false);
  });

  it('reads the id-keyed ?ids= answer with string keys', () => {
    const result = idKeyedSchema(imageSchema).parse({
      '98765432109876543': { id: '98765432109876543', captured_at: 5 },
      '2': { captured_at: 'x' },
      '3': 'not an object',
    });
    assert.equal(result.found.get('98765432109876543')?.captured_at, 5);
    assert.ok(result.found.has('2'));
    assert.deepEqual(result.rejected, ['3']);
  });

  it('builds a fields parameter that always includes id once', () => {
    assert.equal(fieldsParam(['geometry', 'id', ' geometry ']), 'id,geometry');
    assert.ok(fieldsParam(DEFAULT_IMAGE_FIELDS).startsWith('id,'));
  });
});
