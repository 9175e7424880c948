// Opens a clicked map feature in its panel: asks the host for the feature's details and the images
// that detected it. One feature at a time: opening another, or closing the panel, cancels the
// request still on its way (and the host's work for it).
import type { RequestChannel } from '../shared/channel/requestChannel';
import { isRequestCancelled } from '../shared/channel/requestErrors';
import { openFeatureRequest } from '../shared/map/featureMessages';
import type { FeaturePanel } from './featurePanel';

/** The feature requests of the side panel. */
export class FeatureOpener {
  private current: AbortController | undefined;

  constructor(
    private readonly channel: RequestChannel,
    private readonly panel: FeaturePanel,
  ) {}

  /** Shows `featureId` in the panel, replacing whatever it showed or was loading. */
  open(featureId: string, value: string | undefined): void {
    this.cancel();
    const controller = new AbortController();
    this.current = controller;
    this.panel.showLoading(featureId, value);
    void this.load(featureId, controller.signal);
  }

  /** Drops the request on its way, if any. */
  cancel(): void {
    this.current?.abort();
    this.current = undefined;
  }

  private async load(featureId: string, signal: AbortSignal): Promise<void> {
    try {
      const answer = await this.channel.request(openFeatureRequest, { featureId }, { signal });
      if (!signal.aborted) this.panel.show(answer);
    } catch (error) {
      if (signal.aborted || isRequestCancelled(error)) return;
      this.panel.showError(error instanceof Error ? error.message : String(error));
    }
  }
}
