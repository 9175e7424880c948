// The map webview's HTML and its Content-Security-Policy. Kept free of the `vscode` module so the
// policy can be unit-tested: it is the webview's only fence.
import { randomBytes } from 'node:crypto';

/** What the page needs from the host to be rendered. */
export interface MapHtmlInput {
  /** `webview.cspSource`: the origin VS Code serves local resources from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  /** CSP source of the basemap host, or undefined when there is no basemap. */
  basemapCspSource: string | undefined;
  nonce: string;
}

/** A fresh nonce for one render, from a cryptographic source (128 bits). */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Builds the policy: nothing by default; scripts only with this render's nonce; styles and images
 * only from the extension's own assets (plus the basemap host for images); no connections at all,
 * since every byte the map needs comes through the host by message.
 */
export function buildCsp(input: Omit<MapHtmlInput, 'scriptUri' | 'styleUri'>): string {
  const images = [input.cspSource, 'data:', 'blob:'];
  if (input.basemapCspSource) images.push(input.basemapCspSource);
  return [
    "default-src 'none'",
    `img-src ${images.join(' ')}`,
    `style-src ${input.cspSource}`,
    `font-src ${input.cspSource}`,
    `script-src 'nonce-${input.nonce}'`,
    `worker-src blob:`,
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
  ].join('; ');
}

function escapeAttr(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

/** The complete document of the map panel. */
export function renderMapHtml(input: MapHtmlInput): string {
  const csp = buildCsp(input);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(input.styleUri)}">
<title>Mapillary Map</title>
</head>
<body>
<div id="map" role="application" aria-label="Mapillary map"></div>
<script nonce="${escapeAttr(input.nonce)}" src="${escapeAttr(input.scriptUri)}"></script>
</body>
</html>`;
}
