// Ids that explain themselves, in the real extension host against the emulator: hovers and links on
// an exported CSV, a Markdown note and a notebook cell through `vscode.executeHoverProvider` and
// `vscode.executeLinkProvider`, hovering down the CSV costing one batched read, and the setting that
// turns it all off.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type Emulator } from '../../emulator/emulator';
import { type EmulatedHost, startEmulatedHost, stopEmulatedHost } from '../emulatedHost';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

async function hoverAt(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    uri,
    position,
  );
  return hoverText(hovers);
}

/** The position of the first character of the `n`th occurrence of `needle`. */
function positionOf(document: vscode.TextDocument, needle: string, n = 0): vscode.Position {
  let at = -1;
  for (let i = 0; i <= n; i++) at = document.getText().indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" is in the document`);
  return document.positionAt(at + 1);
}

async function ourLinks(uri: vscode.Uri): Promise<vscode.DocumentLink[]> {
  const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>(
    'vscode.executeLinkProvider',
    uri,
  );
  return links.filter((l) => l.target?.scheme === 'command');
}

describe('id hovers and links', function () {
  this.timeout(120_000);
  let host: EmulatedHost<unknown>;
  let emulator: Emulator;
  let dir: string;
  const config = () => vscode.workspace.getConfiguration('mapillary');

  before(async () => {
    host = await startEmulatedHost({ seed: 13 });
    emulator = host.emulator;
    dir = mkdtempSync(path.join(tmpdir(), 'mly-hovers-'));
  });

  after(async () => {
    await stopEmulatedHost(host, ['hovers.enabled']);
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => emulator.resetLog());

  function exportCsv(
    name: string,
    rows: number,
    offset: number,
  ): { uri: vscode.Uri; ids: string[] } {
    const images = emulator.dataset.images.slice(offset, offset + rows);
    const lines = [
      'seq_id,img_id,captured_at,compass_angle,thumb_256_url,width',
      ...images.map((i) => `${i.sequenceId},${i.id},${i.capturedAt},${i.compassAngle},,${i.width}`),
    ];
    const file = path.join(dir, name);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return { uri: vscode.Uri.file(file), ids: images.map((i) => i.id) };
  }

  it('hovers an image id in an exported CSV with its thumbnail, date, creator and detections', async () => {
    const { uri, ids } = exportCsv('metadata.csv', 20, 40);
    const document = await vscode.workspace.openTextDocument(uri);
    const image = emulator.dataset.images[40];
    assert.ok(image && image.id === ids[0]);
    const text = await hoverAt(uri, positionOf(document, image.id));
    assert.match(
      text,
      /!\[Mapillary image \d+\]\(data:image\/jpeg;base64,[A-Za-z0-9+/=]+\|width=256,height=\d+\)/,
    );
    assert.match(text, /Captured \d{4}\\-\d\d\\-\d\d/);
    const creator = emulator.dataset.users.find((u) => u.id === image.creatorId);
    assert.ok(creator && text.includes(creator.username.replace(/[-_.]/g, (c) => `\\${c}`)));
    assert.match(text, image.detectionIds.length ? /\d+ detections?:/ : /No detections/);
    assert.ok(text.includes('command:mapillary.ids.showOnMap'));
    assert.ok(!/https?:\/\/|oe=|sig=/.test(text), 'no URL, and no signed URL, in the hover');
  });

  it('hovers down the CSV with one batched read for the rows around', async () => {
    const { uri, ids } = exportCsv('rows.csv', 40, 400);
    const document = await vscode.workspace.openTextDocument(uri);
    for (const id of ids.slice(0, 25)) {
      assert.match(await hoverAt(uri, positionOf(document, id)), /Mapillary image/);
    }
    assert.equal(emulator.count('graph:'), 1, 'one Graph request for 25 hovers');
    assert.equal(emulator.count('thumb'), 25);
    const text = await hoverAt(uri, new vscode.Position(3, 2));
    assert.match(text, /Mapillary sequence/, 'the sequence column is hovered too');
  });

  it('links ids in a CSV to the Open command, without any request', async () => {
    const { uri, ids } = exportCsv('links.csv', 5, 700);
    await vscode.workspace.openTextDocument(uri);
    const links = await ourLinks(uri);
    const argument = (l: vscode.DocumentLink) =>
      (
        JSON.parse(decodeURIComponent(l.target?.query ?? '[]')) as { kind: string; id: string }[]
      )[0];
    const images = links.filter((l) => argument(l)?.kind === 'image');
    assert.deepEqual(
      images.map((l) => argument(l)?.id),
      ids,
    );
    assert.ok(images.every((l) => l.target?.path === 'mapillary.ids.open'));
    assert.equal(links.length, 10, 'five image ids and five sequence keys');
    assert.equal(emulator.requests().length, 0);
  });

  it('hovers and links ids in a Markdown note, and leaves its other numbers alone', async () => {
    const [a, b] = emulator.dataset.images.slice(900, 902);
    const feature = emulator.dataset.mapFeatures[3];
    assert.ok(a && b && feature);
    const file = path.join(dir, 'notes.md');
    writeFileSync(
      file,
      [
        '# Survey notes',
        '',
        `The corner at [this image](https://www.mapillary.com/app/?pKey=${a.id}) needs a new sign.`,
        '',
        `- **Image ID:** ${b.id}`,
        `- map_feature_id: ${feature.id}`,
        `- budget: 1563721072184 SEK, ticket 135511895288847`,
      ].join('\n'),
    );
    const uri = vscode.Uri.file(file);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.match(
      await hoverAt(uri, positionOf(document, a.id)),
      new RegExp(`Mapillary image\\*\\* \`${a.id}\``),
    );
    assert.match(await hoverAt(uri, positionOf(document, b.id)), /data:image\/jpeg;base64/);
    const featureHover = await hoverAt(uri, positionOf(document, feature.id));
    assert.match(featureHover, /Mapillary map feature/);
    assert.equal(await hoverAt(uri, positionOf(document, '135511895288847')), '');
    const targets = (await ourLinks(uri)).map((l) => l.target?.query ?? '');
    assert.equal(
      targets.length,
      2,
      'the image id and the map feature id; the web link is a link already',
    );
    assert.ok(targets[0]?.includes(b.id) && targets[1]?.includes(feature.id));
  });

  it('hovers an id in a notebook cell', async () => {
    const image = emulator.dataset.images[1200];
    assert.ok(image);
    // A notebook file, not an untitled one: nothing is left unsaved to ask about later.
    const file = path.join(dir, 'survey.ipynb');
    const cell = {
      cell_type: 'code',
      execution_count: null,
      metadata: {},
      outputs: [],
      source: [`image_id = "${image.id}"\n`, 'print(image_id)'],
    };
    const metadata = { language_info: { name: 'python' } };
    writeFileSync(
      file,
      JSON.stringify({ cells: [cell], metadata, nbformat: 4, nbformat_minor: 5 }),
    );
    const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
    const code = notebook.cellAt(0).document;
    assert.equal(code.languageId, 'python');
    const text = await hoverAt(code.uri, positionOf(code, image.id));
    assert.match(text, /data:image\/jpeg;base64/);
  });

  it('stays silent when mapillary.hovers.enabled is off', async () => {
    const { uri, ids } = exportCsv('off.csv', 3, 1500);
    const document = await vscode.workspace.openTextDocument(uri);
    await config().update('hovers.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      assert.equal(await hoverAt(uri, positionOf(document, ids[0] ?? '')), '');
      assert.equal((await ourLinks(uri)).length, 0);
      assert.equal(emulator.requests().length, 0);
    } finally {
      await config().update('hovers.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.match(await hoverAt(uri, positionOf(document, ids[0] ?? '')), /Mapillary image/);
  });
});
