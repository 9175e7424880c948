/**
 * Requested fields as a tree: each name maps to its sub-selection, or to null when it was asked
 * for without one (`creator` vs `creator.username` or `creator{username}`).
 */
export type FieldSelection = Map<string, FieldSelection | null>;

/**
 * Parses a `fields=` value. Both nested spellings the service accepts work: dotted
 * (`creator.username,detections.value`) and braced (`creator{id,username}`).
 */
export function parseFields(spec: string | null | undefined): FieldSelection {
  const root: FieldSelection = new Map();
  if (!spec) {
    return root;
  }
  let pos = 0;
  const parseList = (into: FieldSelection): void => {
    while (pos < spec.length) {
      const ch = spec[pos];
      if (ch === '}') {
        pos++;
        return;
      }
      if (ch === ',' || ch === ' ') {
        pos++;
        continue;
      }
      let name = '';
      while (pos < spec.length && !',{}'.includes(spec[pos] ?? '')) {
        name += spec[pos++];
      }
      name = name.trim();
      if (!name) {
        continue;
      }
      let target = into;
      const segments = name.split('.');
      segments.forEach((segment, i) => {
        const last = i === segments.length - 1;
        const existing = target.get(segment);
        if (last && spec[pos] !== '{') {
          if (existing === undefined) {
            target.set(segment, null);
          }
          return;
        }
        const child = existing ?? new Map<string, FieldSelection | null>();
        target.set(segment, child);
        target = child;
      });
      if (spec[pos] === '{') {
        pos++;
        parseList(target);
      }
    }
  };
  parseList(root);
  return root;
}
