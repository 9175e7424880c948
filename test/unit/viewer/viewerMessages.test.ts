// The viewer's page and its messages: the same strict policy as the map (no eval, no connections,
// pictures only as data: and blob:), and messages checked on both sides, including the map's
// current-image message with its view cone.
import { strict as assert } from 'node:assert';
import { check } from '../../../src/shared/channel/channelMessages';
import { parseHostMessage } from '../../../src/shared/messages';
import {
  hostToViewerSchema,
  viewerCellRequest,
  viewerToHostSchema,
} from '../../../src/shared/viewer/viewerMessages';
import { cutTileRequest } from '../../../src/shared/viewer/tileCutRequests';
import { buildViewerCsp, renderViewerHtml } from '../../../src/extension/viewer/viewerHtml';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('viewer: page policy and messages', () => {
  const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';

  it('renders the page under a policy with no eval, no inline code and no connections', () => {
    const csp = directives(buildViewerCsp({ cspSource, nonce: 'abc123==' }));
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), ["'nonce-abc123=='"]);
    assert.deepEqual(csp.get('connect-src'), ["'none'"]);
    assert.deepEqual(csp.get('img-src'), [cspSource, 'data:', 'blob:']);
    assert.deepEqual(csp.get('style-src'), [cspSource]);
    const html = renderViewerHtml({
      cspSource,
      nonce: 'abc123==',
      scriptUri: `${cspSource}/ext/dist/webview/viewer.js`,
      styleUri: `${cspSource}/ext/dist/webview/viewer.css`,
    });
    assert.doesNotMatch(html, /unsafe-eval|unsafe-inline/);
    assert.match(html, /<script nonce="abc123==" src="[^"]+viewer\.js"><\/script>/);
    assert.doesNotMatch(html, /<script(?![^>]*nonce)/);
  });

  it('checks what the viewer tells the host', () => {
    const view = { id: '135511895288847', lon: 13, lat: 55.6, bearing: 10.5 };
    assert.ok(check(viewerToHostSchema, { type: 'imageChanged', view }).success);
    assert.ok(
      !check(viewerToHostSchema, { type: 'imageChanged', view: { ...view, bearing: 360 } }).success,
    );
    assert.ok(
      !check(viewerToHostSchema, { type: 'imageChanged', view: { ...view, id: '0x1' } }).success,
    );
    assert.ok(!check(viewerToHostSchema, { type: 'revealInTree', imageId: '../etc' }).success);
    assert.ok(check(hostToViewerSchema, { type: 'show', imageId: '135511895288847' }).success);
    assert.ok(!check(hostToViewerSchema, { type: 'show', imageId: 'https://x' }).success);
    // A map feature's image, with the detection to highlight: a detection id, nothing else.
    const show = { type: 'show', imageId: '135511895288847' };
    assert.ok(
      check(hostToViewerSchema, { ...show, highlightDetectionId: '1000000000042' }).success,
    );
    assert.ok(!check(hostToViewerSchema, { ...show, highlightDetectionId: '<b>' }).success);
    assert.ok(!check(hostToViewerSchema, { ...show, highlightDetectionId: 42 }).success);
  });

  it('refuses a cell box larger than the viewer asks for', () => {
    assert.ok(check(viewerCellRequest.params, { bbox: [13, 55.6, 13.001, 55.601] }).success);
    assert.ok(!check(viewerCellRequest.params, { bbox: [0, 0, 10, 10] }).success);
    assert.ok(!check(viewerCellRequest.params, { bbox: [13.1, 55.6, 13, 55.601] }).success);
  });

  it("carries the viewer's image and bearing to the map, and null to clear it", () => {
    const image = {
      id: '135511895288847',
      sequenceId: '7nfcwfvjdtphz7yj6zat6a',
      lon: 13,
      lat: 55.6,
      bearing: 90,
    };
    assert.ok(parseHostMessage({ type: 'currentImage', image }).ok);
    assert.ok(parseHostMessage({ type: 'currentImage', image: null }).ok);
    assert.equal(
      parseHostMessage({ type: 'currentImage', image: { ...image, lat: 91 } }).ok,
      false,
    );
  });

  it('checks what the page asks of its tile-cutting worker', () => {
    const region = { left: 0, top: 0, right: 0.5, bottom: 0.5, pixelsX: 512, pixelsY: 512 };
    const ask = {
      key: '135511895288847:2048',
      bytes: new ArrayBuffer(8),
      mime: 'image/jpeg',
      region,
    };
    assert.ok(check(cutTileRequest.params, ask).success);
    assert.ok(!check(cutTileRequest.params, { ...ask, bytes: 'data:image/jpeg;base64,' }).success);
    assert.ok(!check(cutTileRequest.params, { ...ask, mime: 'image/svg+xml' }).success);
    assert.ok(!check(cutTileRequest.params, { ...ask, region: { ...region, right: 1.5 } }).success);
    assert.ok(
      !check(cutTileRequest.params, { ...ask, region: { ...region, pixelsX: 100_000 } }).success,
    );
    assert.deepEqual(cutTileRequest.transferParams?.(ask as never), [ask.bytes]);
  });
});
