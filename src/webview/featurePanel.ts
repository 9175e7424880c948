// The side panel of a clicked map feature: its icon and readable name, its value, when it was
// first and last seen, the direction it faces, and the images that detected it as thumbnails (sent
// as bytes by the host). A thumbnail opens its image with this feature's detection highlighted;
// "Copy Id" and "Export" act on the feature through the host.
import { formatTime } from '../shared/explorer/imageFacts';
import type { FeatureAnswer } from '../shared/map/featureMessages';
import { featureName } from '../shared/map/featureNames';
import { classColor, featureClass } from '../shared/map/mapStyle';
import { el } from './element';
import type { SpriteSheet } from './spriteSheet';

/** What the panel's buttons and thumbnails do. */
export interface FeaturePanelActions {
  openImage(imageId: string, detectionId: string): void;
  copyId(feature: FeatureAnswer['feature']): void;
  export(feature: FeatureAnswer['feature']): void;
  /** The panel opened or closed (the map makes room). */
  visibility(visible: boolean): void;
}

function seen(ms: number | null): string {
  return ms ? formatTime(ms) : 'unknown';
}

/** The side panel of a map feature. */
export class FeaturePanel {
  readonly root: HTMLElement;
  private readonly title: HTMLElement;
  private readonly status: HTMLElement;
  private readonly body: HTMLElement;
  private urls: string[] = [];

  constructor(
    parent: HTMLElement,
    private readonly sprites: SpriteSheet,
    private readonly actions: FeaturePanelActions,
  ) {
    this.root = el('aside', 'mly-feature-panel');
    this.root.hidden = true;
    this.root.setAttribute('aria-label', 'Map feature');
    const header = el('div', 'mly-panel-header');
    this.title = el('h2', undefined, 'Map feature');
    const close = el('button', 'mly-close', '×');
    close.title = 'Close';
    close.addEventListener('click', () => this.hide());
    header.append(this.title, close);
    this.status = el('div', 'mly-status');
    this.body = el('div', 'mly-feature-body');
    this.root.append(header, this.status, this.body);
    parent.append(this.root);
  }

  /** Whether the panel is showing. */
  get visible(): boolean {
    return !this.root.hidden;
  }

  /** Shows the panel loading a feature (its value known from the tile, if any). */
  showLoading(featureId: string, value: string | undefined): void {
    this.setVisible(true);
    this.clearPictures();
    this.root.dataset.featureId = featureId;
    this.root.dataset.state = 'loading';
    this.title.replaceChildren(value ? featureName(value) : `Map feature ${featureId}`);
    this.status.textContent = 'Loading…';
    this.body.replaceChildren();
  }

  /** Shows an error instead of the feature. */
  showError(message: string): void {
    this.root.dataset.state = 'error';
    this.status.textContent = `The map feature could not be opened: ${message}`;
  }

  /** Shows a feature's details and the images that detected it. */
  show(answer: FeatureAnswer): void {
    this.setVisible(true);
    this.clearPictures();
    const f = answer.feature;
    this.root.dataset.featureId = f.id;
    this.title.replaceChildren(
      this.sprites.icon(f.value, 24, classColor(featureClass(f.value))),
      el('span', undefined, f.value ? featureName(f.value) : `Map feature ${f.id}`),
    );
    const facts: [string, string][] = [
      ['Value', f.value || 'unknown'],
      ['Kind', /^traffic_?sign$/.test(f.objectType) ? 'traffic sign' : f.objectType || 'unknown'],
      ['First seen', seen(f.firstSeenAt)],
      ['Last seen', seen(f.lastSeenAt)],
      ['Facing', f.alignedDirection === null ? 'unknown' : `${f.alignedDirection.toFixed(0)}°`],
      [
        'Position',
        f.position ? `${f.position[1].toFixed(6)}, ${f.position[0].toFixed(6)}` : 'unknown',
      ],
      ['Id', f.id],
    ];
    const table = el('table', 'mly-fields');
    for (const [label, text] of facts) {
      const row = el('tr');
      row.append(el('th', undefined, label), el('td', undefined, text));
      table.append(row);
    }
    const buttons = el('div', 'mly-feature-actions');
    const copy = el('button', 'mly-copy-id', 'Copy Id');
    copy.addEventListener('click', () => this.actions.copyId(f));
    const exportButton = el('button', 'mly-export', 'Export');
    exportButton.title = 'Export this map feature as GeoJSON';
    exportButton.addEventListener('click', () => this.actions.export(f));
    buttons.append(copy, exportButton);
    const count = answer.detections;
    const heading = el(
      'h3',
      undefined,
      `Detected in ${answer.images.length} image${answer.images.length === 1 ? '' : 's'}` +
        (count > answer.images.length ? ` (${count} detections)` : ''),
    );
    const grid = el('div', 'mly-feature-images');
    for (const image of answer.images) grid.append(this.thumbnail(image));
    this.body.replaceChildren(table, buttons, heading, grid);
    this.status.textContent = answer.notes.join(' · ');
    this.root.dataset.images = String(answer.images.length);
    this.root.dataset.state = 'ready';
  }

  private thumbnail(image: FeatureAnswer['images'][number]): HTMLElement {
    const button = el('button', 'mly-feature-image');
    button.dataset.imageId = image.imageId;
    button.dataset.detectionId = image.detectionId;
    button.title = `Open image ${image.imageId} with this detection`;
    if (image.thumbnail) {
      const bytes = image.thumbnail.bytes;
      const part = bytes instanceof ArrayBuffer ? bytes : new Uint8Array(bytes);
      const url = URL.createObjectURL(new Blob([part], { type: image.thumbnail.mime }));
      this.urls.push(url);
      const img = el('img');
      img.alt = `Image ${image.imageId}`;
      img.src = url;
      button.append(img);
    } else {
      button.append(el('span', 'mly-no-thumbnail', 'no picture'));
    }
    button.append(
      el(
        'span',
        'mly-feature-image-date',
        image.capturedAt ? formatTime(image.capturedAt).slice(0, 10) : image.imageId,
      ),
    );
    button.addEventListener('click', () =>
      this.actions.openImage(image.imageId, image.detectionId),
    );
    return button;
  }

  /** Closes the panel. */
  hide(): void {
    this.setVisible(false);
    this.clearPictures();
  }

  private clearPictures(): void {
    for (const url of this.urls.splice(0)) URL.revokeObjectURL(url);
  }

  private setVisible(visible: boolean): void {
    if (this.root.hidden === !visible) return;
    this.root.hidden = !visible;
    this.actions.visibility(visible);
  }
}
