// The ids found in each open document, read once per document version and shared by the hover and
// link providers: hovering down a 10,000-row file scans it once, not once per hover.
import type * as vscode from 'vscode';
import { type DetectedId } from '../../shared/idDetect/detectedId';
import { detectIds, textFormatOf } from '../../shared/idDetect/detectIds';
import { trimOldest } from '../../shared/boundedMap';

/** Documents whose detection is kept (the most recently used). */
const KEPT_DOCUMENTS = 16;

/** A per-version cache of the detector's findings. */
export class IdDocuments {
  private readonly byUri = new Map<string, { version: number; ids: DetectedId[] }>();

  /** The ids in `document`, ordered by position (empty for documents the detector does not read). */
  ids(document: vscode.TextDocument): DetectedId[] {
    const key = document.uri.toString();
    const cached = this.byUri.get(key);
    this.byUri.delete(key);
    if (cached && cached.version === document.version) {
      this.byUri.set(key, cached);
      return cached.ids;
    }
    const format = textFormatOf(document.languageId, document.fileName);
    const ids = format ? detectIds(document.getText(), format) : [];
    this.byUri.set(key, { version: document.version, ids });
    trimOldest(this.byUri, KEPT_DOCUMENTS);
    return ids;
  }

  /** Forgets a document (when it closes). */
  forget(document: vscode.TextDocument): void {
    this.byUri.delete(document.uri.toString());
  }
}
