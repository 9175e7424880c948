// The side panel of a clicked image: its picture (sent as bytes by the host), its fields, and its
// detections drawn over the picture as polygons. The overlay canvas covers the picture exactly and
// is sized in device pixels whenever the picture's size changes, so outlines stay pixel aligned at
// any panel size. Each class can be hidden; hovering a polygon shows its class.
import { detectionAt, traceDetection, type DetectionShape } from '../shared/map/detectionPixels';
import { classColor } from '../shared/map/mapStyle';
import type { ImageDetails } from '../shared/messages';
import { el } from './element';
import { clearOverlay } from './overlayCanvas';

/** The side panel of the clicked image, with its detections drawn over the picture. */
export class ImagePanel {
  readonly root: HTMLElement;
  private readonly title: HTMLElement;
  private readonly status: HTMLElement;
  private readonly picture: HTMLElement;
  private readonly img: HTMLImageElement;
  private readonly overlay: HTMLCanvasElement;
  private readonly hoverLabel: HTMLElement;
  private readonly classList: HTMLElement;
  private readonly fields: HTMLElement;
  private shapes: DetectionShape[] = [];
  /** The detection drawn highlighted (a map feature's, when opened from its panel). */
  private highlight: string | undefined;
  private readonly hidden = new Set<string>();
  private objectUrl: string | undefined;
  private aspect = 4 / 3;

  /** `onVisibility` is told when the panel opens or closes, so the map can make room. */
  constructor(
    parent: HTMLElement,
    private readonly onVisibility: (visible: boolean) => void,
  ) {
    this.root = el('aside', 'mly-image-panel');
    this.root.hidden = true;
    this.root.setAttribute('aria-label', 'Image');
    const header = el('div', 'mly-panel-header');
    this.title = el('h2', undefined, 'Image');
    const close = el('button', 'mly-close', '×');
    close.title = 'Close';
    close.addEventListener('click', () => this.hide());
    header.append(this.title, close);
    this.status = el('div', 'mly-status');
    this.picture = el('div', 'mly-picture');
    this.img = el('img');
    this.img.alt = 'The image';
    this.overlay = el('canvas', 'mly-detections');
    this.hoverLabel = el('div', 'mly-detection-label');
    this.hoverLabel.hidden = true;
    this.picture.append(this.img, this.overlay, this.hoverLabel);
    this.classList = el('div', 'mly-classes');
    this.fields = el('table', 'mly-fields');
    this.root.append(header, this.status, this.picture, this.classList, this.fields);
    parent.append(this.root);
    this.img.addEventListener('load', () => this.drawDetections());
    new ResizeObserver(() => this.drawDetections()).observe(this.picture);
    this.overlay.addEventListener('mousemove', (event) => this.hover(event));
    this.overlay.addEventListener('mouseleave', () => (this.hoverLabel.hidden = true));
  }

  /** Shows the panel in its loading state for an image. */
  showLoading(imageId: string): void {
    this.setVisible(true);
    this.root.dataset.imageId = imageId;
    this.root.dataset.state = 'loading';
    delete this.root.dataset.notes;
    this.title.textContent = `Image ${imageId}`;
    this.status.textContent = 'Loading…';
    this.shapes = [];
    this.highlight = undefined;
    delete this.root.dataset.highlighted;
    this.fields.replaceChildren();
    this.classList.replaceChildren();
    this.setPicture(undefined);
    this.drawDetections();
  }

  /** Shows an error instead of the image. */
  showError(message: string): void {
    this.root.dataset.state = 'error';
    this.status.textContent = `The image could not be opened: ${message}`;
  }

  /**
   * Shows an image's picture, fields and (already decoded) detections; `notes` say what the host
   * left out of its answer.
   */
  show(
    image: ImageDetails,
    picture: { bytes: ArrayBuffer | Uint8Array; mime: string } | null,
    shapes: DetectionShape[],
    failed: number,
    notes: readonly string[] = [],
    highlight?: string,
  ): void {
    this.setVisible(true);
    this.root.dataset.imageId = image.id;
    this.highlight = shapes.some((shape) => shape.id === highlight) ? highlight : undefined;
    if (this.highlight) this.root.dataset.highlighted = this.highlight;
    else delete this.root.dataset.highlighted;
    this.title.textContent = `Image ${image.id}`;
    this.aspect = image.width && image.height ? image.width / image.height : 4 / 3;
    this.shapes = shapes;
    this.status.textContent =
      `${shapes.length} detection${shapes.length === 1 ? '' : 's'}` +
      (failed ? ` (${failed} could not be decoded)` : '') +
      (picture ? '' : ' · no picture available') +
      notes.map((note) => ` · ${note}`).join('');
    this.root.dataset.notes = String(notes.length);
    this.fields.replaceChildren(
      ...image.fields.map(([label, text]) => {
        const row = el('tr');
        row.append(el('th', undefined, label), el('td', undefined, text));
        return row;
      }),
    );
    this.renderClasses();
    this.setPicture(picture);
    this.root.dataset.detections = String(shapes.length);
    this.root.dataset.state = 'ready';
    this.drawDetections();
  }

