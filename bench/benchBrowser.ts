// What the benchmarks that run in headless Chromium share: the browser as they launch it, a page
// bundled with esbuild from the webview's own modules (a drawing worker's code inlined as text, as
// esbuild.mjs does), and an origin of their own whose every request is answered from this process.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import { repoRoot } from '../test/support/fixtures';
import { workerTextPlugin } from '../scripts/workerTextPlugin.mjs';

/** The Chromium the benchmarks drive (the same one as the end-to-end suites). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches headless Chromium with the flags every benchmark uses, then `extraArgs`. */
export function launchBenchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      // Lets the page collect garbage between sections.
      '--js-flags=--expose-gc',
      ...extraArgs,
    ],
  });
}

/** How the benchmarks bundle a page's script: one minified file for the browser, kept in memory. */
export const PAGE_BUILD = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  write: false,
} satisfies esbuild.BuildOptions;

/** A page script and the worker it imports as `virtual:<worker.name>`. */
export interface BenchPageSource {
  /** The page's entry, TypeScript importing from the repository's root. */
  contents: string;
  /** The name esbuild gives the entry in its messages. */
  sourcefile: string;
  worker: { name: string; entry: string };
}

/** Bundles a benchmark page (stylesheets left out: the page carries Leaflet's). */
export async function bundleBenchPage(source: BenchPageSource): Promise<string> {
  const page = await esbuild.build({
    stdin: {
      contents: source.contents,
      resolveDir: repoRoot,
      loader: 'ts',
      sourcefile: source.sourcefile,
    },
    ...PAGE_BUILD,
    loader: { '.css': 'empty' },
    plugins: [
      workerTextPlugin(source.worker.name, path.join(repoRoot, source.worker.entry), {
        minify: true,
      }),
    ],
  });
  return page.outputFiles[0]?.text ?? '';
}

/** What a route answers with (Playwright's `route.fulfill` options). */
export type Answer = Parameters<Route['fulfill']>[0];

/**
 * Serves `origin` to `page`: `/` is an empty document with Leaflet's stylesheet, `/bench.js` is
 * `code`, and every other path is what `serve` answers, or a 404. No Content-Security-Policy: the
 * benchmarks measure speed, not the webview's policy (which the end-to-end suites check). The
 * page is then opened and `code` loaded into it.
 */
export async function openBenchPage(
  page: Page,
  origin: string,
  code: string,
  serve: (url: URL) => Answer | undefined,
): Promise<void> {
  const css = readFileSync(path.join(repoRoot, 'node_modules/leaflet/dist/leaflet.css'), 'utf8');
  await page.route(`${origin}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/') {
      return route.fulfill({
        contentType: 'text/html',
        body: `<!DOCTYPE html><html><head><style>${css}</style></head><body></body></html>`,
      });
    }
    if (url.pathname === '/bench.js') {
      return route.fulfill({ contentType: 'text/javascript', body: code });
    }
    return route.fulfill(serve(url) ?? { status: 404, body: '' });
  });
  await page.goto(`${origin}/`);
  await page.addScriptTag({ url: `${origin}/bench.js` });
}
