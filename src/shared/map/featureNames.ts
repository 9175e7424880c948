// Human-readable names of map feature values, for the legend, the hover label, the feature panel
// and the exports: `regulatory--stop--g1` reads "Stop (regulatory sign)", `object--support--
// utility-pole` reads "Utility pole". One rule for every value, known or not, so a value the
// service adds tomorrow still gets a sensible name; the value itself stays the key everywhere.

const SIGN_FAMILIES = new Set(['regulatory', 'warning', 'information', 'complementary']);
/** Grouping segments that say nothing a reader needs. */
const QUIET_GROUPS = new Set(['support', 'vehicle', 'discrete', 'continuous', 'flat']);
const FAMILY_SUFFIX: Record<string, string> = {
  marking: ' (road marking)',
  construction: ' (construction)',
  nature: ' (nature)',
};

function words(segment: string): string {
  return segment.replace(/[-_]+/g, ' ').trim();
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The human-readable name of a map feature value (`regulatory--stop--g1` → "Stop (regulatory sign)"). */
export function featureName(value: string): string {
  const parts = value
    .slice(0, 200)
    .split('--')
    .map(words)
    .filter((p) => p !== '');
  // The last segment of a sign is its design variant (`g1`, `g2`), not part of its meaning.
  if (parts.length > 1 && /^g\d+$/.test(parts[parts.length - 1] ?? '')) parts.pop();
  const family = parts[0];
  if (family === undefined) return 'Unknown feature';
  const rest = parts.slice(1);
  if (rest.length === 0) return capitalized(family);
  if (SIGN_FAMILIES.has(family)) return `${capitalized(rest.join(', '))} (${family} sign)`;
  const kept = rest.length > 1 ? rest.filter((p) => !QUIET_GROUPS.has(p)) : rest;
  const [main = '', ...more] = kept;
  const qualifiers = more.length ? `, ${more.join(', ')}` : '';
  return `${capitalized(main)}${qualifiers}${FAMILY_SUFFIX[family] ?? ''}`;
}
