// The files shown over the window's map: which file each overlay id stands for, its colour, what
// the map reported it holds (its points, for "Images looking at here"), and who waits for that
// report. The webview knows overlays only by id and asks for their bytes by id; the file behind an
// id is read here, inside its workspace folder, every time the map asks (the map reloads its page
// when it is hidden and shown again), except for the first time, when the bytes the command read
// to check the file are handed over and dropped. Free of `vscode`, so it is tested on its own.
import * as path from 'node:path';
import type { OverlayFileData } from '../../core/overlay/overlayFile';
import type { Logger } from '../../shared/logger';
import type { HostToWebview, WebviewToHost } from '../../shared/messages';
import { OverlayError } from '../../shared/overlay/overlayFeatures';
import { MAX_OVERLAYS, OVERLAY_CHUNK_BYTES } from '../../shared/overlay/overlayLimits';
import type { OverlayReport } from '../../shared/overlay/overlayMessages';

/** Reads a file for the map (confined to `root`); see readOverlayFile. */
export type OverlayReader = (file: string, root: string) => Promise<OverlayFileData>;

/** One file on the map. */
export interface OverlayEntry {
  readonly id: string;
  readonly file: string;
  readonly root: string;
  readonly name: string;
  readonly colorIndex: number;
  /** What the map reported once it drew the file. */
  report?: OverlayReport;
}

interface Entry extends OverlayEntry {
  format: OverlayFileData['format'];
  /** The bytes read by the command, until the map takes them. */
  ready?: Uint8Array;
  /** The bytes being sent to the map, piece by piece, until the last piece is taken. */
  sending?: Uint8Array;
  /** Fit the map to the file when it is drawn, until the map has drawn it once. */
  fit: boolean;
  waiters: { resolve(report: OverlayReport): void; reject(error: Error): void }[];
}

type OverlayMessage = Extract<WebviewToHost, { type: 'overlayStatus' | 'overlayImagesLookingAt' }>;

/** The overlays of a window's map (see the file comment). */
export class OverlayRegistry {
  private readonly entries = new Map<string, Entry>();
  private nextId = 1;
  private nextColor = 0;
  private post: ((message: HostToWebview) => void) | undefined;

  constructor(
    private readonly read: OverlayReader,
    private readonly log: Logger,
    /** Asked on a point of an overlay for the images looking at it. */
    private readonly imagesLookingAt: (lon: number, lat: number) => void,
  ) {}

  /** The overlay showing `file`, if any. */
  find(file: string): OverlayEntry | undefined {
    const wanted = path.resolve(file);
    return [...this.entries.values()].find((e) => e.file === wanted);
  }

  /** Every overlay, in the order they were shown. */
  list(): OverlayEntry[] {
    return [...this.entries.values()];
  }

  /**
   * Reads `file` (inside `root`) and puts it on the map, replacing the overlay of the same file.
   * Throws an {@link OverlayError} when the file cannot be read or too many are shown.
   */
  async add(file: string, root: string): Promise<OverlayEntry> {
    const full = path.resolve(file);
    const data = await this.read(full, root);
    const old = [...this.entries.values()].find((e) => e.file === full);
    if (!old && this.entries.size >= MAX_OVERLAYS) {
      throw new OverlayError(
        `The map shows ${MAX_OVERLAYS} files already: take one off (× in its legend) first.`,
      );
    }
    if (old) this.settle(old, new OverlayError(`${old.name} was shown again.`));
    const entry: Entry = {
      id: old?.id ?? `o${this.nextId++}`,
      file: full,
      root,
      name: data.name,
      colorIndex: old?.colorIndex ?? this.nextColor++,
      format: data.format,
      ready: data.bytes,
      fit: true,
      waiters: [],
    };
    this.entries.set(entry.id, entry);
    this.sendShow(entry);
    return entry;
  }

  /** Waits for the map's report on an overlay; rejects with the map's error if it could not draw it. */
  whenDrawn(id: string): Promise<OverlayReport> {
    const entry = this.entries.get(id);
    if (!entry) return Promise.reject(new OverlayError('The file is no longer on the map.'));
    if (entry.report) return Promise.resolve(entry.report);
    return new Promise((resolve, reject) => entry.waiters.push({ resolve, reject }));
  }

  /** Takes an overlay off the map. */
  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.settle(entry, new OverlayError(`${entry.name} was taken off the map.`));
    this.post?.({ type: 'removeOverlay', id });
  }

  /** A map page is ready (new, or reloaded): it is sent every overlay to draw. */
  attach(post: (message: HostToWebview) => void): void {
    this.post = post;
    for (const entry of this.entries.values()) this.sendShow(entry);
  }

  /** The map panel closed: the overlays go with it, and whoever waits is told. */
  detach(): void {
    this.post = undefined;
    for (const entry of this.entries.values()) {
      this.settle(entry, new OverlayError('The map was closed.'));
    }
    this.entries.clear();
  }

  /**
   * A piece of an overlay's bytes, asked by the map: read afresh when the map starts from the
   * beginning (except the first time, when the command's bytes are used), held until the last
   * piece is taken.
   */
  async data(id: string, offset: number): Promise<{ bytes: Uint8Array; total: number }> {
    const entry = this.entries.get(id);
    if (!entry) throw new OverlayError(`overlay ${id} is not shown any more`);
    if (offset === 0 || !entry.sending) {
      if (entry.ready) {
        entry.sending = entry.ready;
        entry.ready = undefined;
      } else {
        const data = await this.read(entry.file, entry.root);
        entry.format = data.format;
        entry.sending = data.bytes;
      }
    }
    const all = entry.sending;
    if (offset > all.length)
      throw new OverlayError(`offset ${offset} is past the end of ${entry.name}`);
    const end = Math.min(all.length, offset + OVERLAY_CHUNK_BYTES);
    if (end === all.length) entry.sending = undefined;
    return { bytes: all.subarray(offset, end), total: all.length };
  }

  /** Takes a message about overlays from the map. */
  receive(message: OverlayMessage): void {
    if (message.type === 'overlayImagesLookingAt') {
      this.imagesLookingAt(message.lon, message.lat);
      return;
    }
    const entry = this.entries.get(message.id);
    if (!entry) return;
    if (message.state === 'removed') {
      this.entries.delete(entry.id);
      this.settle(entry, new OverlayError(`${entry.name} was taken off the map.`));
    } else if (message.state === 'failed') {
      const error = message.error ?? 'it could not be drawn';
      this.log.warn(`${entry.name} could not be drawn: ${error}`);
      this.settle(entry, new OverlayError(`${entry.name}: ${error}`));
    } else if (message.report) {
      entry.report = message.report;
      entry.fit = false;
      const r = message.report;
      this.log.info(
        `${entry.name} drawn: ${r.featureCount} features (${r.pointCount} points, ${r.lines} lines, ` +
          `${r.polygons} polygons${r.clustered ? ', clustered' : ''})` +
          (r.firstDrawMs === undefined ? '' : ` in ${Math.round(r.firstDrawMs)} ms`),
      );
      for (const waiter of entry.waiters.splice(0)) waiter.resolve(message.report);
    }
  }

  private sendShow(entry: Entry): void {
    if (!this.post) return;
    this.post({
      type: 'showOverlay',
      overlay: {
        id: entry.id,
        name: entry.name,
        format: entry.format,
        colorIndex: entry.colorIndex,
        fit: entry.fit,
      },
    });
  }

  private settle(entry: Entry, error: Error): void {
    for (const waiter of entry.waiters.splice(0)) waiter.reject(error);
  }
}
