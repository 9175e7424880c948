// The input boxes and pickers of the Explorer's commands. Each checks what is typed as it is typed
// and says what is wrong in the box itself; a cancelled prompt returns undefined.
import * as vscode from 'vscode';
import { askParsed } from '../askParsed';
import { type Bbox } from '../../shared/api/bbox';
import { formatArea, parseArea } from '../../shared/explorer/areaText';
import { parseDateRange, parseObjectValues } from '../../shared/explorer/dateRange';
import { EMBED_STYLES, type EmbedStyle } from '../../shared/explorer/embedSnippet';
import { type OrganizationInfo } from '../../shared/explorer/explorerNode';
import { parseImageRef } from '../../shared/explorer/imageRef';
import { idProblem } from '../../shared/ids';

/** Filters of "Search Images in Area". */
export interface ImageSearchInput {
  startCapturedAt?: string;
  endCapturedAt?: string;
  isPano?: boolean;
  organizationId?: string;
  creatorUsername?: string;
}

/** Filters of "Search Map Features in Area". */
export interface MapFeatureSearchInput {
  objectValues?: string[];
  startFirstSeenAt?: string;
  endFirstSeenAt?: string;
  startLastSeenAt?: string;
  endLastSeenAt?: string;
}

/** Asks for an area, starting from the current one. */
export async function promptArea(current: Bbox | undefined): Promise<Bbox | undefined> {
  const parsed = await askParsed(
    {
      title: 'Mapillary: Set Area',
      prompt: 'minLon,minLat,maxLon,maxLat: the area the Explorer lists sequences in',
      placeHolder: '12.99,55.59,13.02,55.61',
      value: current ? formatArea(current) : '',
    },
    // Any size: a large area's listing says what it may cost and asks first.
    (text) => parseArea(text, Infinity),
  );
  return parsed?.bbox;
}

/** Asks for an organization id (digits). */
export async function promptOrganizationId(): Promise<string | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Mapillary: Add Organization',
    prompt: 'The organization id (digits; it is in the organization page’s address)',
    placeHolder: '1805883732926354',
    ignoreFocusOut: true,
    validateInput: (value) =>
      value.trim() === '' ? undefined : idProblem('organization', value.trim()),
  });
  const id = text?.trim();
  return id ? id : undefined;
}

/** Asks for an image id or link. */
export async function promptImageRef(): Promise<string | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Mapillary: Open Image',
    prompt: 'An image id, or a mapillary.com image link',
    placeHolder: 'https://www.mapillary.com/app/?pKey=…',
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (value.trim() === '') return undefined;
      const parsed = parseImageRef(value);
      return parsed.ok ? undefined : parsed.message;
    },
  });
  if (text === undefined || text.trim() === '') return undefined;
  const parsed = parseImageRef(text);
  return parsed.ok ? parsed.id : undefined;
}

async function promptRange(
  title: string,
  prompt: string,
): Promise<{ start: string | undefined; end: string | undefined } | undefined> {
  const parsed = await askParsed(
    {
      title,
      prompt,
      placeHolder: 'YYYY-MM-DD..YYYY-MM-DD (either end may be left out; empty for any)',
    },
    parseDateRange,
  );
  return parsed && { start: parsed.start, end: parsed.end };
}

/** Asks for the filters of an image search. */
export async function promptImageSearch(
  organizations: readonly OrganizationInfo[],
): Promise<ImageSearchInput | undefined> {
  const title = 'Mapillary: Search Images in Area';
  const range = await promptRange(title, 'Captured between');
  if (!range) return undefined;
  const pano = await vscode.window.showQuickPick(
    [
      { label: 'Any images', value: undefined },
      { label: 'Panoramas only', value: true },
      { label: 'No panoramas', value: false },
    ],
    { title, placeHolder: 'Panoramas?', ignoreFocusOut: true },
  );
  if (!pano) return undefined;
  const org = await vscode.window.showQuickPick(
    [
      { label: 'Any organization', id: undefined as string | undefined },
      ...organizations.map((o) => ({ label: o.name ?? o.id, description: o.id, id: o.id })),
    ],
    { title, placeHolder: 'Organization', ignoreFocusOut: true },
  );
  if (!org) return undefined;
  const creator = await vscode.window.showInputBox({
    title,
    prompt: 'Creator’s username (empty for anyone)',
    ignoreFocusOut: true,
    validateInput: (value) =>
      value.trim() === '' || /^[A-Za-z0-9_.-]{1,64}$/.test(value.trim())
        ? undefined
        : 'A username has letters, digits, ".", "-" and "_" only.',
  });
  if (creator === undefined) return undefined;
  return {
    startCapturedAt: range.start,
    endCapturedAt: range.end,
    isPano: pano.value,
    organizationId: org.id,
    creatorUsername: creator.trim() || undefined,
  };
}

/** Asks for the filters of a map feature search. */
export async function promptMapFeatureSearch(): Promise<MapFeatureSearchInput | undefined> {
  const title = 'Mapillary: Search Map Features in Area';
  const values = await askParsed(
    {
      title,
      prompt: 'Object values, comma separated, * as a wildcard (empty for all)',
      placeHolder: 'regulatory--stop--*, object--fire-hydrant',
    },
    parseObjectValues,
  );
  if (!values) return undefined;
  const first = await promptRange(title, 'First seen between');
  if (!first) return undefined;
  const last = await promptRange(title, 'Last seen between');
  if (!last) return undefined;
  return {
    objectValues: values.values.length ? values.values : undefined,
    startFirstSeenAt: first.start,
    endFirstSeenAt: first.end,
    startLastSeenAt: last.start,
    endLastSeenAt: last.end,
  };
}

/** Asks for an embed style. */
export async function promptEmbedStyle(): Promise<EmbedStyle | undefined> {
  const pick = await vscode.window.showQuickPick(
    EMBED_STYLES.map((style) => ({
      label: style,
      description:
        style === 'photo'
          ? 'the image alone'
          : style === 'split'
            ? 'the image beside a map'
            : 'the classic viewer',
    })),
    { title: 'Mapillary: Copy Embed Snippet', placeHolder: 'Viewer style' },
  );
  return pick?.label;
}
