// The detector's entry point: which readers apply to a document (by its file name and language),
// their findings merged into one list ordered by position with overlaps removed, and the lookups
// the hover needs (the id under the cursor, and the ids around it worth reading in the same batch).
import { detectCsvIds } from './csvIds';
import { type DetectedId, type DetectLimits, DEFAULT_DETECT_LIMITS } from './detectedId';
import { type DetectedKind } from './idRule';
import { detectIdentifierIds } from './identifierIds';
import { detectJsonIds } from './jsonIds';
import { detectLinkIds, detectParameterIds } from './linkIds';

/** The kinds of text the detector reads. */
export type TextFormat = 'csv' | 'tsv' | 'json' | 'markdown' | 'python' | 'text';

const BY_EXTENSION: Record<string, TextFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
  jsonc: 'json',
  jsonl: 'json',
  ndjson: 'json',
  geojson: 'json',
  md: 'markdown',
  markdown: 'markdown',
  py: 'python',
  ipynb: 'json',
  txt: 'text',
};

const BY_LANGUAGE: Record<string, TextFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  json: 'json',
  jsonc: 'json',
  jsonl: 'json',
  geojson: 'json',
  markdown: 'markdown',
  python: 'python',
  plaintext: 'text',
  raw: 'text',
};

/**
 * The format of a document, from its file name's extension first (VS Code has no CSV language, so
 * a `.csv` file is plain text to it) and then its language id; undefined for other documents.
 */
export function textFormatOf(languageId: string, fileName: string): TextFormat | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  const byName = extension === undefined ? undefined : BY_EXTENSION[extension];
  // A notebook cell's "file name" is the notebook's; its language says what the cell holds.
  if (extension === 'ipynb') return BY_LANGUAGE[languageId];
  return byName ?? BY_LANGUAGE[languageId];
}

/** Every id the readers of `format` find in `text`, ordered by position, without overlaps. */
export function detectIds(
  text: string,
  format: TextFormat,
  limits: DetectLimits = DEFAULT_DETECT_LIMITS,
): DetectedId[] {
  if (text.length > limits.maxTextLength) return [];
  const found: DetectedId[] = [];
  switch (format) {
    case 'csv':
      found.push(...detectCsvIds(text, undefined, limits));
      break;
    case 'tsv':
      found.push(...detectCsvIds(text, '\t', limits));
      break;
    case 'json':
      found.push(...detectJsonIds(text, limits));
      break;
    default:
      found.push(...detectIdentifierIds(text, limits), ...detectParameterIds(text, limits));
  }
  found.push(...detectLinkIds(text, limits));
  return withoutOverlaps(found).slice(0, limits.maxIds);
}

/** Orders by start (longer first on a tie) and drops every range that overlaps an earlier one. */
function withoutOverlaps(items: DetectedId[]): DetectedId[] {
  const sorted = [...items].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: DetectedId[] = [];
  let end = -1;
  for (const item of sorted) {
    if (item.start < end) continue;
    out.push(item);
    end = item.end;
  }
  return out;
}

/** The index of the id whose range holds `offset` (ends included), or -1. */
export function indexAt(ids: readonly DetectedId[], offset: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = ids[mid] as DetectedId;
    if (offset < item.start) hi = mid - 1;
    else if (offset > item.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Up to `count` distinct ids of `kind` nearest to position `index` in `ids` (by position in the
 * text, alternating after and before), skipping `exclude` and those `skip` says are known. They
 * ride along in the hovered id's batch, so hovering down a column costs one read per batch.
 */
export function nearbyIds(
  ids: readonly DetectedId[],
  index: number,
  kind: DetectedKind,
  count: number,
  skip: (id: string) => boolean,
): string[] {
  const out = new Set<string>();
  const hovered = ids[index]?.id;
  // Bounded: a document of ids all known costs a fixed number of steps.
  const maxSteps = Math.max(count * 8, 400);
  for (let step = 1; step <= maxSteps && out.size < count; step++) {
    for (const at of [index + step, index - step]) {
      const item = ids[at];
      if (!item || item.kind !== kind || item.id === hovered || out.has(item.id)) continue;
      if (skip(item.id)) continue;
      out.add(item.id);
      if (out.size >= count) break;
    }
    if (index + step >= ids.length && index - step < 0) break;
  }
  return [...out];
}
