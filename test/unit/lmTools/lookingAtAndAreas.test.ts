// mapillary_imagesLookingAt and the polygon areas of the area tools, on the core against the
// emulator: the images a tool lists are the ones the shared ranking picks from the dataset, a
// polygon keeps only what lies inside it (holes left out), and the inputs are checked first.
import { strict as assert } from 'node:assert';
import { MapillaryApi } from '../../../src/core/api/mapillaryApi';
import { createMapillaryClient } from '../../../src/core/api/mapillaryClient';
import { imagesLookingAtTool } from '../../../src/core/lmTools/imagesLookingAtTool';
import { mapFeaturesInAreaTool } from '../../../src/core/lmTools/mapFeaturesInAreaTool';
import { searchImagesTool } from '../../../src/core/lmTools/searchImagesTool';
import { sequencesInAreaTool } from '../../../src/core/lmTools/sequencesInAreaTool';
import { pointInArea } from '../../../src/shared/geo/area';
import { bearingDegrees, rankLookingAt } from '../../../src/shared/geo/pointQueries';
import { parseToolInput } from '../../../src/shared/lmTools/toolInputs';
import { toolArea } from '../../../src/shared/lmTools/toolSchemaParts';
import { makeClient, useEmulator } from '../core/harness';

type Ring = [number, number][];

/** A closed square ring of half-side `d` degrees around a point. */
function square(lon: number, lat: number, d: number): Ring {
  return [
    [lon - d, lat - d],
    [lon + d, lat - d],
    [lon + d, lat + d],
    [lon - d, lat + d],
    [lon - d, lat - d],
  ];
}

/** A closed triangle ring, a shape no bbox describes. */
function triangle(lon: number, lat: number, d: number): Ring {
  return [
    [lon - d, lat - d],
    [lon + d, lat - d],
    [lon, lat + d],
    [lon - d, lat - d],
  ];
}

/** A point `metres` ahead of an image, along its compass angle. */
function ahead(
  image: { lon: number; lat: number; compassAngle: number },
  metres: number,
): [number, number] {
  const rad = (image.compassAngle * Math.PI) / 180;
  return [
    image.lon + (metres * Math.sin(rad)) / (111_320 * Math.cos((image.lat * Math.PI) / 180)),
    image.lat + (metres * Math.cos(rad)) / 110_540,
  ];
}

