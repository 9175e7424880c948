// The plain picture view, for when WebGL is not available (a blocked GPU, a remote desktop): the
// picture on a page that zooms (wheel, double-click, +/-) and pans (drag), with the detections drawn
// over it on a canvas and named on hover. Resolution steps up as one zooms in, as in MapillaryJS:
// the 1024 picture first, the 2048 one past 1.5×, the original past 3×. A panorama shows as its
// equirectangular strip; dragging it sideways turns the bearing the map shows.
import {
  detectionAt,
  interiorPoint,
  traceDetection,
  type DetectionShape,
} from '../../shared/map/detectionPixels';
import { classColor } from '../../shared/map/mapStyle';
import { detectionClassName } from '../../shared/viewer/detectionClassNames';
import { type PictureSize } from '../../shared/viewer/viewerHandles';
import { type ViewerImage } from '../../shared/viewer/viewerImage';
import { type ImageView, type ImageViewEvents, type ShownImage } from './imageView';
import { type ViewerData } from './viewerData';
import { clearOverlay } from '../overlayCanvas';

const MIN_SCALE = 1;
const MAX_SCALE = 8;

function sizeFor(scale: number, image: ViewerImage): PictureSize {
  const longer = Math.max(image.width, image.height);
  if (scale > 3 && longer > 2048) return 'original';
  if (scale > 1.5 && longer > 1024) return '2048';
  return '1024';
}

const rank: Record<PictureSize, number> = { '256': 0, '1024': 1, '2048': 2, original: 3 };

/** The plain picture view (see the file comment). */
export class PictureView implements ImageView {
  private readonly stage: HTMLElement;
  private readonly page: HTMLElement;
  private readonly img: HTMLImageElement;
  private readonly overlay: HTMLCanvasElement;
  private readonly label: HTMLElement;
  private image: ViewerImage | undefined;
  private loaded: PictureSize | undefined;
  private objectUrl: string | undefined;
  private shapes: readonly DetectionShape[] = [];
  private hidden: ReadonlySet<string> = new Set();
  private highlighted: string | undefined;
  private scale = 1;
  private offset: [number, number] = [0, 0];
  private drag: { x: number; y: number; from: [number, number] } | undefined;
  private move = 0;
  private readonly resizer: ResizeObserver;

  constructor(
    container: HTMLElement,
    private readonly data: ViewerData,
    private readonly events: ImageViewEvents,
  ) {
    this.stage = document.createElement('div');
    this.stage.className = 'mly-picture-stage';
    this.page = document.createElement('div');
    this.page.className = 'mly-picture-page';
    this.img = document.createElement('img');
    this.img.alt = 'The street-level picture';
    this.img.draggable = false;
    this.overlay = document.createElement('canvas');
    this.overlay.className = 'mly-picture-detections';
    this.label = document.createElement('div');
    this.label.className = 'mly-tag-label';
    this.label.hidden = true;
    this.page.append(this.img, this.overlay);
    this.stage.append(this.page, this.label);
    container.append(this.stage);
    this.stage.addEventListener('wheel', this.onWheel, { passive: false });
    this.stage.addEventListener('pointerdown', this.onPointerDown);
    this.stage.addEventListener('pointermove', this.onPointerMove);
    this.stage.addEventListener('pointerup', this.onPointerUp);
    this.stage.addEventListener('dblclick', this.onDoubleClick);
    this.resizer = new ResizeObserver(() => this.layout());
    this.resizer.observe(this.stage);
  }

  async moveTo(imageId: string): Promise<ShownImage> {
    const move = ++this.move;
    const image = await this.data.image(imageId);
    await this.load(image, '1024', move);
    this.image = image;
    this.scale = 1;
    this.offset = [0, 0];
    this.shapes = [];
    this.layout();
    const shown = this.shown();
    this.events.onImage(shown);
    requestAnimationFrame(() => requestAnimationFrame(() => this.events.onDrawn(imageId)));
    return shown;
  }

  setDetections(
    imageId: string,
    shapes: readonly DetectionShape[],
    hidden: ReadonlySet<string>,
    highlighted?: string,
  ) {
    if (this.image?.id !== imageId) return;
    this.shapes = shapes;
    this.hidden = hidden;
    this.highlighted = highlighted;
    this.drawDetections();
  }

  detectionPoint(shape: DetectionShape): Promise<[number, number] | undefined> {
    const rings = shape.polygons[0];
    const inside = rings && interiorPoint(rings);
    if (!inside) return Promise.resolve(undefined);
    const box = this.img.getBoundingClientRect();
    const stage = this.stage.getBoundingClientRect();
    return Promise.resolve([
      box.left - stage.left + inside[0] * box.width,
      box.top - stage.top + inside[1] * box.height,
    ]);
  }

  /** Loads the picture at `size` unless a newer move came meanwhile. */
  private async load(image: ViewerImage, size: PictureSize, move: number): Promise<void> {
    const { buffer, mime } = await this.data.picture(image.id, size);
    if (move !== this.move) throw new Error('superseded by a newer move');
    const url = URL.createObjectURL(new Blob([buffer], { type: mime }));
    const previous = this.objectUrl;
    this.objectUrl = url;
    this.img.src = url;
    await this.img.decode().catch(() => undefined);
    if (previous) URL.revokeObjectURL(previous);
    this.loaded = size;
    this.page.dataset.pictureSize = size;
  }

