// The organizations added to the Explorer, remembered across sessions in the extension's global
// state (they are the user's choice, not the workspace's).
import type * as vscode from 'vscode';
import { type OrganizationInfo } from '../../shared/explorer/explorerNode';
import { isId } from '../../shared/ids';

const KEY = 'mapillary.explorer.organizations';

/** Reads and writes the list of added organizations. */
export class OrganizationStore {
  constructor(private readonly memento: vscode.Memento) {}

  /** The saved organizations; entries that are not valid are dropped. */
  load(): OrganizationInfo[] {
    const raw = this.memento.get<unknown>(KEY);
    if (!Array.isArray(raw)) return [];
    const out: OrganizationInfo[] = [];
    for (const entry of raw as unknown[]) {
      if (typeof entry !== 'object' || entry === null) continue;
      const e = entry as Record<string, unknown>;
      if (typeof e.id !== 'string' || !isId('organization', e.id)) continue;
      const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 500) : undefined);
      out.push({
        id: e.id,
        name: text(e.name),
        slug: text(e.slug),
        description: text(e.description),
      });
    }
    return out;
  }

  /** Saves the organizations. */
  save(list: readonly OrganizationInfo[]): Thenable<void> {
    return this.memento.update(KEY, list);
  }
}
