// Records, in every frame of the workbench, each message a frame receives and each message it
// posts through a port, as text (binary data as Latin-1), so that a test can search everything that
// crossed a webview's boundary (for tokens and signed URLs).
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/**
 * Records, in a frame, each message it receives and each message it posts through a port, as
 * text (binary data as Latin-1), for the token search. Plain JavaScript in a string: functions
 * passed from this file would carry the TypeScript runner's helpers into the page.
 */
export const RECORDER = `(() => {
  if (window.__mlyRecorded) return;
  const records = [];
  window.__mlyRecorded = records;
  const latin1 = (bytes) => {
    let out = '';
    for (let i = 0; i < bytes.length; i += 8192) {
      out += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, Math.min(bytes.length, i + 8192))));
    }
    return out;
  };
  const serialize = (data) => {
    try {
      return JSON.stringify(data, (key, value) => {
        if (value instanceof ArrayBuffer) return 'bytes:' + latin1(new Uint8Array(value));
        if (ArrayBuffer.isView(value)) {
          return 'bytes:' + latin1(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        }
        return value;
      });
    } catch (e) {
      return String(data);
    }
  };
  window.addEventListener('message', (event) => records.push(serialize(event.data)), true);
  const original = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (...args) {
    records.push(serialize(args[0]));
    return original.apply(this, args);
  };
})();`;

/** Starts the recorder in every frame of the page (frames created later get it from the context). */
export async function recordAllFrames(page: Page): Promise<void> {
  await Promise.all(page.frames().map((f) => f.evaluate(RECORDER).catch(() => undefined)));
}

/**
 * What the recorder holds in every frame but the workbench's own (the webviews' frames): the
 * workbench passes its settings, which name the service, to its workers, and that traffic never
 * reaches a webview.
 */
export async function webviewRecords(page: Page): Promise<string[]> {
  const out: string[] = [];
  for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
    const recorded = await frame
      .evaluate(() => (window as unknown as { __mlyRecorded?: string[] }).__mlyRecorded ?? [])
      .catch(() => [] as string[]);
    out.push(...recorded);
  }
  return out;
}

/** What {@link searchFrames} found in one frame. */
export interface FrameSearch {
  url: string;
  /** Messages recorded. */
  records: number;
  /** Answers to tile requests (host to webview) among them. */
  tileAnswers: number;
  /** Tile requests (webview to host) among them. */
  tileRequests: number;
  /** Recorded messages, documents and resource URLs that contain one of the needles. */
  leaks: number;
  /** Bytes searched. */
  bytes: number;
}

/**
 * Searches every frame's recorded messages, its final DOM and the URLs of the resources it
 * loaded for any of `needles`. (No named functions inside the page's callback: the test runner's
 * transform would wrap them in a helper the page does not have.)
 */
export async function searchFrames(page: Page, needles: readonly string[]): Promise<FrameSearch[]> {
  const perFrame = await Promise.all(
    page.frames().map((f) =>
      f
        .evaluate((wanted) => {
          const records = (window as unknown as { __mlyRecorded?: string[] }).__mlyRecorded ?? [];
          const html = document.documentElement.outerHTML;
          const resources = performance.getEntriesByType('resource').map((e) => e.name);
          return {
            url: location.href.slice(0, 120),
            records: records.length,
            tileAnswers: records.filter(
              (r) => r.includes('"type":"response"') && r.includes('"method":"tile"'),
            ).length,
            tileRequests: records.filter(
              (r) => r.includes('"type":"request"') && r.includes('"method":"tile"'),
            ).length,
            leaks: [...records, html, ...resources].filter((text) =>
              wanted.some((needle) => text.includes(needle)),
            ).length,
            bytes: records.reduce((n, r) => n + r.length, 0) + html.length,
          };
        }, needles)
        .catch(() => undefined),
    ),
  );
  return perFrame.filter((f) => f !== undefined);
}

/**
 * Searches every frame (see {@link searchFrames}) and `requestUrls` for the client token: whole,
 * URL-encoded, or its secret part. Writes what was searched to `reportFile`, and asserts that
 * tile traffic was recorded both ways and that the token appears nowhere.
 */
export async function assertNoToken(
  page: Page,
  token: string,
  requestUrls: readonly string[],
  reportFile: string,
): Promise<FrameSearch[]> {
  const secretPart = token.split('|').pop() ?? token;
  const frames = await searchFrames(page, [token, secretPart]);
  writeFileSync(reportFile, JSON.stringify(frames, null, 2));
  assert.ok(
    frames.some((f) => f.records > 0),
    'messages were recorded',
  );
  assert.ok(
    frames.some((f) => f.tileAnswers > 0),
    'tile answers (host to webview) were recorded',
  );
  assert.ok(
    frames.some((f) => f.tileRequests > 0),
    'tile requests (webview to host) were recorded',
  );
  assert.equal(
    frames.reduce((n, f) => n + f.leaks, 0),
    0,
    'the token appears nowhere',
  );
  const leakingUrls = requestUrls.filter(
    (u) => u.includes(token) || u.includes(encodeURIComponent(token)) || u.includes(secretPart),
  );
  assert.deepEqual(leakingUrls, [], 'no request URL carries the token');
  return frames;
}
