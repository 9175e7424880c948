// Human-readable names of detection classes. Mapillary names a class by a path of parts joined by
// "--": a family (regulatory, warning, information, complementary, object, construction, marking,
// nature, human, animal, void), sometimes a group, the object itself, and for signs a design
// variant (`g1`, `g2`). The name shown is the object in words, with its family where that says
// what kind of thing it is: "Stop (regulatory sign)", "Fire hydrant", "Crosswalk zebra (marking)".

const SIGN_FAMILIES: Readonly<Record<string, string>> = {
  regulatory: 'regulatory sign',
  warning: 'warning sign',
  information: 'information sign',
  complementary: 'complementary sign',
};

const NAMED_FAMILIES: Readonly<Record<string, string>> = {
  marking: 'marking',
  construction: 'construction',
};

function words(part: string): string {
  const text = part.replace(/[-_]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The class value in words (see the file comment); the value itself when it has no parts. */
export function detectionClassName(value: string): string {
  const parts = value.split('--').filter((p) => p.length > 0);
  // A trailing design variant (g1, g2, …) names the drawing, not the object.
  if (parts.length > 1 && /^g\d+$/.test(parts[parts.length - 1] ?? '')) parts.pop();
  const family = parts[0] ?? '';
  const object = parts[parts.length - 1] ?? value;
  if (parts.length < 2) return words(object || value);
  const sign = SIGN_FAMILIES[family];
  if (sign) return `${words(object)} (${sign})`;
  const named = NAMED_FAMILIES[family];
  if (named && parts.length > 2)
    return `${words(object)} (${words(parts[1] ?? '').toLowerCase()} ${named})`;
  if (named) return `${words(object)} (${named})`;
  return words(object);
}
