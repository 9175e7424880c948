// What the map says about itself, once per frame at most: its counts as data attributes of the map
// element (for people inspecting the webview and for end-to-end tests), and the legend.
import { featureValuesIn } from '../shared/map/drawFeatures';
import type { DrawState } from '../shared/map/drawView';
import type { MapillaryLayer } from './mapillaryLayer';
import type { SettingsControl } from './settingsControl';

/** Writes the map's status (see the file comment). */
export class MapStatus {
  private frame = 0;

  constructor(
    private readonly element: HTMLElement,
    private readonly coverage: MapillaryLayer,
    private readonly features: MapillaryLayer,
    private readonly settings: SettingsControl,
    private readonly state: () => DrawState,
  ) {}

  /** Updates the status in the next frame (many tiles finishing in one frame cost one update). */
  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.update();
    });
  }

  /** Updates the status now. */
  update(): void {
    const c = this.coverage.summary();
    const f = this.features.summary();
    const data = this.element.dataset;
    data.coverageTiles = String(c.drawn);
    data.featureTiles = String(f.drawn);
    data.failedTiles = String(c.failed + f.failed);
    data.loadingTiles = String(c.loading + f.loading);
    data.drawnImages = String(c.counts.image);
    data.drawnSequences = String(c.counts.sequence);
    data.drawnOverview = String(c.counts.overview);
    data.drawnFeatures = String(f.counts.point + f.counts.traffic_sign);
    data.drawnSigns = String(f.counts.traffic_sign);
    data.drawnPoints = String(f.counts.point);
    const values = new Map<string, number>();
    for (const tile of this.features.heldTiles()) featureValuesIn(tile, values);
    const state = this.state();
    data.currentSequence = state.current ?? '';
    this.settings.setLegend(values, {
      highlighted: state.highlighted.size > 0,
      current: Boolean(state.current),
      selected: state.selected.size,
    });
  }

  dispose(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
  }
}
