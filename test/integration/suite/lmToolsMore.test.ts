// The language-model tools added beside the first five, in the real extension host against the
// emulator: mapillary_imagesLookingAt and a polygon area through `vscode.lm.invokeTool`, and the
// export of a GeoPackage, of detections and of pictures through the registered tool object (its
// confirmation read from `prepareInvocation`, as a chat shows it; the end-to-end suite clicks it).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MapillaryExplorerApi } from '../../../src/extension/extension';
import { pointInArea } from '../../../src/shared/geo/area';
import { rankLookingAt } from '../../../src/shared/geo/pointQueries';
import { toolArea } from '../../../src/shared/lmTools/toolSchemaParts';
import { type Emulator } from '../../emulator/emulator';
import { type EmulatedHost, startEmulatedHost, stopEmulatedHost } from '../emulatedHost';

function json(result: vscode.LanguageModelToolResult): Record<string, unknown> {
  assert.equal(result.content.length, 1, 'one part');
  const part = result.content[0];
  assert.ok(part instanceof vscode.LanguageModelTextPart, 'a text part');
  return JSON.parse(part.value) as Record<string, unknown>;
}

const invoke = async (name: string, input: object) =>
  json(await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }));

function messageText(message: string | vscode.MarkdownString | undefined): string {
  return typeof message === 'string' ? message : (message?.value ?? '');
}

describe('language-model tools: looking at, polygons and exports', function () {
  this.timeout(120_000);
  let host: EmulatedHost<MapillaryExplorerApi>;
  let emulator: Emulator;
  let api: MapillaryExplorerApi;
  let root: string;
  const token = new vscode.CancellationTokenSource().token;

  before(async () => {
    host = await startEmulatedHost<MapillaryExplorerApi>({ seed: 11 });
    ({ emulator, api, workspace: root } = host);
  });

  after(() => stopEmulatedHost(host));

  const exportTool = () => api.languageModelTools.mapillary_exportImages;
  const runExport = async (input: object) =>
    json(
      (await exportTool().invoke(
        { input, toolInvocationToken: undefined },
        token,
      )) as vscode.LanguageModelToolResult,
    );

  it('imagesLookingAt lists the images facing a point, as the shared ranking ranks them', async () => {
    const images = emulator.dataset.images;
    const image = images.find((i) => !i.isPano);
    assert.ok(image);
    const rad = (image.compassAngle * Math.PI) / 180;
    const lon =
      image.lon + (20 * Math.sin(rad)) / (111_320 * Math.cos((image.lat * Math.PI) / 180));
    const lat = image.lat + (20 * Math.cos(rad)) / 110_540;
    const result = await invoke('mapillary_imagesLookingAt', {
      point: { lon, lat },
      radiusMeters: 80,
      maxAngleDegrees: 40,
      limit: 100,
    });
    const expected = rankLookingAt(
      images.map((i) => ({ id: i.id, lon: i.lon, lat: i.lat, compassAngle: i.compassAngle })),
      lon,
      lat,
      80,
      40,
    );
    assert.equal(result.count, expected.length);
    assert.deepEqual(
      (result.images as { id: string }[]).map((i) => i.id),
      expected.map((r) => r.image.id),
    );
    assert.ok((result.images as { id: string }[]).some((i) => i.id === image.id));
    const bad = await invoke('mapillary_imagesLookingAt', { point: { lon, lat }, radiusMeters: 0 });
    assert.match(String(bad.error), /^invalid input for mapillary_imagesLookingAt: radiusMeters: /);
  });

  it('searchImages takes a polygon and counts only what lies inside it', async () => {
    const [lon, lat] = emulator.dataset.center;
    const geometry = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [lon - 0.006, lat - 0.004],
          [lon + 0.006, lat - 0.004],
          [lon, lat + 0.004],
          [lon - 0.006, lat - 0.004],
        ],
      ],
    };
    const area = toolArea({ geometry });
    const expected = emulator.dataset.images.filter((i) => pointInArea(area, i.lon, i.lat));
    assert.ok(expected.length > 0);
    const result = await invoke('mapillary_searchImages', { area: { geometry }, limit: 3 });
    assert.equal(result.count, expected.length);
  });

  it('asks before writing a GeoPackage, naming it, and writes it once allowed', async () => {
    const ids = emulator.dataset.images.slice(0, 5).map((i) => i.id);
    const input = { imageIds: ids, format: 'gpkg', fileName: 'tool-gpkg' };
    const prepared = await exportTool().prepareInvocation?.({ input }, token);
    const confirmation = prepared?.confirmationMessages;
    assert.ok(confirmation);
    assert.equal(confirmation.title, 'Export Mapillary metadata');
    assert.match(
      messageText(confirmation.message),
      /Write the metadata of \*\*5 images\*\* as \*\*GeoPackage\*\* to `mapillary-export\/tool-gpkg\.gpkg`.*Layers: `images`/s,
    );
    const file = path.join(root, 'mapillary-export', 'tool-gpkg.gpkg');
    rmSync(file, { force: true });
    const result = await runExport(input);
    assert.equal(result.file, 'mapillary-export/tool-gpkg.gpkg');
    assert.equal(result.written, 5);
    assert.equal(readFileSync(file).subarray(0, 16).toString('latin1'), 'SQLite format 3\0');
  });

  it('asks before writing detections and downloading pictures, saying what and where', async () => {
    const images = emulator.dataset.images.filter((i) => i.detectionIds.length > 0).slice(0, 2);
    const ids = images.map((i) => i.id);
    const detections = { imageIds: ids, content: 'detections', format: 'coco' };
    const detectionsPrepared = await exportTool().prepareInvocation?.({ input: detections }, token);
    assert.equal(detectionsPrepared?.confirmationMessages?.title, 'Export Mapillary detections');
    assert.match(
      messageText(detectionsPrepared?.confirmationMessages?.message),
      /Write the detections of \*\*2 images\*\* as \*\*COCO annotation JSON\*\* to `mapillary-export\/detections\.coco\.json`/,
    );
    const written = await runExport(detections);
    assert.equal(written.file, 'mapillary-export/detections.coco.json');
    const coco = JSON.parse(
      readFileSync(path.join(root, 'mapillary-export', 'detections.coco.json'), 'utf8'),
    ) as { images: unknown[] };
    assert.equal(coco.images.length, 2);

    const downloads = { imageIds: ids, content: 'downloads', size: '256', fileName: 'tool-pics' };
    const downloadsPrepared = await exportTool().prepareInvocation?.({ input: downloads }, token);
    assert.equal(downloadsPrepared?.confirmationMessages?.title, 'Download Mapillary images');
    assert.match(
      messageText(downloadsPrepared?.confirmationMessages?.message),
      /Download the pictures of \*\*2 images\*\* at \*\*256 px\*\* into the folder `mapillary-export\/tool-pics\/`/,
    );
    const folder = path.join(root, 'mapillary-export', 'tool-pics');
    rmSync(folder, { recursive: true, force: true });
    const downloaded = await runExport(downloads);
    assert.equal(downloaded.folder, 'mapillary-export/tool-pics');
    assert.equal(downloaded.written, 2);
    assert.ok(existsSync(path.join(folder, 'manifest.csv')));
    for (const image of images) {
      assert.ok(existsSync(path.join(folder, image.sequenceId, `${image.id}_256.jpg`)));
    }
  });
});
