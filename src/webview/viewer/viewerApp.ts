// The viewer page as one object: its link to the host, its data, the view that draws the pictures
// (MapillaryJS where WebGL works, the plain picture view where it does not, said once), the controls
// and the keys (← → step, Space plays, Home and End), playing along the sequence, the detections
// of the shown image and "other captures here". What it shows is written on its element as data
// attributes, for people inspecting the page and for the end-to-end tests.
import { isSupported } from 'mapillary-js';
import { type DetectionShape } from '../../shared/map/detectionPixels';
import { type HostToViewer } from '../../shared/viewer/viewerMessages';
import { HostDataProvider } from './hostDataProvider';
import { type ImageView, type ShownImage } from './imageView';
import { MapillaryView } from './mapillaryView';
import { PictureView } from './pictureView';
import { TileCutter } from './tileCutter';
import { ViewerControls } from './viewerControls';
import { ViewerData } from './viewerData';
import { ViewerLink, type ViewerVsCodeApi } from './viewerLink';

const NO_WEBGL =
  'WebGL is not available here (a blocked GPU or a remote desktop), so this is the plain picture ' +
  'view: no 360° panoramas and no transitions. Stepping, play and detections work as usual.';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The viewer page (see the file comment). */
export class ViewerApp {
  private readonly link: ViewerLink;
  private readonly data: ViewerData;
  private readonly view: ImageView;
  private readonly controls: ViewerControls;
  private readonly tiles: TileCutter;
  private current: ShownImage | undefined;
  private sequence: string[] = [];
  private shapes: readonly DetectionShape[] = [];
  private readonly hidden = new Set<string>();
  private playing = false;
  private speed = 1;
  private playTimer: ReturnType<typeof setTimeout> | undefined;
  private wanted: string | undefined;
  /** The detection the host asked to highlight, on its image (a map feature's). */
  private highlight: { imageId: string; detectionId: string } | undefined;
  private nearbyTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly root: HTMLElement,
    api: ViewerVsCodeApi,
  ) {
    this.link = new ViewerLink(api, window, (m) => this.onHostMessage(m));
    this.data = new ViewerData(this.link.channel);
    this.tiles = new TileCutter(this.data, (text) => this.link.log('error', text));
    const stage = document.createElement('div');
    stage.className = 'mly-viewer-stage';
    root.append(stage);
    this.controls = new ViewerControls(root, {
      first: () => this.stepTo(0),
      previous: () => this.step(-1),
      next: () => this.step(1),
      last: () => this.stepTo(this.sequence.length - 1),
      togglePlay: () => this.setPlaying(!this.playing),
      setSpeed: (s) => (this.speed = s),
      toggleClass: (value, shown) => {
        if (shown) this.hidden.delete(value);
        else this.hidden.add(value);
        this.drawDetections();
      },
      jumpTo: (id) => void this.show(id),
      revealInTree: () => {
        if (this.current) this.link.post({ type: 'revealInTree', imageId: this.current.id });
      },
    });
    const events = {
      onImage: (image: ShownImage) => this.onImage(image),
      onBearing: (bearing: number) => {
        this.root.dataset.bearing = bearing.toFixed(1);
        this.link.post({ type: 'bearing', bearing });
      },
      onDrawn: (imageId: string) => {
        this.root.dataset.drawn = imageId;
        this.link.post({ type: 'drawn', imageId });
      },
    };
    if (isSupported()) {
      this.root.dataset.renderer = 'mapillary';
      this.view = new MapillaryView(stage, new HostDataProvider(this.data, this.tiles), events);
    } else {
      this.root.dataset.renderer = 'picture';
      this.view = new PictureView(stage, this.data, events);
      this.controls.setNotice(NO_WEBGL);
      this.link.post({ type: 'fallback', reason: 'WebGL is not supported by this browser' });
    }
    window.addEventListener('keydown', this.onKey);
  }

  /** Tells the host the page is listening; it answers with the image to show. */
  start(): void {
    this.link.post({ type: 'ready' });
  }

  private onHostMessage(message: HostToViewer): void {
    if (message.type !== 'show') return;
    const { imageId, highlightDetectionId: detectionId } = message;
    this.highlight = detectionId ? { imageId, detectionId } : undefined;
    void this.show(imageId);
  }

  /** Shows an image; a newer call wins, and a failure is shown in the panel. */
  private async show(imageId: string): Promise<void> {
    this.wanted = imageId;
    this.root.dataset.state = 'loading';
    this.root.dataset.wanted = imageId;
    try {
      await this.view.moveTo(imageId);
    } catch (error) {
      if (this.wanted !== imageId) return;
      this.root.dataset.state = 'error';
      this.root.dataset.error = message(error).slice(0, 300);
      this.link.log('warn', `image ${imageId} could not be shown: ${message(error)}`);
      this.setPlaying(false);
    }
  }

  private onImage(image: ShownImage): void {
    const changed = this.current?.id !== image.id;
    this.current = image;
    const data = this.root.dataset;
    data.imageId = image.id;
    data.state = 'ready';
    data.bearing = image.bearing.toFixed(1);
    data.pano = String(image.isPano);
    delete data.error;
    if (!changed) return;
    this.link.saveImage(image.id);
    this.link.post({
      type: 'imageChanged',
      view: {
        id: image.id,
        ...(image.sequenceId ? { sequenceId: image.sequenceId } : {}),
        lon: image.lon,
        lat: image.lat,
        bearing: image.bearing,
      },
    });
    void this.follow(image);
  }

  /** Everything that goes with a new image: its place in the sequence, detections, neighbours. */
  private async follow(image: ShownImage): Promise<void> {
    this.shapes = [];
    this.drawDetections();
    const record = this.data.known(image.id);
    this.controls.setPosition(undefined, undefined, record?.capturedAt ?? 0);
    if (image.sequenceId) {
      try {
        this.sequence = await this.data.sequence(image.sequenceId);
      } catch (error) {
        this.link.log('warn', `sequence ${image.sequenceId}: ${message(error)}`);
        this.sequence = [image.id];
      }
    }
    if (this.current?.id !== image.id) return;
    const index = this.sequence.indexOf(image.id);
    this.root.dataset.index = String(index);
    this.root.dataset.count = String(this.sequence.length);
    this.controls.setPosition(
      index >= 0 ? index : undefined,
      this.sequence.length,
      record?.capturedAt ?? 0,
    );
    try {
      const { shapes, failed } = await this.data.detections(image.id);
      if (this.current?.id !== image.id) return;
      this.shapes = shapes;
      this.controls.setClasses(shapes, this.hidden, failed);
      this.drawDetections();
    } catch (error) {
      this.link.log('warn', `detections of ${image.id}: ${message(error)}`);
    }
    // Other captures here: asked once the viewer rests on an image, not for every image of a play.
    if (this.nearbyTimer) clearTimeout(this.nearbyTimer);
    this.nearbyTimer = setTimeout(() => void this.loadNearby(image.id), this.playing ? 2000 : 200);
  }

  private async loadNearby(imageId: string): Promise<void> {
    const record = this.data.known(imageId);
    if (!record || this.current?.id !== imageId) return;
    try {
      this.controls.setNearby(await this.data.nearby(record));
    } catch (error) {
      this.link.log('warn', `captures near ${imageId}: ${message(error)}`);
    }
  }

  private drawDetections(): void {
    const image = this.current;
    if (!image) return;
    const wanted = this.highlight?.imageId === image.id ? this.highlight.detectionId : undefined;
    const highlighted = this.shapes.some((s) => s.id === wanted) ? wanted : undefined;
    this.view.setDetections(image.id, this.shapes, this.hidden, highlighted);
    if (highlighted) this.root.dataset.highlighted = highlighted;
    else delete this.root.dataset.highlighted;
    void this.writeTagPoints(image.id);
  }

  // Where each shown class is drawn, written on the element (for inspection and the tests).
  private async writeTagPoints(imageId: string): Promise<void> {
    const points: Record<string, [number, number]> = {};
    for (const shape of this.shapes) {
      if (points[shape.value]) continue;
      const at = await this.view.detectionPoint(shape).catch(() => undefined);
      if (at) points[shape.value] = [Math.round(at[0]), Math.round(at[1])];
    }
    if (this.current?.id === imageId) this.root.dataset.tagPoints = JSON.stringify(points);
  }

  private step(delta: number): void {
    // From the image asked for last, so that quick presses each move on one more.
    const from = this.wanted ?? this.current?.id;
    const at = from ? this.sequence.indexOf(from) : -1;
    if (at < 0) return;
    this.stepTo(at + delta);
  }

  private stepTo(index: number): void {
    const id = this.sequence[index];
    if (id && id !== this.current?.id) void this.show(id);
  }

  private setPlaying(playing: boolean): void {
    this.playing = playing;
    this.root.dataset.playing = String(playing);
    this.controls.setPlaying(playing);
    if (this.playTimer) clearTimeout(this.playTimer);
    this.playTimer = undefined;
    if (playing) void this.playOn();
  }

  // One step, then the next after the pause the speed asks for, until paused or at the end.
  private async playOn(): Promise<void> {
    if (!this.playing || !this.current) return;
    const at = this.sequence.indexOf(this.current.id);
    const next = this.sequence[at + 1];
    if (at < 0 || !next) {
      this.setPlaying(false);
      return;
    }
    const started = performance.now();
    await this.show(next);
    if (!this.playing) return;
    const wait = Math.max(0, 1000 / this.speed - (performance.now() - started));
    this.playTimer = setTimeout(() => void this.playOn(), wait);
  }

  private readonly onKey = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT')) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const handled: Record<string, () => void> = {
      ArrowRight: () => this.step(1),
      ArrowLeft: () => this.step(-1),
      Home: () => this.stepTo(0),
      End: () => this.stepTo(this.sequence.length - 1),
      ' ': () => this.setPlaying(!this.playing),
    };
    const run = event.shiftKey ? undefined : handled[event.key];
    if (!run) return;
    event.preventDefault();
    event.stopPropagation();
    run();
  };

  /** Lets go of everything. */
  dispose(): void {
    this.setPlaying(false);
    if (this.nearbyTimer) clearTimeout(this.nearbyTimer);
    window.removeEventListener('keydown', this.onKey);
    this.view.dispose();
    this.tiles.dispose();
    this.link.dispose();
  }
}
