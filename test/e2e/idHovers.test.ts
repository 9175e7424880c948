// End to end in the real VS Code host against the emulator, as a person uses it:
// - hovering an image id in a CSV the metadata export wrote, and one in a Markdown note, shows the
//   hover with the thumbnail (timed from the keystroke to the picture: the "hover on an id not seen
//   before" figure), and the hover's Show on Map opens the map;
// - "Welcome: Open Walkthrough…" lists the walkthrough, and a step is ticked off by its action.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { MapillaryApi } from '../../src/core/api/mapillaryApi';
import { idListInput } from '../../src/core/export/idInput';
import { DEFAULT_METADATA_COLUMNS } from '../../src/core/export/metadataColumns';
import { runMetadataJob } from '../../src/core/export/metadataJob';
import { GraphClient } from '../../src/core/http/graphClient';
import { type Emulator } from '../emulator/emulator';
import { mapFrame, runCommand } from '../support/vscodeHost';
import { clickExplorerFile } from '../support/explorerView';
import { waitFor } from '../support/waitFor';
import { E2E_OUT_DIR as outDir, useE2eSuite } from './e2eSuite';

/** Opens a workspace file from the Explorer view, folder by folder, as a person clicks it. */
async function openFile(page: Page, relativePath: string): Promise<void> {
  await clickExplorerFile(page, relativePath);
  const name = relativePath.split('/').at(-1) ?? relativePath;
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
}

/** Puts the cursor at line:column (1-based) with Go to Line. */
async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  // Go to Line opens the quick input with ":" already typed.
  await input.fill(`:${line}:${column}`);
  // Enter goes to the line once the quick input has read the text (its label names the line); a
  // key pressed before that, on a loaded machine, is lost: pressed again until the input closes.
  await page
    .locator(`.quick-input-widget input[aria-label^="Go to line ${line} and character ${column}"]`)
    .waitFor({ timeout: 30_000 });
  await waitFor(
    `Go to Line ${line}:${column} to close`,
    async () => {
      if (await input.isHidden()) return true;
      await page.keyboard.press('Enter');
      return input.waitFor({ state: 'hidden', timeout: 10_000 }).then(
        () => true,
        () => false,
      );
    },
    { timeoutMs: 60_000 },
  );
}

/** Shows the hover at the cursor (Ctrl+K Ctrl+I) and times it until its thumbnail is shown. */
async function hoverWithThumbnail(page: Page): Promise<{ ms: number; text: string; html: string }> {
  const started = performance.now();
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const picture = page.locator('.monaco-hover img[src^="data:image/jpeg;base64,"]').first();
  await picture.waitFor({ state: 'visible', timeout: 30_000 });
  const ms = performance.now() - started;
  const hover = page
    .locator('.monaco-hover', { has: page.locator('img[src^="data:image/jpeg;base64,"]') })
    .first();
  return { ms, text: await hover.innerText(), html: await hover.innerHTML() };
}

