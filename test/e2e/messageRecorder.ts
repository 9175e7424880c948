// Records, in every frame of the workbench, each message a frame receives and each message it
// posts through a port, as text (binary data as Latin-1), so that a test can search everything that
// crossed a webview's boundary (for tokens and signed URLs).
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
