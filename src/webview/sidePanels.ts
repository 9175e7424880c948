// The map's side panels, one showing at a time: the image panel (a clicked image, its picture and
// detections) and the feature panel (a clicked map feature and the images that detected it). A
// thumbnail of the feature panel goes through the host, which opens the image in the viewer when
// there is one, and otherwise answers with `showImage` for the image panel here.
import './panels.css';
import type { FeatureAnswer } from '../shared/map/featureMessages';
import type { ImageHint } from '../shared/messages';
import { FeatureOpener } from './featureOpener';
import { FeaturePanel } from './featurePanel';
import type { HostLink } from './hostLink';
import { ImageOpener, type DetectionDecoder } from './imageOpener';
import { ImagePanel } from './imagePanel';
import type { SpriteSheet } from './spriteSheet';

/** The side panels and the requests behind them. */
export class SidePanels {
  private readonly imagePanel: ImagePanel;
  private readonly featurePanel: FeaturePanel;
  private readonly images: ImageOpener;
  private readonly features: FeatureOpener;

  constructor(
    parent: HTMLElement,
    host: HostLink,
    decoder: DetectionDecoder,
    sprites: SpriteSheet,
    /** Told when a panel opens or closes (the map makes room), and about each image shown. */
    private readonly events: {
      resized(): void;
      imageShown(imageId: string, sequenceId: string | undefined): void;
    },
  ) {
    this.imagePanel = new ImagePanel(parent, (visible) => {
      // A closed panel wants no answer still on its way.
      if (!visible) this.images.cancel();
      this.layout();
    });
    this.images = new ImageOpener(host.channel, decoder, this.imagePanel, (id, sequence) =>
      events.imageShown(id, sequence),
    );
    const position = (f: FeatureAnswer['feature']) => f.position;
    this.featurePanel = new FeaturePanel(parent, sprites, {
      openImage: (imageId, detectionId) =>
        host.post({ type: 'openFeatureImage', imageId, detectionId }),
      copyId: (f) =>
        host.post({
          type: 'featureAction',
          action: 'copyId',
          featureId: f.id,
          value: f.value,
          position: position(f),
        }),
      export: (f) =>
        host.post({
          type: 'featureAction',
          action: 'export',
          featureId: f.id,
          value: f.value,
          position: position(f),
        }),
      visibility: (visible) => {
        if (!visible) this.features.cancel();
        this.layout();
      },
    });
    this.features = new FeatureOpener(host.channel, this.featurePanel);
  }

  private layout(): void {
    const open = !this.imagePanel.root.hidden || this.featurePanel.visible;
    document.body.classList.toggle('mly-panel-open', open);
    this.events.resized();
  }

  /** Opens an image in the image panel (closing the feature panel), a detection highlighted. */
  openImage(imageId: string, highlightDetectionId?: string, hint?: ImageHint): void {
    if (this.featurePanel.visible) this.featurePanel.hide();
    this.images.open(imageId, highlightDetectionId, hint);
  }

  /** Opens a map feature in the feature panel (closing the image panel). */
  openFeature(featureId: string, value: string | undefined): void {
    if (!this.imagePanel.root.hidden) this.imagePanel.hide();
    this.features.open(featureId, value);
  }

  /** Drops every request on its way. */
  dispose(): void {
    this.images.cancel();
    this.features.cancel();
  }
}
