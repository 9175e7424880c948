import { strict as assert } from 'node:assert';
import { buildCsp, createNonce, renderMapHtml } from '../../src/extension/mapHtml';

const input = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/map.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/map.css',
  basemapCspSource: 'https://tile.openstreetmap.org',
  nonce: 'abc123==',
};

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('map webview HTML and CSP', () => {
  it('denies by default and never allows eval, inline scripts or connections', () => {
    const csp = directives(buildCsp(input));
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), ["'nonce-abc123=='"]);
    assert.deepEqual(csp.get('connect-src'), ["'none'"]);
    // The map's decoding worker starts from a Blob URL, and nothing else may start one.
    assert.deepEqual(csp.get('worker-src'), ['blob:']);
    const all = buildCsp(input);
    assert.doesNotMatch(all, /unsafe-eval|unsafe-inline/);
  });

  it('allows images from the basemap host only when there is a basemap', () => {
    assert.ok(
      directives(buildCsp(input)).get('img-src')?.includes('https://tile.openstreetmap.org'),
    );
    const none = directives(buildCsp({ ...input, basemapCspSource: undefined }));
    assert.deepEqual(none.get('img-src'), [input.cspSource, 'data:', 'blob:']);
  });

  it('puts the nonce on the only script tag and escapes attributes', () => {
    const html = renderMapHtml({ ...input, scriptUri: 'https://x/"><script>alert(1)</script>' });
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0] ?? '', /nonce="abc123=="/);
    assert.doesNotMatch(html, /"><script>alert/);
  });

  it('creates a different 128-bit nonce every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    assert.equal(nonces.size, 100);
    for (const n of nonces) assert.equal(Buffer.from(n, 'base64').length, 16);
  });
});
