// Ids given to names that say what they hold, in code and prose: `image_id = "…"`,
// `image_ids = [1…, 2…]`, `{"sequence_key": "…"}`, `get(image_id=1…)`, `**Image ID:** 1…`. Only the
// value right after the name and its `=`, `==` or `:` is taken (or the items of a list that follows),
// and only when it passes the id rule of the kind the name gives.
import { type DetectedId, type DetectLimits, DEFAULT_DETECT_LIMITS } from './detectedId';
import { explicitMeaning } from './idNames';
import { isLikelyId } from './idRule';

const NAME =
  '(?:(?:mapillary|mly)[ _-]?)?(?:img|image|seq|sequence|map[ _-]?feature)[ _-]?(?:id|key)s?' +
  '|p[_-]?key|(?:mapillary|mly)[ _-]?(?:id|key)';
// The name (maybe quoted or in Markdown emphasis), the operator, and where the value starts.
const ASSIGNMENT = new RegExp(
  `(?<![A-Za-z0-9_])["'\`]?(${NAME})["'\`]?(?:\\*\\*|__)?\\s*(?:==|=|:)\\s*(?:\\*\\*|__)?[ \\t]*`,
  'gi',
);
const SINGLE = /^["'`]?([A-Za-z0-9_-]{1,64})(?![A-Za-z0-9_-])/;
const LIST_ITEM = /["'`]?([A-Za-z0-9_-]{1,64})["'`]?/g;
const CLOSERS: Record<string, string> = { '[': ']', '(': ')', '{': '}' };
const MAX_LIST_LENGTH = 100_000;

/** The ids assigned to id-named identifiers in code, notebook cells, Markdown or plain text. */
export function detectIdentifierIds(
  text: string,
  limits: DetectLimits = DEFAULT_DETECT_LIMITS,
): DetectedId[] {
  const found: DetectedId[] = [];
  for (const match of text.matchAll(ASSIGNMENT)) {
    const meaning = explicitMeaning(match[1] ?? '');
    if (!meaning) continue;
    const valueStart = match.index + match[0].length;
    const opener = text[valueStart] ?? '';
    const closer = CLOSERS[opener];
    if (closer) {
      const close = text.indexOf(closer, valueStart + 1);
      const end = close < 0 ? -1 : close;
      if (end < 0 || end - valueStart > MAX_LIST_LENGTH) continue;
      const body = text.slice(valueStart + 1, end);
      for (const item of body.matchAll(LIST_ITEM)) {
        const value = item[1] ?? '';
        if (!isLikelyId(meaning.kind, value)) continue;
        const start = valueStart + 1 + item.index + item[0].indexOf(value);
        found.push({
          kind: meaning.kind,
          id: value,
          start,
          end: start + value.length,
          via: 'identifier',
        });
        if (found.length >= limits.maxIds) return found;
      }
      continue;
    }
    const single = SINGLE.exec(text.slice(valueStart, valueStart + 70));
    const value = single?.[1];
    if (!single || value === undefined || !isLikelyId(meaning.kind, value)) continue;
    const start = valueStart + single[0].indexOf(value);
    found.push({
      kind: meaning.kind,
      id: value,
      start,
      end: start + value.length,
      via: 'identifier',
    });
    if (found.length >= limits.maxIds) break;
  }
  return found;
}
