// The hover's Markdown: facts shown, service text escaped, command links that carry the id, and
// no picture but the `data:` URI it was given.
import { strict as assert } from 'node:assert';
import { type IdDescription } from '../../../src/shared/idDetect/idDescription';
import {
  ID_COMMANDS,
  idCommandUri,
  idHoverMarkdown,
} from '../../../src/shared/idDetect/idHoverText';

const image: IdDescription = {
  status: 'found',
  kind: 'image',
  id: '135511895288847',
  image: {
    id: '135511895288847',
    capturedAt: Date.UTC(2019, 6, 21, 14, 57, 52),
    creator: 'evil](command:workbench.action.quit)',
    isPano: true,
    position: [13, 55.6],
    detections: {
      total: 9,
      byValue: [
        ['regulatory--stop--g1', 3],
        ['object--sign', 2],
        ['a', 1],
        ['b', 1],
        ['c', 1],
        ['d', 1],
      ],
    },
  },
  thumbnail: { dataUri: 'data:image/jpeg;base64,/9j/AAAA', width: 256, height: 192 },
};

function commandLinks(markdown: string): { command: string; args: unknown }[] {
  return [...markdown.matchAll(/\]\(command:([\w.]+)\?([^)]+)\)/g)].map((m) => ({
    command: m[1] ?? '',
    args: JSON.parse(decodeURIComponent(m[2] ?? '')) as unknown,
  }));
}

describe('id hover text', () => {
  it('shows the thumbnail, date, creator, panorama and detections of an image', () => {
    const md = idHoverMarkdown(image);
    assert.ok(
      md.startsWith(
        '![Mapillary image 135511895288847](data:image/jpeg;base64,/9j/AAAA|width=256,height=192)',
      ),
    );
    assert.match(md, /Captured 2019\\-07\\-21 14:57:52 UTC/);
    assert.match(md, /panorama/);
    assert.match(
      md,
      /9 detections: regulatory\\-\\-stop\\-\\-g1 ×3, object\\-\\-sign ×2, a ×1, b ×1, c ×1, …/,
    );
  });

  it("escapes the service's text so it cannot add links", () => {
    const md = idHoverMarkdown(image);
    assert.ok(md.includes('evil\\]\\(command:workbench\\.action\\.quit\\)'));
    assert.ok(!commandLinks(md).some((l) => l.command === 'workbench.action.quit'));
  });

  it('links its three actions with the kind and id as the argument', () => {
    const links = commandLinks(idHoverMarkdown(image));
    assert.deepEqual(
      links.map((l) => l.command),
      [ID_COMMANDS.open, ID_COMMANDS.showOnMap, ID_COMMANDS.copyEmbed],
    );
    for (const link of links)
      assert.deepEqual(link.args, [{ kind: 'image', id: '135511895288847' }]);
    assert.equal(
      idCommandUri(ID_COMMANDS.open, 'sequence', 'abc'),
      'command:mapillary.ids.open?%5B%7B%22kind%22%3A%22sequence%22%2C%22id%22%3A%22abc%22%7D%5D',
    );
  });

  it('has no http(s) address in it: the picture is the data URI it was given', () => {
    const md = idHoverMarkdown(image);
    assert.ok(!/https?:/.test(md));
    const without = idHoverMarkdown({
      ...image,
      thumbnail: undefined,
      thumbnailNote: 'No thumbnail: gone',
    });
    assert.ok(!without.includes('!['));
    assert.match(without, /_No thumbnail: gone_/);
  });

  it('says when an id is unknown or the lookup failed', () => {
    assert.match(
      idHoverMarkdown({ status: 'missing', kind: 'sequence', id: 'abc' }),
      /does not know this sequence/,
    );
    assert.match(
      idHoverMarkdown({
        status: 'error',
        kind: 'image',
        id: '1',
        message: 'Lookups paused for 3 s.',
      }),
      /Lookups paused for 3 s\\\./,
    );
  });

  it('describes a sequence by its image count and first image, and a map feature by its value', () => {
    const sequence = idHoverMarkdown({
      status: 'found',
      kind: 'sequence',
      id: 'seq',
      sequence: { id: 'seq', imageCount: 12, firstImage: { id: '1', creator: 'ana' } },
    });
    assert.match(sequence, /12 images/);
    assert.match(sequence, /First image: Captured unknown · by \*\*ana\*\*/);
    const feature = idHoverMarkdown({
      status: 'found',
      kind: 'mapFeature',
      id: '9',
      feature: {
        id: '9',
        value: 'object--fire-hydrant',
        type: 'point',
        firstSeenAt: Date.UTC(2020, 0, 2),
      },
    });
    assert.match(feature, /object\\-\\-fire\\-hydrant \(point\)/);
    assert.match(feature, /Seen 2020\\-01\\-02 to unknown/);
  });
});
