// Searches over shapes: the parts a shape is cut into cover it, stay within its extent and are
// few; items are kept once, only when inside the shape; and what listing an area may cost is said
// and asked for by the same rules in both front ends.
import { strict as assert } from 'node:assert';
import { type Bbox } from '../../../src/shared/api/bbox';
import { searchInArea, searchParts } from '../../../src/core/geo/areaSearch';
import { areaFromBbox, pointInArea } from '../../../src/shared/geo/area';
import { parseAreaGeoJson } from '../../../src/shared/geo/areaGeoJson';
import {
  listingCost,
  listingCostText,
  needsConfirmation,
} from '../../../src/shared/explorer/listingCost';

// An L of about 40 by 40 km with a square hole, near Nicosia.
const L_SHAPE = parseAreaGeoJson(
  JSON.stringify({
    type: 'Polygon',
    coordinates: [
      [
        [33.0, 35.0],
        [33.4, 35.0],
        [33.4, 35.15],
        [33.15, 35.15],
        [33.15, 35.35],
        [33.0, 35.35],
        [33.0, 35.0],
      ],
      [
        [33.05, 35.05],
        [33.05, 35.1],
        [33.1, 35.1],
        [33.1, 35.05],
        [33.05, 35.05],
      ],
    ],
  }),
);

function inBox(box: Bbox, lon: number, lat: number): boolean {
  return lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3];
}

/** A few thousand points on a grid over the area's extent. */
function grid(box: Bbox, steps = 60): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; j <= steps; j++) {
      out.push([
        box[0] + ((box[2] - box[0]) * i) / steps,
        box[1] + ((box[3] - box[1]) * j) / steps,
      ]);
    }
  }
  return out;
}

describe('area searches', () => {
  it('searches a bbox area in one part, wholly inside', () => {
    const area = areaFromBbox([13, 55, 13.1, 55.1]);
    assert.deepEqual(searchParts(area), [{ bbox: [13, 55, 13.1, 55.1], inside: true }]);
  });

  it('cuts a shape into at most 64 parts within its extent that cover it', () => {
    const parts = searchParts(L_SHAPE);
    assert.ok(parts.length > 1 && parts.length <= 64, `${parts.length} parts`);
    const [w, s, e, n] = L_SHAPE.bbox;
    for (const part of parts) {
      assert.ok(part.bbox[0] >= w && part.bbox[1] >= s && part.bbox[2] <= e && part.bbox[3] <= n);
    }
    let covered = 0;
    for (const [lon, lat] of grid(L_SHAPE.bbox)) {
      if (!pointInArea(L_SHAPE, lon, lat)) continue;
      covered += 1;
      assert.ok(
        parts.some((p) => inBox(p.bbox, lon, lat)),
        `${lon},${lat} lies in no part`,
      );
    }
    assert.ok(covered > 1000);
    for (const part of parts.filter((p) => p.inside)) {
      for (const [lon, lat] of grid(part.bbox, 6)) {
        assert.ok(pointInArea(L_SHAPE, lon, lat), 'an inside part lies wholly in the shape');
      }
    }
    // Outside the L's corner, nothing is searched.
    assert.ok(!parts.some((p) => inBox(p.bbox, 33.35, 35.3)));
  });

  it('keeps each item once, only inside the shape and outside its hole', async () => {
    const items = grid(L_SHAPE.bbox, 40).map(([lon, lat], i) => ({
      id: String(1000 + i),
      geometry: { type: 'Point', coordinates: [lon, lat] },
    }));
    const searched: Bbox[] = [];
    const search = async function* (bbox: Bbox) {
      searched.push(bbox);
      // Answers come later, as from the network.
      await Promise.resolve();
      // Edges included, as the service does: an item on a shared edge comes from both parts.
      for (const item of items) {
        const [lon = NaN, lat = NaN] = item.geometry.coordinates;
        if (inBox(bbox, lon, lat)) yield item;
      }
    };
    const found: string[] = [];
    for await (const item of searchInArea(L_SHAPE, search)) found.push(item.id);
    const want = items
      .filter((i) => pointInArea(L_SHAPE, i.geometry.coordinates[0]!, i.geometry.coordinates[1]!))
      .map((i) => i.id);
    assert.equal(new Set(found).size, found.length, 'no item twice');
    assert.deepEqual([...found].sort(), [...want].sort());
    assert.equal(searched.length, searchParts(L_SHAPE).length);
  });

  it('says what a listing may cost, and asks over the threshold or beyond the day’s budget', () => {
    const cyprus = areaFromBbox([32.2, 34.5, 34.7, 35.8]);
    const cost = listingCost(cyprus, 50_000);
    assert.ok(cost.maxTiles > cost.z14Tiles && cost.z14Tiles > 5000);
    assert.ok(needsConfirmation(cost));
    assert.ok(!needsConfirmation(cost, 20_000));
    assert.ok(needsConfirmation({ ...cost, remaining: 100 }, 20_000));
    const text = listingCostText({ ...cost, remaining: 100 }, { organizationId: '42' });
    assert.match(
      text,
      /^Listing the sequences of organization 42 in this area may read up to [\d,]+ coverage tiles/,
    );
    assert.match(text, /100 of today's tile requests remain/);
    assert.match(text, /run it again after midnight UTC/);
    const small = listingCost(areaFromBbox([13, 55.6, 13.01, 55.61]), Infinity);
    assert.ok(!needsConfirmation(small));
    assert.doesNotMatch(listingCostText(small, { creatorId: '7' }), /remain/);
  });
});
