import { strict as assert } from 'node:assert';
import { attributionHtml, resolveBasemap } from '../../src/shared/basemap';

describe('resolveBasemap', () => {
  it('treats an empty template as no basemap', () => {
    assert.deepEqual(resolveBasemap('  ', 'x'), { kind: 'none' });
  });

  it('accepts the OpenStreetMap template and allows exactly its origin', () => {
    const result = resolveBasemap('https://tile.openstreetmap.org/{z}/{x}/{y}.png', 'OSM');
    assert.equal(result.kind, 'ok');
    if (result.kind === 'ok')
      assert.equal(result.source.cspSource, 'https://tile.openstreetmap.org');
  });

  it('turns a {s} subdomain into a CSP wildcard and keeps the port', () => {
    const result = resolveBasemap('http://{s}.tiles.example.org:8080/{z}/{x}/{y}.png', '');
    assert.equal(result.kind, 'ok');
    if (result.kind === 'ok')
      assert.equal(result.source.cspSource, 'http://*.tiles.example.org:8080');
  });

  for (const [template, reason] of [
    ['https://tile.example.org/{z}/{x}.png', '{y}'],
    ['javascript:alert(1)//{z}{x}{y}', 'http'],
    ['file:///etc/{z}/{x}/{y}', 'http'],
    ['https://user:pw@tile.example.org/{z}/{x}/{y}.png', 'credentials'],
    ['https://a{s}b.example.org/{z}/{x}/{y}.png', 'leftmost'],
    ['not a url {z}{x}{y}', 'valid URL'],
  ] as const) {
    it(`rejects ${template} (${reason})`, () => {
      const result = resolveBasemap(template, '');
      assert.equal(result.kind, 'invalid');
      if (result.kind === 'invalid')
        assert.match(result.reason, new RegExp(reason.replace(/[{}]/g, '\\$&')));
    });
  }
});

describe('attributionHtml', () => {
  it('shows an attribution as text: markup from a setting is escaped, never rendered', () => {
    const hostile = '<img src=x onerror="alert(1)"><a href=\'javascript:x\'>OSM</a> & co';
    const html = attributionHtml(hostile);
    assert.equal(
      html,
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;a href=&#39;javascript:x&#39;&gt;OSM&lt;/a&gt; &amp; co',
    );
    assert.doesNotMatch(html, /[<>"']/);
    assert.equal(attributionHtml('© OpenStreetMap contributors'), '© OpenStreetMap contributors');
  });
});
