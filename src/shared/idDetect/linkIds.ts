// Ids in mapillary.com links (`https://www.mapillary.com/app/?pKey=…`, the embed's `image_key=`,
// `mapFeatureKey=`, older `/map/im/<id>` paths) and in bare `pKey=` / `image_key=` parameters, as
// they appear in notes, scripts and notebooks. API hosts (graph., tiles.) are not links to follow
// and are left alone.
import { type DetectedId, type DetectLimits, DEFAULT_DETECT_LIMITS } from './detectedId';
import { type DetectedKind, isLikelyId } from './idRule';
import { isMapillarySiteHost, LINK_PARAMETERS, linkUrl, readMapillaryUrl } from '../mapillaryLink';

const LINK =
  /(?<![\w@./-])(?:https?:\/\/)?(?:[a-z0-9-]+\.)*mapillary\.com\/[^\s"'<>()[\]{}`|\\^]*/gi;
const BARE_PARAMETER =
  /(?<![\w-])(pKey|image_key|imageKey|mapFeatureKey|sequenceKey)=([A-Za-z0-9_-]{1,64})(?![\w-])/g;

/** The kind and id a mapillary.com link names, or undefined. */
export function linkTarget(link: string): { kind: DetectedKind; id: string } | undefined {
  const url = linkUrl(link);
  if (!url || !isMapillarySiteHost(url.hostname)) return undefined;
  const named = readMapillaryUrl(url);
  return named?.valid ? { kind: named.kind, id: named.id } : undefined;
}

/** mapillary.com links that name an image, sequence or map feature; the range is the link. */
export function detectLinkIds(
  text: string,
  limits: DetectLimits = DEFAULT_DETECT_LIMITS,
): DetectedId[] {
  const found: DetectedId[] = [];
  for (const match of text.matchAll(LINK)) {
    // A sentence's full stop or comma after a link is not part of it.
    const link = match[0].replace(/[.,;:!?*_~]+$/, '');
    const target = linkTarget(link);
    if (!target) continue;
    found.push({ ...target, start: match.index, end: match.index + link.length, via: 'link' });
    if (found.length >= limits.maxIds) break;
  }
  return found;
}

/** `pKey=…`-style parameters anywhere in the text; the range is the value. */
export function detectParameterIds(
  text: string,
  limits: DetectLimits = DEFAULT_DETECT_LIMITS,
): DetectedId[] {
  const found: DetectedId[] = [];
  for (const match of text.matchAll(BARE_PARAMETER)) {
    const [, name = '', value = ''] = match;
    const kind = LINK_PARAMETERS.find(([n]) => n === name)?.[1];
    if (!kind || !isLikelyId(kind, value)) continue;
    const start = match.index + name.length + 1;
    found.push({ kind, id: value, start, end: start + value.length, via: 'parameter' });
    if (found.length >= limits.maxIds) break;
  }
  return found;
}
