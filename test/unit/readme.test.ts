// The README's Commands and Settings tables must list everything package.json contributes, so the
// documentation cannot silently fall behind the manifest.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/fixtures';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, unknown> };
  };
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `README has a "${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('README tables', () => {
  it('lists every contributed command by its palette title', () => {
    const commands = section('Commands');
    for (const { title, category } of manifest.contributes.commands) {
      const label = category ? `${category}: ${title}` : title;
      assert.ok(commands.includes(label), `README's Commands table lists "${label}"`);
    }
  });

  it('lists every setting', () => {
    const settings = section('Settings');
    for (const key of Object.keys(manifest.contributes.configuration.properties)) {
      assert.ok(settings.includes(`\`${key}\``), `README's Settings table lists ${key}`);
    }
  });
});
