// The viewer webview's HTML. Its policy is the map's (see mapHtml.ts: nothing by default, scripts
// by this render's nonce, styles and fonts from the built assets, images only as data: and blob:,
// no connections at all), without a basemap host: every picture comes from the host as bytes.
import { buildCsp } from '../mapHtml';

/** What the page needs from the host to be rendered. */
export interface ViewerHtmlInput {
  /** `webview.cspSource`: the origin VS Code serves local resources from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

function escapeAttr(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

/** The policy of the viewer's page. */
export function buildViewerCsp(input: Pick<ViewerHtmlInput, 'cspSource' | 'nonce'>): string {
  return buildCsp({ cspSource: input.cspSource, basemapCspSource: undefined, nonce: input.nonce });
}

/** The complete document of the viewer panel. */
export function renderViewerHtml(input: ViewerHtmlInput): string {
  const csp = buildViewerCsp(input);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(input.styleUri)}">
<title>Mapillary Viewer</title>
</head>
<body>
<div id="viewer" role="application" aria-label="Mapillary street-level viewer"></div>
<script nonce="${escapeAttr(input.nonce)}" src="${escapeAttr(input.scriptUri)}"></script>
</body>
</html>`;
}
