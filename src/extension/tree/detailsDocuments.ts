// Read-only documents that list every field of an image or map feature, as JSON. They live under
// their own URI scheme, so closing one never asks to save it.
import * as vscode from 'vscode';

/** The URI scheme of the details documents. */
export const DETAILS_SCHEME = 'mapillary-details';

/** Serves and opens the details documents. */
export class DetailsDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  private readonly registration: vscode.Disposable;
  readonly onDidChange = this.changes.event;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '{}';
  }

  /** Opens (or refreshes) the details of an entity beside the current editor. */
  async show(kind: 'image' | 'map-feature', entity: { id: string }): Promise<void> {
    const uri = vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${kind}-${entity.id}.json` });
    this.contents.set(uri.path, JSON.stringify(entity, null, 2));
    this.changes.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true, preserveFocus: true });
  }

  dispose(): void {
    this.registration.dispose();
    this.changes.dispose();
  }
}
