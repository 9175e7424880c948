// The Explorer's organization roots, one per organization id, shown by name.
import { type OrganizationInfo, type OrganizationNode } from './explorerNode';

/** The organization roots. */
export class OrganizationRoots {
  private readonly byId = new Map<string, OrganizationNode>();

  /** Adds an organization or updates the one with its id; returns its node. */
  put(org: OrganizationInfo): OrganizationNode {
    const existing = this.byId.get(org.id);
    if (existing) {
      existing.organization = { ...org };
      return existing;
    }
    const node: OrganizationNode = {
      kind: 'organization',
      key: `org/${org.id}`,
      parent: undefined,
      organization: { ...org },
    };
    this.byId.set(org.id, node);
    return node;
  }

  /** Removes an organization; returns its node, or undefined when it was not there. */
  remove(id: string): OrganizationNode | undefined {
    const node = this.byId.get(id);
    if (node) this.byId.delete(id);
    return node;
  }

  /** Removes every organization. */
  clear(): void {
    this.byId.clear();
  }

  /** The nodes by name (then key), as the tree shows them. */
  sorted(): OrganizationNode[] {
    const name = (n: OrganizationNode) =>
      (n.organization.name ?? n.organization.slug ?? n.organization.id).toLowerCase();
    return [...this.byId.values()].sort(
      (a, b) => name(a).localeCompare(name(b)) || a.key.localeCompare(b.key),
    );
  }
}
