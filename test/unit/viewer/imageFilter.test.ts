// The closure-based image filter that replaces MapillaryJS's `new Function` one: on random filter
// expressions and random images it must decide exactly as the library's own generated code does.
// The library's FilterCreator is taken from the installed bundle's text and run here (Node has no
// CSP), so the comparison is with what the library really ships. The build's patch is checked on
// the installed bundle too: the method replaced once, no eval left.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { createImageFilter } from '../../../src/shared/viewer/imageFilter';
import { runInNewContext } from 'node:vm';
import { patchMapillary } from '../../../scripts/mapillaryFilterPlugin.mjs';

const bundlePath = createRequire(__filename).resolve('mapillary-js/dist/mapillary.module.js');
const bundle = readFileSync(bundlePath, 'utf8');

/** The library's FilterCreator class, cut from its bundle. */
function libraryFilterCreator(): { createFilter(filter: unknown): (node: unknown) => boolean } {
  const start = bundle.indexOf('class FilterCreator {');
  assert.ok(start > 0, 'the bundle has FilterCreator');
  let depth = 0;
  let end = start;
  for (let i = bundle.indexOf('{', start); i < bundle.length; i++) {
    if (bundle[i] === '{') depth++;
    else if (bundle[i] === '}' && --depth === 0) {
      end = i + 1;
      break;
    }
  }
  const FilterCreator = runInNewContext(`${bundle.slice(start, end)}; FilterCreator`) as new () => {
    createFilter(filter: unknown): (node: unknown) => boolean;
  };
  return new FilterCreator();
}

const keys = fc.constantFrom(
  'capturedAt',
  'sequenceId',
  'cameraType',
  'creatorId',
  'ownerId',
  'qualityScore',
);
const values = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom('a', 'b', 'spherical', 'perspective', '', '1'),
  fc.boolean(),
  fc.constant(null),
  fc.double({ noNaN: false }),
);
const comparison = fc.tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>='), keys, values);
const membership = fc
  .tuple(fc.constantFrom('in', '!in'), keys, fc.array(values, { maxLength: 4 }))
  .map(([op, key, list]) => [op, key, ...list]);
const simple = fc.oneof(comparison, membership);
const expression = fc.oneof(
  simple,
  fc.array(simple, { maxLength: 3 }).map((parts) => ['all', ...parts]),
  fc.constantFrom([], ['all'], ['unknown', 'x', 1]),
);
const image = fc.record({
  capturedAt: values,
  sequenceId: values,
  cameraType: values,
  creatorId: values,
  ownerId: values,
  qualityScore: values,
});

describe('viewer: the image filter without eval', () => {
  it('decides as the library generated code does, on random filters and images', () => {
    const library = libraryFilterCreator();
    fc.assert(
      fc.property(expression, fc.array(image, { minLength: 1, maxLength: 5 }), (filter, nodes) => {
        const theirs = library.createFilter(structuredClone(filter));
        const ours = createImageFilter(structuredClone(filter));
        for (const node of nodes)
          assert.equal(ours(node), theirs(node), JSON.stringify({ filter, node }));
      }),
      { numRuns: 2000 },
    );
  });

  it('lets everything through without a filter', () => {
    assert.equal(createImageFilter(undefined)({}), true);
    assert.equal(createImageFilter(null)({}), true);
    assert.equal(createImageFilter(['all'])({}), true);
  });

  it("patches the installed bundle's createFilter once, and leaves no eval in it", () => {
    const patched = patchMapillary(bundle);
    assert.doesNotMatch(patched, /new Function\s*\(/);
    assert.match(patched, /return __mlyCreateImageFilter\(filter\);/);
    assert.match(
      patched,
      /import \{ createImageFilter as __mlyCreateImageFilter \} from ".*imageFilter\.ts";/,
    );
    assert.throws(
      () => patchMapillary(bundle.replace('createFilter(filter) {', 'createFilter(f) {')),
      /found 0 times/,
    );
    assert.throws(
      () => patchMapillary(`${bundle}\nconst x = new Function('return 1');`),
      /still evaluates/,
    );
  });
});
