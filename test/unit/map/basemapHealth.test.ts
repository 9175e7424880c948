import { strict as assert } from 'node:assert';
import { BasemapHealth, LOG_INTERVAL_MS, basemapHost } from '../../../src/webview/basemapHealth';

function harness() {
  let now = 1_000_000;
  const logs: string[] = [];
  const notes: (string | undefined)[] = [];
  const health = new BasemapHealth(
    'tile.example.org',
    { log: (t) => logs.push(t), note: (t) => notes.push(t) },
    () => now,
  );
  return { health, logs, notes, advance: (ms: number) => (now += ms) };
}

describe('map: basemap health', () => {
  it('logs the first failure at once, then at most once a minute, with the host and the counts', () => {
    const h = harness();
    h.health.tileFailed();
    for (let i = 0; i < 265; i++) h.health.tileFailed();
    assert.deepEqual(h.logs, ['basemap tiles from tile.example.org failed to load: 1 (1 in all)']);
    h.advance(LOG_INTERVAL_MS - 1);
    h.health.tileFailed();
    assert.equal(h.logs.length, 1, 'not before the minute is up');
    h.advance(1);
    h.health.flush(false);
    assert.deepEqual(h.logs.slice(1), [
      'basemap tiles from tile.example.org failed to load: 266 since the last report (267 in all)',
    ]);
    h.health.flush(false);
    assert.equal(h.logs.length, 2, 'nothing new, nothing logged');
  });

  it('shows the note while tiles fail and hides it when one loads, reporting what was left', () => {
    const h = harness();
    h.health.tileLoaded();
    assert.deepEqual(h.notes, [], 'a working basemap shows no note');
    h.health.tileFailed();
    h.health.tileFailed();
    assert.equal(h.health.isFailing, true);
    assert.deepEqual(h.notes, ['Basemap tiles from tile.example.org are not loading.']);
    h.health.tileLoaded();
    assert.equal(h.health.isFailing, false);
    assert.deepEqual(h.notes.at(-1), undefined);
    assert.equal(h.notes.length, 2);
    assert.match(h.logs.at(-1) ?? '', /: 1 since the last report \(2 in all\)/);
    assert.equal(h.health.failures, 2);
  });

  it("names a basemap by its template's host", () => {
    assert.equal(basemapHost('https://{s}.tile.example.org/{z}/{x}/{y}.png'), '*.tile.example.org');
    assert.equal(basemapHost('http://127.0.0.1:8080/t/{z}/{x}/{y}'), '127.0.0.1:8080');
    assert.equal(basemapHost('not a url'), 'not a url');
  });
});