describe('language-model tools: imagesLookingAt and polygon areas (emulator)', function () {
  this.timeout(60_000);
  const emulator = useEmulator();
  const api = () => new MapillaryApi(makeClient(emulator()).client);

  it('imagesLookingAt lists what the shared ranking picks, the most squarely facing first', async () => {
    const images = emulator().dataset.images;
    const image = images.find((i) => !i.isPano && i.capturedAt > 0);
    assert.ok(image);
    const [lon, lat] = ahead(image, 20);
    const parsed = parseToolInput('mapillary_imagesLookingAt', {
      point: { lon, lat },
      radiusMeters: 60,
      maxAngleDegrees: 30,
      limit: 100,
    });
    assert.ok(parsed.ok);
    const result = await imagesLookingAtTool(api(), parsed.value);
    const expected = rankLookingAt(
      images.map((i) => ({ id: i.id, lon: i.lon, lat: i.lat, compassAngle: i.compassAngle })),
      lon,
      lat,
      60,
      30,
    );
    const listed = result.images as {
      id: string;
      offAxisDegrees: number;
      distanceMeters: number;
    }[];
    assert.equal(result.count, expected.length);
    assert.equal(result.countIsExact, true);
    assert.deepEqual(
      listed.map((i) => i.id),
      expected.slice(0, 100).map((r) => r.image.id),
    );
    assert.ok(listed.some((i) => i.id === image.id));
    assert.ok(listed.every((i) => i.offAxisDegrees <= 30 && i.distanceMeters <= 60));
    const facing = bearingDegrees(image.lon, image.lat, lon, lat);
    assert.ok(
      Math.abs(facing - image.compassAngle) < 1 || Math.abs(facing - image.compassAngle) > 359,
    );
    const first = await imagesLookingAtTool(api(), { ...parsed.value, limit: 1 });
    assert.equal((first.images as unknown[]).length, 1);
    assert.equal(first.count, expected.length, 'the count covers every image, not the listed ones');
  });

  it('imagesLookingAt filters by panorama through the service', async () => {
    const images = emulator().dataset.images;
    const pano = images.find((i) => i.isPano);
    assert.ok(pano);
    const [lon, lat] = ahead(pano, 20);
    const parsed = parseToolInput('mapillary_imagesLookingAt', {
      point: { lon, lat },
      radiusMeters: 1000,
      maxAngleDegrees: 90,
      isPano: true,
      limit: 100,
    });
    assert.ok(parsed.ok);
    const result = await imagesLookingAtTool(api(), parsed.value);
    const candidates = images.map((i) => ({
      id: i.id,
      lon: i.lon,
      lat: i.lat,
      compassAngle: i.compassAngle,
    }));
    const panos = new Set(images.filter((i) => i.isPano).map((i) => i.id));
    const all = rankLookingAt(candidates, lon, lat, 1000, 90);
    const expected = all.filter((r) => panos.has(r.image.id));
    assert.ok(expected.length > 0 && all.length > expected.length, 'both kinds face the point');
    assert.equal(result.count, expected.length);
    assert.ok((result.images as { isPano: boolean }[]).every((i) => i.isPano));
  });

  it('refuses a point, radius or angle out of bounds with what to fix', () => {
    const problem = (input: unknown) => {
      const parsed = parseToolInput('mapillary_imagesLookingAt', input);
      assert.ok(!parsed.ok);
      return parsed.message;
    };
    assert.match(problem({ point: { lon: 200, lat: 10 } }), /point\.lon: Too big/);
    assert.match(
      problem({ point: { lon: 13, lat: 55 }, radiusMeters: 5000 }),
      /radiusMeters: Too big/,
    );
    assert.match(
      problem({ point: { lon: 13, lat: 55 }, maxAngleDegrees: 0 }),
      /maxAngleDegrees: Too small/,
    );
    const defaults = parseToolInput('mapillary_imagesLookingAt', { point: { lon: 13, lat: 55 } });
    assert.ok(defaults.ok);
    assert.deepEqual(
      [defaults.value.radiusMeters, defaults.value.maxAngleDegrees, defaults.value.limit],
      [100, 50, 20],
    );
  });

  it('searchImages in a polygon counts only what lies inside it, holes left out', async () => {
    const emu = emulator();
    const [lon, lat] = emu.dataset.center;
    const geometry = {
      type: 'Polygon' as const,
      coordinates: [triangle(lon, lat, 0.006), square(lon, lat - 0.002, 0.001)],
    };
    const parsed = parseToolInput('mapillary_searchImages', { area: { geometry }, limit: 100 });
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
    const area = toolArea(parsed.value.area);
    const expected = emu.dataset.images.filter((i) => pointInArea(area, i.lon, i.lat));
    const inHole = emu.dataset.images.filter((i) =>
      pointInArea(
        toolArea({ geometry: { type: 'Polygon', coordinates: [square(lon, lat - 0.002, 0.001)] } }),
        i.lon,
        i.lat,
      ),
    );
    assert.ok(expected.length > 5 && inHole.length > 0, 'the shape and its hole hold images');
    const result = await searchImagesTool(api(), parsed.value);
    assert.equal(result.count, expected.length);
    const ids = new Set(expected.map((i) => i.id));
    assert.ok((result.images as { id: string }[]).every((i) => ids.has(i.id)));
  });

  it('mapFeaturesInArea and sequencesInArea take a polygon too', async () => {
    const emu = emulator();
    const [lon, lat] = emu.dataset.center;
    const geometry = {
      type: 'MultiPolygon' as const,
      coordinates: [[triangle(lon, lat, 0.005)], [square(lon + 0.012, lat, 0.002)]],
    };
    const area = toolArea({ geometry });
    const features = await mapFeaturesInAreaTool(api(), { area: { geometry }, limit: 5 });
    const expected = emu.dataset.mapFeatures.filter((f) => pointInArea(area, f.lon, f.lat));
    assert.ok(expected.length > 0);
    assert.equal(features.count, expected.length);

    const client = await createMapillaryClient({
      graphUrl: emu.graphUrl,
      tilesUrl: emu.tilesUrl,
      getToken: () => Promise.resolve(emu.clientToken),
      clientToken: emu.clientToken,
    });
    const org = emu.dataset.organizations[0];
    assert.ok(org);
    const sequences = await sequencesInAreaTool(client.tiles, {
      area: { geometry },
      organizationId: org.id,
      limit: 200,
    });
    const expectedSequences = new Set(
      emu.dataset.images
        .filter((i) => i.organizationId === org.id && pointInArea(area, i.lon, i.lat))
        .map((i) => i.sequenceId),
    );
    assert.equal(sequences.count, expectedSequences.size);
  });

  it('refuses an area with both or neither shape, and a broken polygon, saying why', () => {
    const problem = (area: unknown) => {
      const parsed = parseToolInput('mapillary_searchImages', { area });
      assert.ok(!parsed.ok);
      return parsed.message;
    };
    const geometry = { type: 'Polygon', coordinates: [triangle(13, 55, 0.01)] };
    assert.match(problem({}), /area: give exactly one of bbox or geometry/);
    assert.match(
      problem({ bbox: [12.9, 54.9, 13.1, 55.1], geometry }),
      /area: give exactly one of bbox or geometry/,
    );
    const open = [...square(13, 55, 0.01).slice(0, 4), [13.005, 54.99]];
    assert.match(
      problem({ geometry: { type: 'Polygon', coordinates: [open] } }),
      /area\.geometry: .*closed/,
    );
    assert.match(
      problem({
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [1300000, 5500000],
              [1300100, 5500000],
              [1300000, 5500100],
              [1300000, 5500000],
            ],
          ],
        },
      }),
      /area\.geometry: .*longitude -180\.\.180/,
    );
    assert.match(
      problem({ geometry: { type: 'Point', coordinates: [13, 55] } }),
      /area\.geometry\.type: Invalid option/,
    );
  });
});
