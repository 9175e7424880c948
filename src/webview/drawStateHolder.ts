// What decides how the map's features look (settings, the highlighted sequences, the selection and
// the current image's sequence), held in one place and sent to the drawing workers whenever it
// changes, so that every draw after a change uses it.
import type { DrawState } from '../shared/map/drawView';
import type { MapSettings } from '../shared/map/mapSettings';

/** Where the draw state goes (the drawing workers). */
export interface DrawStateSink {
  setDrawState(state: DrawState): void;
}

/** The draw state of the map. */
export class DrawStateHolder {
  private state: DrawState;

  constructor(
    private readonly sink: DrawStateSink,
    settings: MapSettings,
  ) {
    this.state = { settings, highlighted: new Set(), selected: new Set(), current: '' };
    sink.setDrawState(this.state);
  }

  /** The state now. */
  get(): DrawState {
    return this.state;
  }

  /** The settings now. */
  get settings(): MapSettings {
    return this.state.settings;
  }

  /** Changes part of the state and sends the whole of it to the workers. */
  update(change: Partial<DrawState>): void {
    this.state = { ...this.state, ...change };
    this.sink.setDrawState(this.state);
  }
}
