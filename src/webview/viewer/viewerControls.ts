// The viewer's controls: stepping along the sequence (first, previous, play/pause with a speed,
// next, last), where the image is in its sequence and when it was taken, the detection classes of
// the image with a toggle each (named in words, with their colour and count), "other captures here"
// (other sequences within about 20 m, by date), and "Reveal in tree". The controls only say what
// was asked; the app decides what happens.
import { classColor } from '../../shared/map/mapStyle';
import { type DetectionShape } from '../../shared/map/detectionPixels';
import { detectionClassName } from '../../shared/viewer/detectionClassNames';
import { type NearbyCapture } from '../../shared/viewer/viewerImage';

/** What the controls ask the app to do. */
export interface ControlActions {
  first(): void;
  previous(): void;
  next(): void;
  last(): void;
  togglePlay(): void;
  setSpeed(imagesPerSecond: number): void;
  toggleClass(value: string, shown: boolean): void;
  jumpTo(imageId: string): void;
  revealInTree(): void;
}

/** Play speeds offered, in images per second. */
export const PLAY_SPEEDS = [0.5, 1, 2, 4] as const;

function button(label: string, title: string, action: string, onClick: () => void) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.title = title;
  b.setAttribute('aria-label', title);
  b.dataset.action = action;
  b.addEventListener('click', onClick);
  return b;
}

function dateText(ms: number | undefined): string {
  if (!ms) return 'date unknown';
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** The toolbar and side lists (see the file comment). */
export class ViewerControls {
  readonly bar: HTMLElement;
  private readonly play: HTMLButtonElement;
  private readonly position: HTMLElement;
  private readonly classes: HTMLElement;
  private readonly nearbyButton: HTMLButtonElement;
  private readonly nearbyList: HTMLElement;
  private readonly notice: HTMLElement;

  constructor(
    parent: HTMLElement,
    private readonly actions: ControlActions,
  ) {
    this.bar = document.createElement('div');
    this.bar.className = 'mly-viewer-bar';
    this.play = button('Play', 'Play (Space)', 'play', () => actions.togglePlay());
    const speed = document.createElement('select');
    speed.title = 'Play speed (images per second)';
    speed.dataset.action = 'speed';
    for (const s of PLAY_SPEEDS) {
      const option = document.createElement('option');
      option.value = String(s);
      option.textContent = `${s}/s`;
      option.selected = s === 1;
      speed.append(option);
    }
    speed.addEventListener('change', () => actions.setSpeed(Number(speed.value)));
    this.position = document.createElement('span');
    this.position.className = 'mly-position';
    this.nearbyButton = button(
      'Other captures here',
      'Images of other sequences within 20 m',
      'nearby',
      () => {
        this.nearbyList.hidden = !this.nearbyList.hidden;
      },
    );
    this.nearbyList = document.createElement('div');
    this.nearbyList.className = 'mly-nearby';
    this.nearbyList.hidden = true;
    this.classes = document.createElement('div');
    this.classes.className = 'mly-classes';
    this.notice = document.createElement('div');
    this.notice.className = 'mly-notice';
    this.notice.hidden = true;
    this.bar.append(
      button('|◀', 'First image (Home)', 'first', () => actions.first()),
      button('◀', 'Previous image (←)', 'previous', () => actions.previous()),
      this.play,
      button('▶', 'Next image (→)', 'next', () => actions.next()),
      button('▶|', 'Last image (End)', 'last', () => actions.last()),
      speed,
      this.position,
      this.nearbyButton,
      button('Reveal in tree', 'Reveal this image in the Mapillary Explorer', 'reveal', () =>
        actions.revealInTree(),
      ),
    );
    parent.append(this.bar, this.nearbyList, this.classes, this.notice);
  }

  /** Shows whether playing. */
  setPlaying(playing: boolean): void {
    this.play.textContent = playing ? 'Pause' : 'Play';
    this.play.title = playing ? 'Pause (Space)' : 'Play (Space)';
  }

  /** Shows where the image is in its sequence and when it was taken. */
  setPosition(index: number | undefined, count: number | undefined, capturedAt: number): void {
    const where = index !== undefined && count ? `${index + 1} / ${count}` : '… / …';
    this.position.textContent = `${where} · ${dateText(capturedAt)}`;
  }

  /** Lists the classes of the shown image's detections, each with its toggle. */
  setClasses(shapes: readonly DetectionShape[], hidden: ReadonlySet<string>, failed: number): void {
    const counts = new Map<string, number>();
    for (const s of shapes) counts.set(s.value, (counts.get(s.value) ?? 0) + 1);
    const rows = [...counts.entries()]
      .sort((a, b) => detectionClassName(a[0]).localeCompare(detectionClassName(b[0])))
      .map(([value, count]) => {
        const label = document.createElement('label');
        label.className = 'mly-class';
        label.title = value;
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.checked = !hidden.has(value);
        box.dataset.class = value;
        box.addEventListener('change', () => this.actions.toggleClass(value, box.checked));
        const swatch = document.createElement('span');
        swatch.className = 'mly-swatch';
        swatch.style.background = classColor(value);
        const text = document.createElement('span');
        text.textContent = `${detectionClassName(value)} (${count})`;
        label.append(box, swatch, text);
        return label;
      });
    if (failed > 0) {
      const note = document.createElement('span');
      note.className = 'mly-class-note';
      note.textContent = `${failed} detection${failed === 1 ? '' : 's'} without a readable outline`;
      rows.push(note as HTMLLabelElement);
    }
    this.classes.replaceChildren(...rows);
  }

  /** Lists the other captures near the image, newest first. */
  setNearby(captures: readonly NearbyCapture[]): void {
    this.nearbyButton.textContent = `Other captures here (${captures.length})`;
    this.nearbyButton.disabled = captures.length === 0;
    const rows = captures.map((c) => {
      const row = button(
        `${dateText(c.capturedAt)} · ${c.distanceM.toFixed(0)} m${c.isPano ? ' · 360°' : ''}`,
        `Image ${c.id} of sequence ${c.sequenceId}`,
        'jump',
        () => {
          this.nearbyList.hidden = true;
          this.actions.jumpTo(c.id);
        },
      );
      row.dataset.imageId = c.id;
      return row;
    });
    this.nearbyList.replaceChildren(...rows);
    if (captures.length === 0) this.nearbyList.hidden = true;
  }

  /** Shows a lasting notice (the view without WebGL), or hides it. */
  setNotice(text: string | undefined): void {
    this.notice.hidden = text === undefined;
    this.notice.textContent = text ?? '';
  }
}
