// Ids that explain themselves: a hover and document links for Mapillary image ids, sequence keys,
// map feature ids and mapillary.com links in CSV, TSV, JSON (lines, GeoJSON), Markdown, Python,
// notebook cells and plain text. Registered at activation; detection is pure and local, so links
// cost no request; a hover loads features.js and asks the lookup service, which batches, caches and
// caps its reads. The setting `mapillary.hovers.enabled` turns both off.
import * as vscode from 'vscode';
import { type DetectedKind, KIND_NAMES } from '../../shared/idDetect/idRule';
import { type IdDescription } from '../../shared/idDetect/idDescription';
import {
  ID_COMMANDS,
  ID_COMMAND_LIST,
  idCommandUri,
  idHoverMarkdown,
} from '../../shared/idDetect/idHoverText';
import { indexAt, nearbyIds } from '../../shared/idDetect/detectIds';
import { IdDocuments } from './idDocuments';
import { isId } from '../../shared/ids';
import { withAbortSignal } from '../cancellation';

/** The setting that turns hovers and id links off. */
export const HOVERS_SETTING = 'mapillary.hovers.enabled';

/** The commands behind a hover's actions. */
export type IdCommand = keyof typeof ID_COMMANDS;

/** What the loaded feature does for the providers and commands. */
export interface IdHandlers {
  /** Describes an id; undefined when `signal` aborted first. */
  describe(
    kind: DetectedKind,
    id: string,
    options: { signal: AbortSignal; alongWith: readonly string[] },
  ): Promise<IdDescription | undefined>;
  /** Whether a hover on `id` would be answered without a request. */
  known(kind: DetectedKind, id: string): boolean;
  run(command: IdCommand, kind: DetectedKind, id: string): Promise<void>;
}

const LANGUAGES = [
  'csv',
  'tsv',
  'json',
  'jsonc',
  'jsonl',
  'geojson',
  'markdown',
  'python',
  'plaintext',
  'raw',
];
// Files, unsaved files and notebook cells; not output channels or other views of text.
const SCHEMES = ['file', 'untitled', 'vscode-notebook-cell'];

/** The documents the providers serve. */
export const ID_DOCUMENT_SELECTOR: vscode.DocumentSelector = [
  ...SCHEMES.flatMap((scheme) => LANGUAGES.map((language) => ({ scheme, language }))),
  { scheme: 'file', pattern: '**/*.{csv,tsv,tab,jsonl,ndjson,geojson}' },
  { notebookType: 'jupyter-notebook' },
];

/** Ids in a batch besides the hovered one. */
const ALONG_WITH = 49;
/** Most links given for one document. */
const MAX_LINKS = 50_000;

function enabled(): boolean {
  return vscode.workspace.getConfiguration().get<boolean>(HOVERS_SETTING, true);
}

function parseTarget(arg: unknown): { kind: DetectedKind; id: string } | undefined {
  const value = Array.isArray(arg) ? (arg[0] as unknown) : arg;
  if (!value || typeof value !== 'object') return undefined;
  const { kind, id } = value as { kind?: unknown; id?: unknown };
  if (kind !== 'image' && kind !== 'sequence' && kind !== 'mapFeature') return undefined;
  return typeof id === 'string' && isId(kind, id) ? { kind, id } : undefined;
}

/** Registers the providers and the hover commands; `load` gives the lookup on first use. */
export function registerIdProviders(
  context: vscode.ExtensionContext,
  load: () => Promise<IdHandlers>,
): void {
  const documents = new IdDocuments();
  const range = (document: vscode.TextDocument, start: number, end: number) =>
    new vscode.Range(document.positionAt(start), document.positionAt(end));

  const hover: vscode.HoverProvider = {
    provideHover: async (document, position, token) => {
      if (!enabled()) return undefined;
      const ids = documents.ids(document);
      const index = indexAt(ids, document.offsetAt(position));
      const hit = ids[index];
      if (!hit) return undefined;
      const handlers = await load();
      const alongWith =
        hit.kind === 'sequence'
          ? []
          : nearbyIds(ids, index, hit.kind, ALONG_WITH, (id) => handlers.known(hit.kind, id));
      const description = await withAbortSignal(token, (signal) =>
        handlers.describe(hit.kind, hit.id, { signal, alongWith }),
      );
      if (!description || token.isCancellationRequested) return undefined;
      const markdown = new vscode.MarkdownString(idHoverMarkdown(description));
      markdown.isTrusted = { enabledCommands: [...ID_COMMAND_LIST] };
      return new vscode.Hover(markdown, range(document, hit.start, hit.end));
    },
  };

  const links: vscode.DocumentLinkProvider = {
    provideDocumentLinks: (document) => {
      if (!enabled()) return [];
      const out: vscode.DocumentLink[] = [];
      for (const item of documents.ids(document)) {
        if (out.length >= MAX_LINKS) break;
        const text = document.getText(range(document, item.start, item.end));
        // A link with its scheme is already a link in the editor; one without gets its https form.
        if (item.via === 'link') {
          if (/^https?:\/\//i.test(text)) continue;
          out.push(
            new vscode.DocumentLink(
              range(document, item.start, item.end),
              vscode.Uri.parse(`https://${text}`),
            ),
          );
          continue;
        }
        const link = new vscode.DocumentLink(
          range(document, item.start, item.end),
          vscode.Uri.parse(idCommandUri(ID_COMMANDS.open, item.kind, item.id)),
        );
        link.tooltip =
          item.kind === 'mapFeature'
            ? `Open Mapillary map feature ${item.id} on mapillary.com`
            : item.kind === 'sequence'
              ? `Open the first image of Mapillary sequence ${item.id}`
              : `Open Mapillary ${KIND_NAMES[item.kind]} ${item.id}`;
        out.push(link);
      }
      return out;
    },
  };

  const command = (name: IdCommand) => async (arg: unknown) => {
    const target = parseTarget(arg);
    if (!target) {
      void vscode.window.showErrorMessage('Mapillary: this command needs an id to act on.');
      return;
    }
    await (await load()).run(name, target.kind, target.id);
  };

  context.subscriptions.push(
    vscode.languages.registerHoverProvider(ID_DOCUMENT_SELECTOR, hover),
    vscode.languages.registerDocumentLinkProvider(ID_DOCUMENT_SELECTOR, links),
    vscode.workspace.onDidCloseTextDocument((document) => documents.forget(document)),
    ...(Object.keys(ID_COMMANDS) as IdCommand[]).map((name) =>
      vscode.commands.registerCommand(ID_COMMANDS[name], command(name)),
    ),
  );
}
