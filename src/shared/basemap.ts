// Turns the user's basemap setting into what the webview may load and what its
// Content-Security-Policy must allow. Pure: used by the host, tested without VS Code.

/** A checked basemap: the template to hand to Leaflet and the CSP source that allows it. */
export interface BasemapSource {
  url: string;
  attribution: string;
  /** CSP host-source, e.g. `https://tile.openstreetmap.org` or `https://*.tile.example.org`. */
  cspSource: string;
}

export type BasemapResult =
  { kind: 'none' } | { kind: 'ok'; source: BasemapSource } | { kind: 'invalid'; reason: string };

/**
 * Checks a basemap URL template. Empty means no basemap. Only http(s) templates with `{z}`,
 * `{x}` and `{y}` are accepted; `{s}` becomes a wildcard subdomain in the CSP.
 */
export function resolveBasemap(template: string, attribution: string): BasemapResult {
  const url = template.trim();
  if (url === '') return { kind: 'none' };
  for (const placeholder of ['{z}', '{x}', '{y}']) {
    if (!url.includes(placeholder)) {
      return { kind: 'invalid', reason: `the URL template has no ${placeholder}` };
    }
  }
  let parsed: URL;
  try {
    parsed = new URL(url.replaceAll('{s}', 'subdomain-placeholder'));
  } catch {
    return { kind: 'invalid', reason: 'it is not a valid URL' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { kind: 'invalid', reason: 'only http and https URLs are allowed' };
  }
  if (parsed.username || parsed.password) {
    return { kind: 'invalid', reason: 'credentials in the URL are not allowed' };
  }
  const host = parsed.host.replaceAll('subdomain-placeholder', '*');
  if (host.startsWith('*') === false && host.includes('*')) {
    return { kind: 'invalid', reason: '{s} is only allowed as the leftmost part of the host' };
  }
  return {
    kind: 'ok',
    source: { url, attribution, cspSource: `${parsed.protocol}//${host}` },
  };
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * The basemap attribution as Leaflet's attribution control takes it (HTML), escaped so that the
 * setting's text is shown as it is: a workspace or a typo cannot inject markup or links.
 */
export function attributionHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
