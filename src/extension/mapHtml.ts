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

/** What a panel's page is made of: its policy, style, script, title and root element. */
export interface PanelDocument {
  csp: string;
  styleUri: string;
  scriptUri: string;
  nonce: string;
  title: string;
  /** The id of the element the script fills, and its accessible name. */
  rootId: string;
  label: string;
}

/** The complete document of a panel (the map's and the viewer's pages are built the same way). */
export function renderPanelHtml(doc: PanelDocument): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(doc.csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(doc.styleUri)}">
<title>${escapeAttr(doc.title)}</title>
</head>
<body>
<div id="${escapeAttr(doc.rootId)}" role="application" aria-label="${escapeAttr(doc.label)}"></div>
<script nonce="${escapeAttr(doc.nonce)}" src="${escapeAttr(doc.scriptUri)}"></script>
</body>
</html>`;
}

/** The complete document of the map panel. */
export function renderMapHtml(input: MapHtmlInput): string {
  return renderPanelHtml({
    csp: buildCsp(input),
    styleUri: input.styleUri,
    scriptUri: input.scriptUri,
    nonce: input.nonce,
    title: 'Mapillary Map',
    rootId: 'map',
    label: 'Mapillary map',
  });
}
