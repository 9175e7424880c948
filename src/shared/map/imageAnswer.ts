// Shapes what the host sends for a clicked image so that it always fits the webview's schema: the
// schema drops a whole message that breaks one limit, and a panel that never opens says nothing.
// Whatever the service sent (thousands of detections, outlines with line breaks, sizes of 1e999),
// the panel opens with what fits, and notes say what was left out and why.
import type { DetectionEntity, ImageEntity } from '../api/entities';
import { imagePanelFacts } from '../explorer/imageFacts';
import { isId } from '../ids';
import { MAX_TILE_MESSAGE_BYTES } from '../channel/binary';
import {
  MAX_FACT_LABEL,
  MAX_FACT_TEXT,
  MAX_IMAGE_FACTS,
  type ImageAnswer,
  type Picture,
} from '../messages';
import {
  MAX_DETECTION_GEOMETRY,
  MAX_DETECTION_VALUE,
  MAX_DETECTIONS,
  type DetectionOutline,
} from './detectionOutline';

/** Most outline bytes one answer carries in all (the webview decodes them all at once). */
export const MAX_ANSWER_GEOMETRY = 16 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/=_-]*$/;

/** What the host gathered about an image. */
export interface ImageAnswerInput {
  /** The id asked for (already checked by the request's schema). */
  imageId: string;
  image: ImageEntity;
  detections: readonly DetectionEntity[];
  thumbnail: Picture | null;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The answer to an `openImage` request, within every limit of its schema. */
export function shapeImageAnswer(input: ImageAnswerInput): ImageAnswer {
  const notes: string[] = [];
  const left = { id: 0, outline: 0, large: 0, budget: 0 };
  const outlines: DetectionOutline[] = [];
  let bytes = 0;
  let usable = 0;
  for (const d of input.detections) {
    if (!isId('detection', d.id ?? '')) {
      left.id++;
      continue;
    }
    // Base64 may be wrapped over lines; decoders ignore the white space, so it is dropped here.
    const geometry = (d.geometry ?? '').replace(/\s+/g, '');
    if (geometry === '' || !BASE64.test(geometry)) {
      left.outline++;
      continue;
    }
    if (geometry.length > MAX_DETECTION_GEOMETRY) {
      left.large++;
      continue;
    }
    usable++;
    if (outlines.length >= MAX_DETECTIONS) continue;
    if (bytes + geometry.length > MAX_ANSWER_GEOMETRY) {
      left.budget++;
      continue;
    }
    bytes += geometry.length;
    outlines.push({
      id: d.id ?? '',
      value: (d.value ?? '').slice(0, MAX_DETECTION_VALUE),
      geometry,
    });
  }
  if (usable - outlines.length - left.budget > 0) {
    notes.push(
      `${plural(usable, 'detection')}: only the first ${MAX_DETECTIONS.toLocaleString('en-US')} are shown`,
    );
  }
  if (left.budget) {
    notes.push(`${plural(left.budget, 'detection')} left out: the outlines are too large together`);
  }
  if (left.outline) notes.push(`${plural(left.outline, 'detection')} without a readable outline`);
  if (left.large) notes.push(`${plural(left.large, 'detection')} left out: outline over 1 MB`);
  if (left.id) notes.push(`${plural(left.id, 'detection')} left out: not a valid detection id`);

  let thumbnail = input.thumbnail;
  if (thumbnail && thumbnail.bytes.byteLength > MAX_TILE_MESSAGE_BYTES) {
    thumbnail = null;
    notes.push('the picture is too large to show');
  }
  const width = positive(input.image.width);
  const height = positive(input.image.height);
  return {
    image: {
      id: input.imageId,
      ...(width ? { width } : {}),
      ...(height ? { height } : {}),
      ...(input.image.sequence && isId('sequence', input.image.sequence)
        ? { sequence: input.image.sequence }
        : {}),
      fields: imagePanelFacts({ ...input.image, id: input.imageId })
        .slice(0, MAX_IMAGE_FACTS)
        .map((f) => [f.label.slice(0, MAX_FACT_LABEL), f.value.slice(0, MAX_FACT_TEXT)]),
    },
    detections: outlines,
    thumbnail,
    notes,
  };
}
