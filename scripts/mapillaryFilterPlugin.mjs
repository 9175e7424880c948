// An esbuild plugin for the viewer bundle: MapillaryJS 4.1.2 builds its image filter with
// `new Function(...)` in `FilterCreator.createFilter`, and runs it in the Viewer's constructor even
// when no filter is set. The webviews' CSP has no 'unsafe-eval', so that one method is replaced here
// with a call to the closure-based builder in src/shared/viewer/imageFilter.ts. The build fails
// when the method is not found exactly once, or when anything else in the library still evaluates
// code, so that an upgrade cannot bring eval back silently.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

const ORIGINAL = `    createFilter(filter) {
        return new Function("node", "return " + this._compile(filter) + ";");
    }`;
const REPLACEMENT = `    createFilter(filter) {
        return __mlyCreateImageFilter(filter);
    }`;
const BUILDER = path.resolve(
  import.meta.dirname,
  '..',
  'src',
  'shared',
  'viewer',
  'imageFilter.ts',
);

/** Replaces `FilterCreator.createFilter` of the library's ES module (see the file comment). */
export function patchMapillary(source) {
  const parts = source.split(ORIGINAL);
  if (parts.length !== 2) {
    throw new Error(
      `mapillary-js: FilterCreator.createFilter found ${parts.length - 1} times, expected once; ` +
        'check scripts/mapillaryFilterPlugin.mjs against the installed version',
    );
  }
  const patched = parts.join(REPLACEMENT);
  const left = /new Function\s*\(|\beval\s*\(/.exec(patched);
  if (left) {
    throw new Error(`mapillary-js still evaluates code after the patch: "${left[0]}"`);
  }
  // Import declarations are hoisted, so appending one is as good as prepending it.
  return `${patched}\nimport { createImageFilter as __mlyCreateImageFilter } from ${JSON.stringify(BUILDER)};\n`;
}

/** @type {import('esbuild').Plugin} */
export const mapillaryFilterPlugin = {
  name: 'mapillary-filter',
  setup(build) {
    build.onLoad({ filter: /mapillary-js[\\/]dist[\\/]mapillary\.module\.js$/ }, async (args) => ({
      contents: patchMapillary(await readFile(args.path, 'utf8')),
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};