  hide(): void {
    this.setVisible(false);
    this.setPicture(undefined);
  }

  private setVisible(visible: boolean): void {
    if (this.root.hidden === !visible) return;
    this.root.hidden = !visible;
    this.onVisibility(visible);
  }

  private setPicture(
    picture: { bytes: ArrayBuffer | Uint8Array; mime: string } | null | undefined,
  ): void {
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = undefined;
    this.picture.style.aspectRatio = String(this.aspect);
    if (!picture) {
      this.img.removeAttribute('src');
      this.img.hidden = true;
      return;
    }
    const part =
      picture.bytes instanceof ArrayBuffer ? picture.bytes : new Uint8Array(picture.bytes);
    this.objectUrl = URL.createObjectURL(new Blob([part], { type: picture.mime }));
    this.img.hidden = false;
    this.img.src = this.objectUrl;
  }

  private renderClasses(): void {
    const counts = new Map<string, number>();
    for (const s of this.shapes) counts.set(s.value, (counts.get(s.value) ?? 0) + 1);
    const rows = [...counts.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([value, count]) => {
        const label = el('label', 'mly-class');
        const box = el('input');
        box.type = 'checkbox';
        box.checked = !this.hidden.has(value);
        box.dataset.class = value;
        box.addEventListener('change', () => {
          if (box.checked) this.hidden.delete(value);
          else this.hidden.add(value);
          this.drawDetections();
        });
        const swatch = el('span', 'mly-swatch');
        swatch.style.background = classColor(value);
        label.append(box, swatch, el('span', undefined, `${value} (${count})`));
        return label;
      });
    this.classList.replaceChildren(...rows);
  }

  private drawDetections(): void {
    const cleared = clearOverlay(this.overlay, this.picture);
    if (!cleared) return;
    const { ctx, ...size } = cleared;
    const dpr = window.devicePixelRatio || 1;
    let polygons = 0;
    // The highlighted detection is drawn last, on top, and the others faint beside it.
    const ordered = this.highlight
      ? [
          ...this.shapes.filter((s) => s.id !== this.highlight),
          ...this.shapes.filter((s) => s.id === this.highlight),
        ]
      : this.shapes;
    for (const shape of ordered) {
      if (this.hidden.has(shape.value)) continue;
      const lit = shape.id === this.highlight;
      const faint = this.highlight !== undefined && !lit;
      const color = classColor(shape.value);
      const path = new Path2D();
      polygons += traceDetection(path, shape, size.width, size.height);
      ctx.fillStyle = color;
      ctx.globalAlpha = faint ? 0.12 : lit ? 0.5 : 0.35;
      // Even-odd keeps holes open: a hole ring inside its outer ring cancels the fill.
      ctx.fill(path, 'evenodd');
      ctx.globalAlpha = faint ? 0.4 : 1;
      ctx.strokeStyle = lit ? '#ffffff' : color;
      ctx.lineWidth = (lit ? 4 : 2) * dpr;
      ctx.stroke(path);
    }
    ctx.globalAlpha = 1;
    this.overlay.dataset.polygons = String(polygons);
  }

  private hover(event: MouseEvent): void {
    const box = this.overlay.getBoundingClientRect();
    const x = (event.clientX - box.left) / box.width;
    const y = (event.clientY - box.top) / box.height;
    const shape = detectionAt(this.shapes, x, y, this.hidden);
    if (!shape) {
      this.hoverLabel.hidden = true;
      return;
    }
    this.hoverLabel.hidden = false;
    this.hoverLabel.textContent = shape.value;
    this.hoverLabel.style.left = `${event.clientX - box.left + 12}px`;
    this.hoverLabel.style.top = `${event.clientY - box.top + 12}px`;
  }
}
