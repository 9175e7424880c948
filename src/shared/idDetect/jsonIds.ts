// Ids in JSON, JSON lines and GeoJSON: the values of keys named like an id (`img_id`, `sequence_id`,
// `map_feature_id`, lists under `image_ids`), and `id`/`sequence` inside records that only Mapillary
// data looks like (an image with `captured_at`, a map feature with `object_value`; a GeoJSON Feature
// counts its `properties` as its own). The scanner is tolerant: comments, several top-level values
// (JSON lines) and broken text do not stop it, and its depth is bounded.
import { type DetectedId, type DetectLimits, DEFAULT_DETECT_LIMITS } from './detectedId';
import { explicitMeaning, meaningIn, recordContext } from './idNames';
import { isLikelyId } from './idRule';

interface Value {
  start: number;
  end: number;
}

interface ObjectFrame {
  type: 'object';
  expectingKey: boolean;
  pendingKey: string | undefined;
  entries: { key: string; value: Value }[];
  keys: string[];
  /** The keys of child objects, by the key that holds them (`properties`). */
  childKeys: Map<string, string[]>;
}

interface ArrayFrame {
  type: 'array';
  /** The key whose value this array is, when its parent is an object. */
  key: string | undefined;
  items: Value[];
}

type Frame = ObjectFrame | ArrayFrame;

const MAX_DEPTH = 512;

function isDigitStart(ch: string | undefined): boolean {
  return ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9');
}

/** The ids in a JSON (or JSON lines, GeoJSON, JSON with comments) text. */
export function detectJsonIds(
  text: string,
  limits: DetectLimits = DEFAULT_DETECT_LIMITS,
): DetectedId[] {
  const found: DetectedId[] = [];
  const stack: Frame[] = [];
  const top = (): Frame | undefined => stack[stack.length - 1];

  const emit = (value: Value, kind: DetectedId['kind']): void => {
    const id = text.slice(value.start, value.end);
    if (isLikelyId(kind, id) && found.length < limits.maxIds) {
      found.push({ kind, id, start: value.start, end: value.end, via: 'key' });
    }
  };

  // A value (string, number or literal) or a closed container was read: the pending key is done.
  const consumed = (value: Value | undefined): void => {
    const frame = top();
    if (!frame) return;
    if (frame.type === 'array') {
      if (value) frame.items.push(value);
      return;
    }
    if (frame.pendingKey !== undefined && value) {
      frame.entries.push({ key: frame.pendingKey, value });
    }
    frame.pendingKey = undefined;
  };

  const closeObject = (frame: ObjectFrame): void => {
    const context = recordContext([...frame.keys, ...(frame.childKeys.get('properties') ?? [])]);
    for (const { key, value } of frame.entries) {
      const meaning = meaningIn(key, context);
      if (meaning) emit(value, meaning.kind);
    }
    const parent = top();
    if (parent?.type === 'object' && parent.pendingKey !== undefined) {
      parent.childKeys.set(parent.pendingKey, frame.keys);
    }
    consumed(undefined);
  };

  const closeArray = (frame: ArrayFrame): void => {
    const meaning = frame.key === undefined ? undefined : explicitMeaning(frame.key);
    if (meaning) for (const item of frame.items) emit(item, meaning.kind);
    consumed(undefined);
  };

  const n = text.length;
  let i = 0;
  while (i < n && found.length < limits.maxIds) {
    const ch = text[i];
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') {
      i += 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (ch === '"') {
      // A string ends at the next unescaped quote, or (broken text) at the end of the line.
      let j = i + 1;
      while (j < n && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      const value = { start: i + 1, end: Math.min(j, n) };
      i = Math.min(n, j + 1);
      const frame = top();
      if (frame?.type === 'object' && frame.expectingKey) {
        frame.pendingKey = text.slice(value.start, value.end);
        frame.keys.push(frame.pendingKey);
        frame.expectingKey = false;
      } else {
        consumed(value);
      }
    } else if (isDigitStart(ch)) {
      let j = i + 1;
      while (j < n && /[0-9.eE+-]/.test(text[j] ?? '')) j += 1;
      consumed({ start: i, end: j });
      i = j;
    } else if (ch === '{' || ch === '[') {
      if (stack.length >= MAX_DEPTH) break;
      const parent = top();
      if (ch === '{') {
        stack.push({
          type: 'object',
          expectingKey: true,
          pendingKey: undefined,
          entries: [],
          keys: [],
          childKeys: new Map(),
        });
      } else {
        stack.push({
          type: 'array',
          key: parent?.type === 'object' ? parent.pendingKey : undefined,
          items: [],
        });
      }
      i += 1;
    } else if (ch === '}' || ch === ']') {
      const frame = top();
      // A stray closer (broken text) is skipped; a matching one closes its container.
      if (frame && (frame.type === 'object') === (ch === '}')) {
        stack.pop();
        if (frame.type === 'object') closeObject(frame);
        else closeArray(frame);
      }
      i += 1;
    } else if (ch === ',') {
      const frame = top();
      if (frame?.type === 'object') {
        frame.expectingKey = true;
        frame.pendingKey = undefined;
      }
      i += 1;
    } else if (ch === ':') {
      i += 1;
    } else {
      // true, false, null, or anything else: a value that is not an id.
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(text[j] ?? '')) j += 1;
      consumed(undefined);
      i = j;
    }
  }
  // Containers left open by broken or cut-off text still give what they hold.
  while (stack.length > 0 && found.length < limits.maxIds) {
    const frame = stack.pop() as Frame;
    if (frame.type === 'object') closeObject(frame);
    else closeArray(frame);
  }
  return found.sort((a, b) => a.start - b.start);
}
