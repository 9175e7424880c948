import { strict as assert } from 'node:assert';
import { parseHostMessage, parseWebviewMessage } from '../../src/shared/messages';

describe('webview message schemas', () => {
  it('accepts the messages each side sends', () => {
    assert.ok(parseWebviewMessage({ type: 'ready' }).ok);
    assert.ok(parseWebviewMessage({ type: 'viewChanged', view: { center: [1, 2], zoom: 3 } }).ok);
    assert.ok(
      parseHostMessage({ type: 'init', basemap: null, view: { center: [0, 0], zoom: 2 } }).ok,
    );
  });

  it('rejects unknown types, missing fields and out-of-range values with a reason', () => {
    for (const bad of [
      null,
      'ready',
      { type: 'runCommand', command: 'rm -rf' },
      { type: 'viewChanged', view: { center: [91, 0], zoom: 3 } },
      { type: 'log', level: 'fatal', message: 'x' },
      { type: 'log', level: 'info', message: 'x'.repeat(5000) },
    ]) {
      const parsed = parseWebviewMessage(bad);
      assert.equal(parsed.ok, false, JSON.stringify(bad));
      if (!parsed.ok) assert.ok(parsed.error.length > 0);
    }
    assert.equal(parseHostMessage({ type: 'init', basemap: { url: '' }, view: {} }).ok, false);
  });
});
