// The map's context menu is VS Code's own webview menu ("Images Near Here", "Images Looking at
// Here", the exports: package.json's `webview/context`). What it needs from the page is the point
// right-clicked: on each right-click the map's element carries it in `data-vscode-context`, which
// VS Code hands to the chosen command as its argument, and the host checks it against
// `mapPointSchema` like any other message from the page. Nothing here draws.
import type * as L from 'leaflet';
import type { MapPoint } from '../shared/messages';

/** Degrees kept: seven decimals are about a centimetre. */
const DECIMALS = 7;

function round(value: number): number {
  return Number(value.toFixed(DECIMALS));
}

/** Puts the right-clicked point where VS Code's webview context menu reads it. */
export class MapContextMenu {
  constructor(
    private readonly map: L.Map,
    private readonly element: HTMLElement,
  ) {
    element.addEventListener('contextmenu', this.onContextMenu);
  }

  // Runs before VS Code's own listener on the window, which reads the attribute.
  private readonly onContextMenu = (event: MouseEvent): void => {
    const at = this.map.mouseEventToLatLng(event).wrap();
    const point: MapPoint = { lon: round(at.lng), lat: round(at.lat) };
    this.element.dataset.vscodeContext = JSON.stringify({
      webviewSection: 'map',
      // Cut, Copy and Paste mean nothing on a map.
      preventDefaultContextMenuItems: true,
      ...point,
    });
  };

  /** Stops listening. */
  dispose(): void {
    this.element.removeEventListener('contextmenu', this.onContextMenu);
    delete this.element.dataset.vscodeContext;
  }
}
