// In-host half of the end-to-end test of the export tool's confirmation (test/e2e/exportToolConfirmation.test.ts):
// it invokes mapillary_exportImages as a chat would, and the end-to-end test answers the dialog the
// workbench shows, "Yes" for the first call and "Cancel" for the second. Not part of the
// integration suites: nobody would answer the dialog there.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'mapillary-explorer.mapillary-explorer';

describe('export tool confirmation (answered by the end-to-end test)', function () {
  this.timeout(180_000);
  let root: string;
  let imageIds: string[];

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the end-to-end test opens a workspace folder');
    root = folder;
    imageIds = JSON.parse(readFileSync(path.join(root, 'ids.json'), 'utf8')) as string[];
  });

  it('writes the file after the user answers Yes', async () => {
    const result = await vscode.lm.invokeTool('mapillary_exportImages', {
      input: { imageIds, format: 'geojson', fileName: 'confirmed' },
      toolInvocationToken: undefined,
    });
    const part = result.content[0];
    assert.ok(part instanceof vscode.LanguageModelTextPart);
    const value = JSON.parse(part.value) as { file: string; written: number };
    assert.equal(value.file, 'mapillary-export/confirmed.geojson');
    assert.equal(value.written, imageIds.length);
    const written = JSON.parse(
      readFileSync(path.join(root, 'mapillary-export', 'confirmed.geojson'), 'utf8'),
    ) as { features: { id: string }[] };
    assert.deepEqual(
      written.features.map((f) => f.id),
      imageIds,
    );
  });

  it('writes nothing after the user answers Cancel', async () => {
    const error = await Promise.resolve(
      vscode.lm.invokeTool('mapillary_exportImages', {
        input: { imageIds, format: 'csv', fileName: 'cancelled' },
        toolInvocationToken: undefined,
      }),
    ).then(
      () => assert.fail('a cancelled confirmation must not run the tool'),
      (e: unknown) => e as Error,
    );
    assert.equal(error.name, 'Canceled');
    assert.ok(!existsSync(path.join(root, 'mapillary-export', 'cancelled.csv')));
    assert.ok(!existsSync(path.join(root, 'mapillary-export', 'cancelled.csv.partial')));
  });
});
