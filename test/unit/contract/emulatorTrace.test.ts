// Every field the emulator serves is one the documentation names, and every route and field is in
// the emulator README's trace tables with the doc line or recording it copies: a field or route added
// without a trace fails here.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { servedFields } from '../../emulator/entityViews';
import { describeWithRealFixtures, repoRoot } from '../../support/fixtures';

const readme = readFileSync(path.join(repoRoot, 'test', 'emulator', 'README.md'), 'utf8');

/** The rows of the README table under `heading`, as arrays of cells. */
function tableRows(heading: string): string[][] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `the README has "${heading}"`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
    .slice(1)
    .map((line) =>
      line
        .slice(2, -2)
        .split(/ (?<!\\)\| /)
        .map((cell) => cell.trim()),
    );
}

const TRACE = /api\.md|rec\. `|official docs/;

describe('emulator trace tables', () => {
  it('gives every route and field row a doc line or a recording', () => {
    for (const heading of [
      'Routes and what each is traced to',
      'Fields and what each is traced to',
    ]) {
      const rows = tableRows(heading);
      assert.ok(rows.length > 5, heading);
      for (const row of rows) assert.match(row.at(-1) ?? '', TRACE, `${heading}: ${row[0]}`);
    }
  });

  it('lists every route the emulator serves', () => {
    const routes = tableRows('Routes and what each is traced to')
      .map((row) => row[0])
      .join('\n');
    for (const route of [
      '/maps/vtp/<set>/2/<z>/<x>/<y>?access_token=',
      '/<id>?fields=',
      '/?ids=a,b&fields=',
      '/images?image_ids=a,b&fields=',
      '/images?bbox=',
      '/images?creator_username=',
      '/map_features?bbox=',
      '/detections?bbox=',
      '/<image or map feature id>/detections',
      '/image_ids?sequence_id=',
      '/me?fields=id,username',
      '/thumbs/<id>/<size>.jpg',
      '/connect?',
      'POST /token',
    ]) {
      assert.ok(routes.includes(route), route);
    }
  });

  it('lists every field each node type serves', () => {
    const fields = tableRows('Fields and what each is traced to');
    for (const [node, names] of Object.entries(servedFields())) {
      const label = node === 'mapFeature' ? 'map feature' : node;
      const listed = fields
        .filter((row) => row[0] === label)
        .map((row) => row[1])
        .join(' ');
      for (const name of names) {
        assert.match(listed, new RegExp(`\\b${name}\\b`), `${node}.${name} is in the table`);
      }
    }
  });
});

describeWithRealFixtures('emulator fields against the documentation', (dir) => {
  const docs = path.resolve(dir, '..', '..', 'docs', 'mapillary-api.md');

  it('serves no field the documentation does not name', function () {
    if (!existsSync(docs)) {
      console.warn(`SKIPPED: ${docs} is absent`);
      this.skip();
    }
    const text = readFileSync(docs, 'utf8');
    for (const [node, names] of Object.entries(servedFields())) {
      for (const name of names) {
        assert.match(text, new RegExp(`\\b${name}\\b`), `${node}.${name} is named in the docs`);
      }
    }
  });
});
