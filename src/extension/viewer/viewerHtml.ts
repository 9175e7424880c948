// The viewer webview's HTML. Its policy is the map's (see mapHtml.ts: nothing by default, scripts
// by this render's nonce, styles and fonts from the built assets, images only as data: and blob:,
// no connections at all), without a basemap host: every picture comes from the host as bytes.
import { buildCsp, renderPanelHtml } from '../mapHtml';

/** What the page needs from the host to be rendered. */
export interface ViewerHtmlInput {
  /** `webview.cspSource`: the origin VS Code serves local resources from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

/** The policy of the viewer's page. */
export function buildViewerCsp(input: Pick<ViewerHtmlInput, 'cspSource' | 'nonce'>): string {
  return buildCsp({ cspSource: input.cspSource, basemapCspSource: undefined, nonce: input.nonce });
}

/** The complete document of the viewer panel. */
export function renderViewerHtml(input: ViewerHtmlInput): string {
  return renderPanelHtml({
    csp: buildViewerCsp(input),
    styleUri: input.styleUri,
    scriptUri: input.scriptUri,
    nonce: input.nonce,
    title: 'Mapillary Viewer',
    rootId: 'viewer',
    label: 'Mapillary street-level viewer',
  });
}