function findPosition(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is in the file`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 3 };
}

/** Has the emulator draw the 256 px picture of the size of `imageId`, for another image of that size. */
async function warmThumbnailDrawing(emulator: Emulator, imageId: string): Promise<void> {
  const image = emulator.dataset.images.find((i) => i.id === imageId);
  const twin = emulator.dataset.images.find(
    (i) => i.id !== imageId && i.width === image?.width && i.height === image?.height,
  );
  assert.ok(twin, 'another image of the same size');
  const headers = { authorization: `OAuth ${emulator.clientToken}` };
  const response = await fetch(`${emulator.graphUrl}/${twin.id}?fields=thumb_256_url`, { headers });
  const { thumb_256_url: url } = (await response.json()) as { thumb_256_url: string };
  await (await fetch(url)).arrayBuffer();
}

function shot(page: Page, name: string): Promise<unknown> {
  return page.screenshot({ path: path.join(outDir, name) }).catch(() => undefined);
}

/** The CSV "Export Metadata…" writes for the first 200 images: the same job, run on the emulator. */
async function exportedCsv(emulator: Emulator): Promise<string> {
  const api = new MapillaryApi(
    new GraphClient({
      baseUrl: emulator.graphUrl,
      getToken: () => Promise.resolve(emulator.clientToken),
    }),
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'mly-e2e-ids-'));
  try {
    const output = path.join(dir, 'metadata.csv');
    const job = await runMetadataJob(
      { api },
      {
        input: idListInput(
          emulator.dataset.images.slice(0, 200).map((i) => i.id),
          'image',
        ),
        output,
        columns: [...DEFAULT_METADATA_COLUMNS],
        format: 'csv',
      },
    );
    assert.ok(job.complete && job.written === 200);
    return readFileSync(output, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('end to end: ids explain themselves, and the walkthrough', function () {
  const suite = useE2eSuite({
    name: 'id-hover',
    emulator: { size: 'small', seed: 17 },
    workspaceFiles: async ({ emulator }) => {
      if (!emulator) throw new Error('the suite starts the emulator');
      const [linked, named] = emulator.dataset.images.slice(500, 502);
      assert.ok(linked && named);
      return {
        'mapillary-export/metadata.csv': await exportedCsv(emulator),
        'notes.md': `# Survey\n\nThe sign at [this corner](https://www.mapillary.com/app/?pKey=${linked.id}) is gone.\n\n**Image ID:** ${named.id}\n`,
      };
    },
  });
  const figures = suite.figures;
  let emulator: Emulator;
  let page: Page;
  let csv: string;
  let markdown: string;

  before(() => {
    emulator = suite.emulator;
    page = suite.page;
    csv = path.join(suite.host.workspaceDir, 'mapillary-export', 'metadata.csv');
    markdown = path.join(suite.host.workspaceDir, 'notes.md');
  });

  it('shows the walkthrough, and ticks off "Open the map" when the map is opened', async () => {
    await runCommand(page, 'Welcome: Open Walkthrough');
    const input = page.locator('.quick-input-widget input');
    await input.fill('Get Started with Mapillary Explorer');
    await page
      .locator('.quick-input-list .monaco-list-row', {
        hasText: 'Get Started with Mapillary Explorer',
      })
      .first()
      .click();
    const step = (title: string) =>
      page.locator('.getting-started-step', { hasText: title }).first();
    for (const title of [
      'Sign in, or use an access token',
      'Open the map',
      'Add an organization',
      'Step through a sequence in the viewer',
      'Export',
    ]) {
      await step(title).waitFor({ timeout: 30_000 });
    }
    // A step's check mark is a codicon with the class `complete` once the step is done.
    const done = (title: string) => step(title).locator('.codicon.complete').count();
    assert.equal(await done('Open the map'), 0);
    await shot(page, 'walkthrough.png');
    await runCommand(page, 'Mapillary: Open Map');
    await mapFrame(page);
    await runCommand(page, 'Welcome: Open Walkthrough');
    await input.fill('Get Started with Mapillary Explorer');
    await page
      .locator('.quick-input-list .monaco-list-row', {
        hasText: 'Get Started with Mapillary Explorer',
      })
      .first()
      .click();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.getting-started-step')].some(
          (el) => el.textContent?.includes('Open the map') && el.querySelector('.codicon.complete'),
        ),
      undefined,
      { timeout: 30_000 },
    );
    assert.equal(await done('Add an organization'), 0);
    // The walkthrough keeps the keyboard focus: give it back to the workbench.
    await page.locator('.part.sidebar').first().click();
  });

  it('hovers an image id in the exported CSV: thumbnail, date, creator, detections', async () => {
    const text = readFileSync(csv, 'utf8');
    const row = text.split('\n')[5] ?? '';
    const id = row.split(',')[1] ?? '';
    const image = emulator.dataset.images.find((i) => i.id === id);
    assert.ok(image);
    await openFile(page, 'mapillary-export/metadata.csv');
    const at = findPosition(text, `,${id},`);
    await goTo(page, at.line, at.column);
    // The emulator draws each picture size once, on first request; the real service serves stored
    // files. Draw this size now, outside the extension, so the figure measures the extension.
    await warmThumbnailDrawing(emulator, image.id);
    emulator.resetLog();
    const hover = await hoverWithThumbnail(page);
    figures.csvHoverMs = Math.round(hover.ms);
    console.log(
      `    hover on an id not seen before (CSV): ${hover.ms.toFixed(0)} ms to the thumbnail`,
    );
    assert.match(hover.text, /Mapillary image/);
    assert.match(hover.text, /Captured \d{4}-\d\d-\d\d/);
    const creator = emulator.dataset.users.find((u) => u.id === image.creatorId);
    assert.ok(creator && hover.text.includes(creator.username));
    assert.match(hover.text, image.detectionIds.length ? /\d+ detections?:/ : /No detections/);
    assert.ok(!/\/thumbs\/|oe=|sig=/.test(hover.html), 'no signed thumbnail URL in the hover');
    assert.equal(emulator.count('graph:'), 1, 'one batched read');
    assert.equal(emulator.count('thumb'), 1);
    await shot(page, 'id-hover-csv.png');

    // The same hover again is answered from the cache: what is left is the editor's own time.
    await page.keyboard.press('Escape');
    await page
      .locator('.monaco-hover img[src^="data:image/jpeg;base64,"]')
      .first()
      .waitFor({ state: 'hidden' });
    const again = await hoverWithThumbnail(page);
    figures.csvHoverCachedMs = Math.round(again.ms);
    console.log(
      `    the same hover again, from the cache: ${again.ms.toFixed(0)} ms to the thumbnail`,
    );
    assert.equal(emulator.count('graph:') + emulator.count('thumb'), 2, 'no request for it');

    // The hover's action: Show on Map opens the map.
    await page.locator('.monaco-hover a', { hasText: 'Show on Map' }).first().click();
    await mapFrame(page);
    await runCommand(page, 'View: Close All Editors');
  });

  it('hovers an id named in a Markdown note, and a mapillary.com link in it', async () => {
    const text = readFileSync(markdown, 'utf8');
    const named = emulator.dataset.images[501];
    const linked = emulator.dataset.images[500];
    assert.ok(named && linked);
    await openFile(page, 'notes.md');
    let at = findPosition(text, named.id);
    await goTo(page, at.line, at.column);
    await warmThumbnailDrawing(emulator, named.id);
    const first = await hoverWithThumbnail(page);
    figures.markdownHoverMs = Math.round(first.ms);
    console.log(
      `    hover on an id not seen before (Markdown): ${first.ms.toFixed(0)} ms to the thumbnail`,
    );
    assert.ok(first.text.includes(named.id));
    await page.keyboard.press('Escape');
    at = findPosition(text, linked.id);
    await goTo(page, at.line, at.column);
    const second = await hoverWithThumbnail(page);
    assert.ok(second.text.includes(linked.id));
    await shot(page, 'id-hover-markdown.png');
    await page.keyboard.press('Escape');
  });
});