  private shown(): ShownImage {
    const image = this.image;
    if (!image) throw new Error('no image shown');
    const compass = image.computedCompassAngle ?? image.compassAngle ?? 0;
    let bearing = compass;
    if (image.isPano) {
      // The middle of the strip looks along the compass angle; what is centred now is off by the
      // share of the strip it was dragged by.
      const width = this.img.clientWidth * this.scale;
      const shift = width > 0 ? -this.offset[0] / width : 0;
      bearing = compass + shift * 360;
    }
    return {
      id: image.id,
      sequenceId: image.sequenceId,
      lon: image.computedLon ?? image.lon,
      lat: image.computedLat ?? image.lat,
      bearing: ((bearing % 360) + 360) % 360,
      isPano: image.isPano,
    };
  }

  private layout(): void {
    const image = this.image;
    const stage = this.stage.getBoundingClientRect();
    if (!image || stage.width === 0) return;
    // Fit the whole picture, then zoom and pan from there.
    const fit = Math.min(stage.width / image.width, stage.height / image.height);
    const width = image.width * fit;
    const height = image.height * fit;
    this.page.style.width = `${width}px`;
    this.page.style.height = `${height}px`;
    const maxX = Math.max(0, (width * this.scale - stage.width) / 2);
    const maxY = Math.max(0, (height * this.scale - stage.height) / 2);
    this.offset = [
      Math.max(-maxX, Math.min(maxX, this.offset[0])),
      Math.max(-maxY, Math.min(maxY, this.offset[1])),
    ];
    const left = (stage.width - width) / 2 + this.offset[0];
    const top = (stage.height - height) / 2 + this.offset[1];
    this.page.style.transform = `translate(${left}px, ${top}px) scale(${this.scale})`;
    this.drawDetections();
    const wanted = sizeFor(this.scale, image);
    if (this.loaded && rank[wanted] > rank[this.loaded]) {
      void this.load(image, wanted, this.move).catch(() => undefined);
    }
  }

  private drawDetections(): void {
    const cleared = clearOverlay(this.overlay, this.page);
    if (!cleared) return;
    const { ctx, ...size } = cleared;
    for (const shape of this.shapes) {
      if (this.hidden.has(shape.value)) continue;
      const color = classColor(shape.value);
      const strong = shape.id === this.highlighted;
      const path = new Path2D();
      traceDetection(path, shape, size.width, size.height);
      ctx.fillStyle = color;
      ctx.globalAlpha = strong ? 0.6 : 0.35;
      // Even-odd keeps holes open.
      ctx.fill(path, 'evenodd');
      ctx.globalAlpha = 1;
      ctx.strokeStyle = strong ? '#ffffff' : color;
      ctx.lineWidth = (strong ? 4 : 2) * (window.devicePixelRatio || 1);
      ctx.stroke(path);
    }
  }

  private zoom(factor: number, atX: number, atY: number): void {
    const next = Math.max(MIN_SCALE, Math.min(MAX_SCALE, this.scale * factor));
    const stage = this.stage.getBoundingClientRect();
    // Keep the point under the pointer where it is.
    const cx = atX - stage.width / 2 - this.offset[0];
    const cy = atY - stage.height / 2 - this.offset[1];
    const k = next / this.scale;
    this.offset = [this.offset[0] - cx * (k - 1), this.offset[1] - cy * (k - 1)];
    this.scale = next;
    this.layout();
    if (this.image?.isPano) this.events.onBearing(this.shown().bearing);
  }

  private readonly onWheel = (event: WheelEvent): void => {
    event.preventDefault();
    const stage = this.stage.getBoundingClientRect();
    this.zoom(event.deltaY < 0 ? 1.25 : 0.8, event.clientX - stage.left, event.clientY - stage.top);
  };

  private readonly onDoubleClick = (event: MouseEvent): void => {
    const stage = this.stage.getBoundingClientRect();
    this.zoom(2, event.clientX - stage.left, event.clientY - stage.top);
  };

  private readonly onPointerDown = (event: PointerEvent): void => {
    this.drag = { x: event.clientX, y: event.clientY, from: this.offset };
    this.stage.setPointerCapture(event.pointerId);
  };

  private readonly onPointerMove = (event: PointerEvent): void => {
    const drag = this.drag;
    if (drag) {
      this.offset = [drag.from[0] + event.clientX - drag.x, drag.from[1] + event.clientY - drag.y];
      this.layout();
      if (this.image?.isPano) this.events.onBearing(this.shown().bearing);
      return;
    }
    const box = this.page.getBoundingClientRect();
    const shape = detectionAt(
      this.shapes,
      (event.clientX - box.left) / box.width,
      (event.clientY - box.top) / box.height,
      this.hidden,
    );
    this.label.hidden = !shape;
    if (shape) {
      const stage = this.stage.getBoundingClientRect();
      this.label.textContent = detectionClassName(shape.value);
      this.label.style.transform = `translate(${event.clientX - stage.left + 14}px, ${event.clientY - stage.top + 14}px)`;
    }
  };

  private readonly onPointerUp = (): void => {
    this.drag = undefined;
  };

  /** Zooms in or out by one step about the middle (the +/- buttons and keys). */
  zoomStep(inwards: boolean): void {
    const stage = this.stage.getBoundingClientRect();
    this.zoom(inwards ? 1.5 : 1 / 1.5, stage.width / 2, stage.height / 2);
  }

  dispose(): void {
    this.resizer.disconnect();
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.stage.remove();
  }
}
