import { strict as assert } from 'node:assert';
import {
  childrenWithSequences,
  lowZoomMatcher,
} from '../../../src/shared/explorer/descentChildren';
import {
  type SequenceOwner,
  SequenceCollector,
} from '../../../src/shared/explorer/sequenceCollector';
import { areaFromBbox } from '../../../src/shared/geo/area';
import { decodeTile } from '../../../src/shared/tiles/boundedDecoder';
import { type DecodedTile } from '../../../src/shared/tiles/decodedTile';
import { type MvtFeature, type MvtPoint, encodeMvt } from '../../support/mvtWriter';

const TILE = { z: 10, x: 600, y: 400 };

function line(id: string, org: string, points: MvtPoint[], creator?: string): MvtFeature {
  return {
    type: 'LineString',
    properties: {
      id,
      organization_id: BigInt(org),
      ...(creator ? { creator_id: BigInt(creator) } : {}),
    },
    geometry: [points],
  };
}

function tile(features: MvtFeature[]): DecodedTile {
  const decoded = decodeTile(encodeMvt([{ name: 'sequence', features }]));
  assert.ok(decoded.ok);
  return decoded.value;
}

function children(decoded: DecodedTile, owner: SequenceOwner): string[] {
  const collector = new SequenceCollector(owner, areaFromBbox([-180, -85, 180, 85]));
  const matcher = lowZoomMatcher(owner, (l, f) => collector.matches(l, f));
  return childrenWithSequences(TILE, decoded, matcher).map((c) => `${c.x - 1200}${c.y - 800}`);
}

describe('children of a low-zoom tile that hold an owner’s sequences', () => {
  const decoded = tile([
    line('nw', '1', [
      [100, 100],
      [900, 700],
    ]),
    line('se', '2', [
      [3000, 3000],
      [3900, 3500],
    ]),
    line('across', '3', [
      [100, 3900],
      [3900, 100],
    ]),
    // Hugs the vertical centre line from the west: within the margin of the east half.
    line('centre', '4', [
      [2000, 300],
      [2030, 900],
    ]),
    // Only in the buffer beyond the east edge, farther than the margin.
    line('beyond', '5', [
      [4200, 100],
      [4300, 300],
    ]),
  ]);

  it('keeps the quarters the owner’s lines pass through, north-west first', () => {
    assert.deepEqual(children(decoded, { organizationId: '1' }), ['00']);
    assert.deepEqual(children(decoded, { organizationId: '2' }), ['11']);
    assert.deepEqual(children(decoded, { organizationId: '3' }), ['00', '10', '01', '11']);
    assert.deepEqual(children(decoded, { organizationId: '4' }), ['00', '10']);
    assert.deepEqual(children(decoded, { organizationId: '5' }), []);
    assert.deepEqual(children(decoded, { organizationId: '9' }), []);
  });

  it('keeps every line of the organization for a creator when the tile does not name creators', () => {
    assert.deepEqual(children(decoded, { creatorId: '77' }), ['00', '10', '01', '11']);
    assert.deepEqual(children(decoded, { organizationId: '2', creatorId: '77' }), ['11']);
    const named = tile([
      line(
        'a',
        '1',
        [
          [100, 100],
          [200, 200],
        ],
        '77',
      ),
      line(
        'b',
        '1',
        [
          [3000, 3000],
          [3100, 3100],
        ],
        '78',
      ),
    ]);
    assert.deepEqual(children(named, { creatorId: '77' }), ['00']);
  });
});
