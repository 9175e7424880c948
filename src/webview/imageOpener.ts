// Opens a clicked image in the side panel: asks the host for its details, detections and picture,
// decodes the detections in the worker, and shows them. One image at a time: opening another, or
// closing the panel, cancels the request still on its way (and the host's work for it).
import type { RequestChannel } from '../shared/channel/requestChannel';
import { isRequestCancelled } from '../shared/channel/requestErrors';
import type { DetectionShape } from '../shared/map/detectionPixels';
import type { DetectionOutline } from '../shared/map/detectionOutline';
import { type ImageHint, openImageRequest } from '../shared/messages';
import type { ImagePanel } from './imagePanel';

/** What decodes detection outlines (the worker). */
export interface DetectionDecoder {
  decodeDetections(
    items: DetectionOutline[],
  ): Promise<{ shapes: DetectionShape[]; failed: string[] }>;
}

/** The image requests of the side panel. */
export class ImageOpener {
  private current: AbortController | undefined;

  constructor(
    private readonly channel: RequestChannel,
    private readonly decoder: DetectionDecoder,
    private readonly panel: ImagePanel,
    /** Told about each image shown, with its sequence (the map highlights it). */
    private readonly onShown: (imageId: string, sequenceId: string | undefined) => void = () => {},
  ) {}

  /**
   * Shows `imageId` in the panel, replacing whatever it showed or was loading, with the detection
   * `highlight` (if given) drawn highlighted; `hint` is what the click knows of the image.
   */
  open(imageId: string, highlight?: string, hint: ImageHint = {}): void {
    this.cancel();
    const controller = new AbortController();
    this.current = controller;
    this.panel.showLoading(imageId);
    void this.load(imageId, controller.signal, highlight, hint);
  }

  /** Drops the request on its way, if any (the panel closed). */
  cancel(): void {
    this.current?.abort();
    this.current = undefined;
  }

  private async load(
    imageId: string,
    signal: AbortSignal,
    highlight: string | undefined,
    hint: ImageHint,
  ): Promise<void> {
    try {
      const answer = await this.channel.request(openImageRequest, { imageId, ...hint }, { signal });
      const decoded = await this.decoder
        .decodeDetections(answer.detections)
        .catch(() => ({ shapes: [], failed: answer.detections.map((d) => d.id) }));
      if (signal.aborted) return;
      this.panel.show(
        answer.image,
        answer.thumbnail,
        decoded.shapes,
        decoded.failed.length,
        answer.notes,
        highlight,
      );
      this.onShown(answer.image.id, answer.image.sequence);
    } catch (error) {
      if (signal.aborted || isRequestCancelled(error)) return;
      this.panel.showError(error instanceof Error ? error.message : String(error));
    }
  }
}
