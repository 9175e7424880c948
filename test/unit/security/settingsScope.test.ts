// Item: workspace settings. The settings that choose where tokens go and where files are written can
// only be set by the user (application or machine scope), are restricted in untrusted workspaces,
// and the extension reads them only through userSetting, which takes the user-level value. (The
// integration suite performs the attack itself, with a workspace's .vscode/settings.json.)
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../support/fixtures';

interface Manifest {
  capabilities: {
    untrustedWorkspaces: { supported: unknown; restrictedConfigurations?: string[] };
  };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;

const USER_ONLY = [
  'mapillary.api.graphUrl',
  'mapillary.api.tilesUrl',
  'mapillary.oauth.authorizeUrl',
  // A workspace's client id would send the consent page, and the code, to another app.
  'mapillary.oauth.clientId',
  'mapillary.export.folder',
];

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('security: settings a workspace cannot change', () => {
  it('gives them application or machine scope and restricts them in untrusted workspaces', () => {
    const properties = manifest.contributes.configuration.properties;
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    for (const key of USER_ONLY) {
      assert.ok(['application', 'machine'].includes(properties[key]?.scope ?? ''), key);
      assert.ok(trust.restrictedConfigurations?.includes(key), `${key} is restricted`);
    }
  });

  it('reads them in the extension through userSetting only', () => {
    const keys = USER_ONLY.map((key) => key.split('.').pop() as string);
    for (const file of sources(path.join(repoRoot, 'src', 'extension'))) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const key of keys) {
          if (!new RegExp(`'(?:mapillary\\.)?(?:[a-z]+\\.)?${key}'`).test(line)) continue;
          // Naming the setting to open the Settings UI at it reads no value.
          if (/'workbench\.action\.openSettings',\s*$/.test(lines[i - 1] ?? '')) continue;
          assert.match(line, /userSetting\(/, `${path.relative(repoRoot, file)}: ${line.trim()}`);
        }
      });
    }
  });
});
