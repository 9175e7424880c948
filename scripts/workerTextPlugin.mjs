// An esbuild plugin that builds a web worker's bundle and hands it to the page's bundle as text
// (`import source from 'virtual:<name>'`): a webview cannot start a worker from its resource
// origin, and its CSP allows workers from `blob:` only, so the page starts it from a Blob URL.
import * as esbuild from 'esbuild';

/**
 * The plugin for `virtual:<name>`, built from `entry` with `options` (minify and the like).
 * @param {string} name
 * @param {string} entry
 * @param {esbuild.BuildOptions} [options]
 * @returns {esbuild.Plugin}
 */
export function workerTextPlugin(name, entry, options = {}) {
  const filter = new RegExp(`^virtual:${name}$`);
  return {
    name: `worker-text-${name}`,
    setup(build) {
      build.onResolve({ filter }, () => ({ path: name, namespace: `worker-text-${name}` }));
      build.onLoad({ filter: /.*/, namespace: `worker-text-${name}` }, async () => {
        const result = await esbuild.build({
          entryPoints: [entry],
          bundle: true,
          platform: 'browser',
          format: 'iife',
          target: 'es2022',
          write: false,
          metafile: true,
          legalComments: 'none',
          ...options,
          outfile: `${name}.js`,
        });
        return {
          contents: `export default ${JSON.stringify(result.outputFiles?.[0]?.text ?? '')};`,
          loader: 'js',
          watchFiles: Object.keys(result.metafile?.inputs ?? {}),
        };
      });
    },
  };
}
