// The street-level viewer in headless Chromium, without VS Code: the real viewer bundle (built here
// with esbuild as esbuild.mjs builds it, MapillaryJS patched the same way) in a page under the
// webview's own CSP, and the host's side in this process: the extension's Mapillary client against
// the emulator, the ViewerService, and the host's end of the request channel. Messages cross as
// JSON with binary data in base64 (VS Code copies them across too). For the benchmark and for
// looking at the viewer while working on it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { type Browser, type Page } from 'playwright-core';
import { createMapillaryClient, type MapillaryClient } from '../src/core/api/mapillaryClient';
import { ViewerService, clientSources, serveViewer } from '../src/core/viewer/viewerService';
import { RequestChannel } from '../src/shared/channel/requestChannel';
import { buildViewerCsp } from '../src/extension/viewer/viewerHtml';
import { type ViewerToHost } from '../src/shared/viewer/viewerMessages';
import { type Emulator, type EmulatorOptions, startEmulator } from '../test/emulator/emulator';
import { repoRoot } from '../test/support/fixtures';
import { mapillaryFilterPlugin } from '../scripts/mapillaryFilterPlugin.mjs';
import { workerTextPlugin } from '../scripts/workerTextPlugin.mjs';
import { PAGE_BUILD, launchBenchBrowser } from './benchBrowser';

const ORIGIN = 'http://viewer.invalid';
const NONCE = 'YmVuY2huYmVuY2huYmVuY2g=';

// The page's stand-in for VS Code's API: messages to the host through a binding, binary data as
// base64; messages from the host dispatched as window message events, as VS Code does.
const BRIDGE = `(() => {
  const toB64 = (bytes) => { let s = ''; for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192)); return btoa(s); };
  const encode = (m) => JSON.stringify(m, (k, v) => v instanceof ArrayBuffer ? { __b64: toB64(new Uint8Array(v)) } : ArrayBuffer.isView(v) ? { __b64: toB64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) } : v);
  const decode = (t) => JSON.parse(t, (k, v) => v && typeof v === 'object' && typeof v.__b64 === 'string' ? Uint8Array.from(atob(v.__b64), (c) => c.charCodeAt(0)).buffer : v);
  let state;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__toHost(encode(m)),
    getState: () => state,
    setState: (s) => { state = s; },
  });
  window.__fromHost = (t) => window.dispatchEvent(new MessageEvent('message', { data: decode(t) }));
})();`;

function encode(message: unknown): string {
  return JSON.stringify(message, (_key, value: unknown) =>
    value instanceof ArrayBuffer
      ? { __b64: Buffer.from(value).toString('base64') }
      : value instanceof Uint8Array
        ? {
            __b64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'),
          }
        : value,
  );
}

function decode(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    const b64 = (value as { __b64?: unknown } | null)?.__b64;
    return typeof b64 === 'string' ? new Uint8Array(Buffer.from(b64, 'base64')).buffer : value;
  });
}

