// The sprite atlas of map feature icons in the page: asked of the host once (it reads the atlas
// the build made), handed to the drawing workers, and kept as a Blob URL for the icons of the
// legend, the hover label and the feature panel. Until it arrives, and if it never does, features
// are drawn with the fallback glyph.
import type { RequestChannel } from '../shared/channel/requestChannel';
import { isRequestCancelled } from '../shared/channel/requestErrors';
import { spriteAtlasRequest } from '../shared/map/featureMessages';
import { iconRect, type SpriteIndex } from '../shared/map/spriteIndex';
import { el } from './element';

/** Where the sprites go once they have arrived (the drawing workers). */
export interface SpriteSink {
  setSprites(png: ArrayBuffer, index: SpriteIndex): Promise<void>;
}

/** The atlas as the page uses it. */
export class SpriteSheet {
  private index: SpriteIndex | undefined;
  private url: string | undefined;

  /** Asks the host for the atlas; `onReady` is told once the workers have it. */
  load(
    channel: RequestChannel,
    sink: SpriteSink,
    onReady: () => void,
    log: (text: string) => void,
  ): void {
    void channel
      .request(spriteAtlasRequest, {})
      .then(async ({ png, index }) => {
        const bytes = png instanceof ArrayBuffer ? png : new Uint8Array(png).slice().buffer;
        this.index = index;
        this.url = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
        await sink.setSprites(bytes, index);
        onReady();
      })
      .catch((error: unknown) => {
        if (isRequestCancelled(error)) return;
        log(
          `the sign icons could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
  }

  /** Whether the atlas has arrived. */
  get ready(): boolean {
    return this.url !== undefined;
  }

  /**
   * An element showing a value's icon at `size` CSS pixels, or a small swatch of `fallback` colour
   * when the value has none (or the atlas has not arrived).
   */
  icon(value: string, size: number, fallback: string): HTMLElement {
    const span = el('span', 'mly-icon');
    span.style.width = span.style.height = `${size}px`;
    const rect = this.index && iconRect(this.index, value);
    if (!rect || !this.index || !this.url) {
      span.classList.add('mly-icon-fallback');
      span.style.background = fallback;
      return span;
    }
    const scale = size / this.index.cell;
    span.style.backgroundImage = `url("${this.url}")`;
    span.style.backgroundSize = `${this.index.width * scale}px ${this.index.height * scale}px`;
    const cellX = rect[0] - Math.floor((this.index.cell - rect[2]) / 2);
    const cellY = rect[1] - Math.floor((this.index.cell - rect[3]) / 2);
    span.style.backgroundPosition = `${-cellX * scale}px ${-cellY * scale}px`;
    span.dataset.icon = value;
    return span;
  }

  dispose(): void {
    if (this.url) URL.revokeObjectURL(this.url);
  }
}
