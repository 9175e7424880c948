// "Export Map Features…" in the real extension host, against the emulator: every format the command
// offers names each feature's value in words (`object_name`) beside the value itself, and a CSV cell
// that a spreadsheet would run as a formula is written as text.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseCsvLine, restoreFormula } from '../../../src/core/export/csv';
import { featureName } from '../../../src/shared/map/featureNames';
import { type Emulator } from '../../emulator/emulator';
import { type EmulatedHost, startEmulatedHost, stopEmulatedHost } from '../emulatedHost';
import { waitFor } from '../../support/waitFor';

describe('map feature exports from the command', function () {
  this.timeout(120_000);
  let host: EmulatedHost<unknown>;
  let emulator: Emulator;
  let workspace: string;
  const exported = (name: string) => path.join(workspace, 'mapillary-export', name);

  before(async () => {
    host = await startEmulatedHost({ seed: 5 });
    ({ emulator, workspace } = host);
  });

  after(async () => {
    rmSync(path.join(workspace, 'mapillary-export'), { recursive: true, force: true });
    await stopEmulatedHost(host);
  });

  it('writes object_name beside object_value in CSV, JSON lines and GeoJSON', async () => {
    const [lon, lat] = emulator.dataset.center;
    const bbox = [lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01] as const;
    const inside = emulator.dataset.mapFeatures
      .filter((f) => f.lon >= bbox[0] && f.lon <= bbox[2] && f.lat >= bbox[1] && f.lat <= bbox[3])
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const victim = inside[0];
    assert.ok(victim, 'the emulator has map features near its centre');
    const saved = victim.objectValue;
    victim.objectValue = '@SUM(1+1)';
    try {
      for (const format of ['csv', 'jsonl', 'geojson']) {
        const file = exported(`map-features.${format}`);
        await vscode.commands.executeCommand('mapillary.export.mapFeatures', { bbox, format });
        await waitFor(`map-features.${format} to be written`, () => existsSync(file), {
          timeoutMs: 60_000,
        });
        const text = readFileSync(file, 'utf8');
        let rows: Record<string, unknown>[];
        if (format === 'csv') {
          const [header, ...lines] = text.trimEnd().split('\n');
          const columns = parseCsvLine(header ?? '');
          assert.deepEqual(columns.slice(0, 3), ['id', 'object_value', 'object_name']);
          assert.equal(parseCsvLine(lines[0] ?? '')[2], "'@SUM(1+1)");
          rows = lines.map((line) => {
            const cells = parseCsvLine(line).map(restoreFormula);
            return Object.fromEntries(columns.map((c, i) => [c, cells[i]]));
          });
        } else if (format === 'jsonl') {
          rows = text
            .trimEnd()
            .split('\n')
            .map((line) => JSON.parse(line) as Record<string, unknown>);
        } else {
          rows = (
            JSON.parse(text) as { features: { properties: Record<string, unknown> }[] }
          ).features.map((f) => f.properties);
        }
        assert.deepEqual(
          rows.map((r) => [r.id, r.object_value, r.object_name]),
          inside.map((f) => [f.id, f.objectValue, featureName(f.objectValue)]),
          format,
        );
      }
    } finally {
      victim.objectValue = saved;
    }
  });
});