/** Builds the viewer bundle and its stylesheet. */
export async function buildViewer(): Promise<{ js: string; css: string }> {
  const result = await esbuild.build({
    entryPoints: [path.join(repoRoot, 'src/webview/viewer/viewerMain.ts')],
    ...PAGE_BUILD,
    outdir: 'out',
    plugins: [
      mapillaryFilterPlugin,
      workerTextPlugin(
        'tileCutterWorker',
        path.join(repoRoot, 'src/webview/viewer/tileCutterWorker.ts'),
        { minify: true },
      ),
    ],
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  return { js, css };
}

/** Options of {@link startViewerHarness}. */
export interface HarnessOptions {
  emulator?: EmulatorOptions;
  /** Extra Chromium flags (e.g. `--disable-webgl` for the plain picture view). */
  args?: string[];
  viewport?: { width: number; height: number };
}

/** A running viewer page with its host. */
export interface ViewerHarness {
  emulator: Emulator;
  page: Page;
  browser: Browser;
  service: ViewerService;
  client: MapillaryClient;
  /** Every notification the page sent, in order. */
  notifications: ViewerToHost[];
  /** Every request the page made, by method, with when it was answered. */
  answered: { method: string; params: unknown; at: number; sent: number }[];
  /** Every Graph read the host made for the viewer: what (`images (full)`, `images (spatial)`, `image_ids`, `detections`) and how many ids. */
  reads: { what: string; ids: number }[];
  /** CSP violations the page reported. */
  violations: string[];
  /** Requests from the page not answered yet. */
  inFlight(): number;
  /**
   * Tells the page to show an image, as the host does on a map click; with the image's sequence,
   * as a click on a coverage tile knows it.
   */
  show(imageId: string, sequenceId?: string, near?: readonly [number, number]): Promise<void>;
  /** Resolves with the first notification from now on that `match` accepts. */
  next<T extends ViewerToHost>(match: (m: ViewerToHost) => m is T, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/** Starts the emulator, the host side and the page (see the file comment). */
export async function startViewerHarness(options: HarnessOptions = {}): Promise<ViewerHarness> {
  const { js, css } = await buildViewer();
  const emulator = await startEmulator({ size: 'small', pictures: 'streets', ...options.emulator });
  const storage = mkdtempSync(path.join(tmpdir(), 'viewer-harness-'));
  const client = await createMapillaryClient({
    graphUrl: emulator.graphUrl,
    tilesUrl: emulator.tilesUrl,
    getToken: () => Promise.resolve(emulator.clientToken),
    clientToken: emulator.clientToken,
    storageDir: storage,
  });
  const reads: ViewerHarness['reads'] = [];
  const service = new ViewerService({
    onRead: (what, ids) => reads.push({ what, ids }),
    ...clientSources(() => Promise.resolve(client)),
  });
  const browser = await launchBenchBrowser(options.args);
  const page = await browser.newPage({
    viewport: options.viewport ?? { width: 1200, height: 800 },
  });
  const notifications: ViewerToHost[] = [];
  const answered: ViewerHarness['answered'] = [];
  const violations: string[] = [];
  const waiters: { match: (m: ViewerToHost) => boolean; resolve: (m: ViewerToHost) => void }[] = [];
  const toPage = (message: unknown): void => {
    void page
      .evaluate(`window.__fromHost(${JSON.stringify(encode(message))})`)
      .catch(() => undefined);
  };
  const pending = new Map<number, { method: string; params: unknown; sent: number }>();
  const channel = new RequestChannel({
    post: (message) => {
      if (message.type === 'response') {
        const asked = pending.get(message.id);
        pending.delete(message.id);
        if (asked) answered.push({ ...asked, at: performance.now() });
      }
      toPage(message);
    },
  });
  serveViewer(channel, service);
  await page.exposeFunction('__toHost', (text: string) => {
    const message = decode(text) as {
      type?: string;
      id?: number;
      method?: string;
      params?: unknown;
    };
    if (message.type === 'request' && message.id !== undefined) {
      pending.set(message.id, {
        method: message.method ?? '',
        params: message.params,
        sent: performance.now(),
      });
    }
    if (channel.receive(message)) return;
    const notification = message as ViewerToHost;
    notifications.push(notification);
    for (const waiter of [...waiters]) {
      if (waiter.match(notification)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(notification);
      }
    }
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  const csp = buildViewerCsp({ cspSource: ORIGIN, nonce: NONCE });
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const files: Record<string, [string, string]> = {
      '/bridge.js': ['text/javascript', BRIDGE],
      '/viewer.js': ['text/javascript', js],
      '/viewer.css': ['text/css', css],
    };
    if (url.pathname === '/') {
      return route.fulfill({
        contentType: 'text/html',
        body: `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="${csp}"><link rel="stylesheet" href="/viewer.css"></head><body><div id="viewer"></div><script nonce="${NONCE}" src="/bridge.js"></script><script nonce="${NONCE}" src="/viewer.js"></script></body></html>`,
      });
    }
    const file = files[url.pathname];
    if (file) return route.fulfill({ contentType: file[0], body: file[1] });
    return route.fulfill({ status: 404, body: '' });
  });
  const next = <T extends ViewerToHost>(
    match: (m: ViewerToHost) => m is T,
    timeoutMs = 60_000,
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such notification in time')), timeoutMs);
      waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as T);
        },
      });
    });
  const ready = next((m): m is ViewerToHost => m.type === 'ready');
  await page.goto(`${ORIGIN}/`);
  await ready;
  return {
    emulator,
    page,
    browser,
    service,
    client,
    notifications,
    answered,
    reads,
    violations,
    inFlight: () => pending.size,
    show: (imageId, sequenceId, near) => {
      if (sequenceId) service.records.expectSequence(imageId, sequenceId, near);
      toPage({ type: 'show', imageId });
      return Promise.resolve();
    },
    next,
    close: async () => {
      channel.dispose();
      service.dispose();
      await browser.close();
      await client.flush();
      await emulator.close();
      rmSync(storage, { recursive: true, force: true });
    },
  };
}
