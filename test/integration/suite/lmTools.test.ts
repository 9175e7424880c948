// The language-model tools in the real extension host, against the emulator: listed by
// `vscode.lm.tools`, invoked with `vscode.lm.invokeTool` as a chat would (inputs, outputs, bad input,
// no token, cancellation), and the export's confirmation read from the tool object's
// `prepareInvocation`. (Answering the confirmation dialog needs a click: the end-to-end suite does it.)
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { type AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MapillaryExplorerApi } from '../../../src/extension/extension';
import { TOOL_NAMES } from '../../../src/shared/lmTools/toolNames';
import { type Emulator } from '../../emulator/emulator';
import { type EmulatedHost, startEmulatedHost, stopEmulatedHost } from '../emulatedHost';

function json(result: vscode.LanguageModelToolResult): Record<string, unknown> {
  assert.equal(result.content.length, 1, 'one part');
  const part = result.content[0];
  assert.ok(part instanceof vscode.LanguageModelTextPart, 'a text part');
  return JSON.parse(part.value) as Record<string, unknown>;
}

const invoke = async (name: string, input: object, token?: vscode.CancellationToken) =>
  json(await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, token));

async function waitFor(what: string, probe: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('language-model tools', function () {
  this.timeout(120_000);
  let host: EmulatedHost<MapillaryExplorerApi>;
  let emulator: Emulator;
  let api: MapillaryExplorerApi;
  let area: { bbox: number[] };
  const config = () => vscode.workspace.getConfiguration('mapillary');

  before(async () => {
    host = await startEmulatedHost<MapillaryExplorerApi>({ seed: 11 });
    ({ emulator, api } = host);
    const [lon, lat] = emulator.dataset.center;
    area = { bbox: [lon - 0.006, lat - 0.004, lon + 0.006, lat + 0.004] };
  });

  after(async () => {
    emulator?.setLatency(0);
    await stopEmulatedHost(host, ['export.folder']);
  });

  beforeEach(() => emulator.resetLog());

  const inArea = (lon: number, lat: number) =>
    lon >= area.bbox[0]! && lon <= area.bbox[2]! && lat >= area.bbox[1]! && lat <= area.bbox[3]!;

  it('are listed by vscode.lm.tools with their schema and tags', () => {
    const listed = vscode.lm.tools.filter((t) => t.name.startsWith('mapillary_'));
    assert.deepEqual(listed.map((t) => t.name).sort(), [...TOOL_NAMES].sort());
    for (const tool of listed) {
      assert.ok(tool.description.length > 200, `${tool.name} has its model description`);
      assert.equal((tool.inputSchema as { type?: string } | undefined)?.type, 'object');
      assert.ok(tool.tags.includes('mapillary'));
    }
  });

  it('searchImages counts and lists the images of an area', async () => {
    const expected = emulator.dataset.images.filter((i) => inArea(i.lon, i.lat));
    const result = await invoke('mapillary_searchImages', { area, limit: 5 });
    assert.equal(result.count, expected.length);
    assert.equal((result.images as unknown[]).length, 5);
    assert.ok(!JSON.stringify(result).includes(emulator.clientToken));
  });

  it('imageDetails, mapFeaturesInArea and sequencesInArea answer from the service', async () => {
    const image = emulator.dataset.images.find((i) => i.detectionIds.length > 0);
    assert.ok(image);
    const details = await invoke('mapillary_imageDetails', { imageIds: [image.id] });
    const [first] = details.images as { id: string; detections: { total: number } }[];
    assert.equal(first?.id, image.id);
    assert.equal(first?.detections.total, image.detectionIds.length);

    const features = await invoke('mapillary_mapFeaturesInArea', {
      area,
      values: ['regulatory--*'],
    });
    const signs = emulator.dataset.mapFeatures.filter(
      (f) => f.objectValue.startsWith('regulatory--') && inArea(f.lon, f.lat),
    );
    assert.equal(features.count, signs.length);

    const org = emulator.dataset.organizations[0];
    assert.ok(org);
    const sequences = await invoke('mapillary_sequencesInArea', { area, organizationId: org.id });
    const expected = new Set(
      emulator.dataset.images
        .filter((i) => i.organizationId === org.id && inArea(i.lon, i.lat))
        .map((i) => i.sequenceId),
    );
    assert.equal(sequences.count, expected.size);
  });

  it('answers bad input with what to fix, and asks nothing of the service', async () => {
    const result = await invoke('mapillary_searchImages', {
      area: { bbox: [13, 56, 12, 55] },
      limit: 0,
    });
    assert.match(
      String(result.error),
      /^invalid input for mapillary_searchImages: area\.bbox: .*limit: /,
    );
    const notAnObject = await invoke('mapillary_imageDetails', { imageIds: 'all of them' });
    assert.match(String(notAnObject.error), /imageIds: Invalid input: expected array/);
    assert.equal(emulator.requests().length, 0);
  });

  it('says "no client token" when there is none', async () => {
    delete process.env.MAPILLARY_ACCESS_TOKEN;
    try {
      const result = await invoke('mapillary_imageDetails', { imageIds: ['135511895288847'] });
      assert.match(
        String(result.error),
        /^no client token: sign in with the command "Mapillary: Sign In"/,
      );
      assert.equal(emulator.requests().length, 0);
    } finally {
      process.env.MAPILLARY_ACCESS_TOKEN = emulator.clientToken;
    }
  });

  it('stops when the call is cancelled, aborting its request', async () => {
    // A pass-through in front of the emulator tells when the tool's request has arrived (the
    // emulator logs a request only once answered) and whether the tool hung up before the answer.
    let arrived = 0;
    let abandoned = 0;
    const proxy = createServer((req, res) => {
      arrived += 1;
      res.on('close', () => {
        if (!res.writableFinished) abandoned += 1;
      });
      const upstream = httpRequest(
        `${emulator.graphUrl}${req.url ?? '/'}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as AddressInfo).port;
    await config().update(
      'api.graphUrl',
      `http://127.0.0.1:${port}`,
      vscode.ConfigurationTarget.Global,
    );
    emulator.setLatency(10_000);
    const source = new vscode.CancellationTokenSource();
    try {
      const pending = vscode.lm.invokeTool(
        'mapillary_searchImages',
        { input: { area, limit: 1 }, toolInvocationToken: undefined },
        source.token,
      );
      await waitFor('the search to reach the service', () => arrived > 0);
      source.cancel();
      const error = await Promise.resolve(pending).then(
        () => assert.fail('a cancelled call must not resolve'),
        (e: unknown) => e as Error,
      );
      assert.match(`${error.name} ${error.message}`, /cancel/i);
      await waitFor('the request to be abandoned', () => abandoned > 0);
    } finally {
      source.dispose();
      emulator.setLatency(0);
      await config().update('api.graphUrl', emulator.graphUrl, vscode.ConfigurationTarget.Global);
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('asks before exporting, naming the file, and writes it once allowed', async () => {
    const tool = api.languageModelTools.mapillary_exportImages;
    const ids = emulator.dataset.images.slice(0, 3).map((i) => i.id);
    const input = { imageIds: ids, format: 'csv', fileName: 'tool-test' };
    const token = new vscode.CancellationTokenSource().token;
    const prepared = await tool.prepareInvocation?.({ input }, token);
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!root) {
      // @vscode/test-electron opens no folder: the tool says so instead of writing anywhere.
      assert.equal(prepared?.confirmationMessages, undefined);
      const result = json(
        (await tool.invoke(
          { input, toolInvocationToken: undefined },
          token,
        )) as vscode.LanguageModelToolResult,
      );
      assert.match(String(result.error), /^no workspace folder is open/);
      return;
    }
    const confirmation = prepared?.confirmationMessages;
    assert.ok(confirmation, 'the export asks for confirmation');
    assert.equal(confirmation.title, 'Export Mapillary metadata');
    const message =
      typeof confirmation.message === 'string' ? confirmation.message : confirmation.message.value;
    assert.match(
      message,
      /Write the metadata of \*\*3 images\*\* as \*\*CSV\*\* to `mapillary-export\/tool-test\.csv`/,
    );
    const file = path.join(root, 'mapillary-export', 'tool-test.csv');
    rmSync(file, { force: true });
    assert.equal(emulator.requests().length, 0, 'preparing reads nothing');
    const result = json(
      (await tool.invoke(
        { input, toolInvocationToken: undefined },
        token,
      )) as vscode.LanguageModelToolResult,
    );
    assert.equal(result.file, 'mapillary-export/tool-test.csv');
    assert.equal(result.written, 3);
    assert.ok(existsSync(file));
    assert.equal(readFileSync(file, 'utf8').trimEnd().split('\n').length, 4);
  });

  it('refuses an export folder setting that leads out of the workspace', async () => {
    await config().update('export.folder', '../outside', vscode.ConfigurationTarget.Global);
    try {
      const tool = api.languageModelTools.mapillary_exportImages;
      const input = { imageIds: ['135511895288847'], format: 'jsonl' };
      const token = new vscode.CancellationTokenSource().token;
      const prepared = await tool.prepareInvocation?.({ input }, token);
      assert.equal(
        prepared?.confirmationMessages,
        undefined,
        'nothing to confirm: nothing will be written',
      );
      const result = json(
        (await tool.invoke(
          { input, toolInvocationToken: undefined },
          token,
        )) as vscode.LanguageModelToolResult,
      );
      assert.match(String(result.error), /outside the workspace folder|no workspace folder/);
    } finally {
      await config().update('export.folder', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
