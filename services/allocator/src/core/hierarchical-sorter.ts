/**
 * Hierarchical DRF over roles. Roles are paths ("eng", "eng/ml"); they form a
 * tree, and at every level siblings are ranked by the dominant share of their
 * whole subtree divided by their weight. The order of roles is a depth-first
 * walk of that tree, each node's siblings visited in rank order.
 *
 * A role that holds allocations itself and also has child roles competes with
 * its children through a "self" entry (as Mesos's hierarchical sorter does with
 * its virtual leaf): the role's own allocation, weight 1, ranked among the
 * children. Weights apply to a role's subtree entry among its siblings.
 *
 * Shares are measured against the whole pool at every level (as in Mesos).
 * Clients are role paths; `allocation(role)` and `share(role)` are the role's
 * own (not its subtree's). Ranks are updated by one position per changed
 * entry; the whole tree is re-ranked only when the pool changes. Pool,
 * weights, allocations and shares are kept by `SorterAccounting`.
 */
import { indexIn, insertRanked, reposition } from './ranked-list.js';
import { addQuantitiesInto, type ScalarQuantities } from './resource-math.js';
import type { SorterClientOptions } from './sorter.js';
import { SorterAccounting } from './sorter-accounting.js';

interface Entry {
  readonly id: string;
  readonly node: RoleNode;
  /** The role's own allocation (self entry), or its subtree's (node entry). */
  readonly allocation: Map<string, number>;
  readonly self: boolean;
  tieBreak: number;
  key: number;
}

interface RoleNode {
  readonly path: string;
  readonly parent: RoleNode | undefined;
  /** This node's entry among its parent's children (undefined for the root). */
  readonly entry: Entry | undefined;
  /** Present while the role is a client. */
  selfEntry: Entry | undefined;
  /** Ranked: child nodes' entries and the self entry. */
  readonly children: Entry[];
  readonly childNodes: Map<string, RoleNode>;
}

function compare(a: Entry, b: Entry): number {
  return a.key - b.key || a.tieBreak - b.tieBreak || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class HierarchicalDrfSorter extends SorterAccounting {
  private readonly root: RoleNode = {
    path: '',
    parent: undefined,
    entry: undefined,
    selfEntry: undefined,
    children: [],
    childNodes: new Map(),
  };
  private readonly nodes = new Map<string, RoleNode>();
  private clientCount = 0;
  private ids: string[] | undefined;

  get size(): number {
    return this.clientCount;
  }

  add(clientId: string, options: SorterClientOptions = {}): void {
    const tieBreak = options.tieBreak ?? 0;
    const node = this.ensureNode(clientId);
    const existing = node.selfEntry;
    if (existing !== undefined) {
      if (existing.tieBreak !== tieBreak) {
        this.move(existing, () => (existing.tieBreak = tieBreak));
        const entry = node.entry;
        if (entry !== undefined) this.move(entry, () => (entry.tieBreak = tieBreak));
      }
      return;
    }
    const self: Entry = { id: clientId, node, allocation: new Map(), self: true, tieBreak, key: 0 };
    node.selfEntry = self;
    this.clientCount++;
    this.changed();
    if (this.fresh()) this.insert(node.children, self);
    const entry = node.entry;
    if (entry !== undefined && entry.tieBreak !== tieBreak) this.move(entry, () => (entry.tieBreak = tieBreak));
  }

  remove(clientId: string): void {
    const node = this.nodes.get(clientId);
    const self = node?.selfEntry;
    if (node === undefined || self === undefined) return;
    this.propagate(node, new Map(self.allocation), -1);
    if (this.fresh())
      node.children.splice(
        indexIn(node.children, self, compare, () => `HierarchicalDrfSorter: ${self.id}`),
        1,
      );
    node.selfEntry = undefined;
    this.clientCount--;
    this.changed();
    this.prune(node);
  }

  contains(clientId: string): boolean {
    return this.nodes.get(clientId)?.selfEntry !== undefined;
  }

  /** Dominant share of the role's whole subtree (0 for an unknown role). */
  subtreeShare(role: string): number {
    const entry = this.nodes.get(role)?.entry;
    return entry === undefined ? 0 : this.dominantShareOf(entry.allocation);
  }

  order(): readonly string[] {
    if (!this.fresh()) this.rerankAll();
    if (this.ids === undefined) {
      const out: string[] = [];
      this.walk(this.root, out);
      this.ids = out;
    }
    return this.ids;
  }

  /**
   * Calls `visit` with each client in order until it returns true, walking the
   * tree as it is (no copy): cheaper than `order()` when the caller usually
   * stops early. The sorter must not change during the walk, except in the
   * call that returns true.
   */
  visitInOrder(visit: (clientId: string) => boolean): void {
    if (!this.fresh()) this.rerankAll();
    const lists: (readonly Entry[])[] = [this.root.children];
    const positions: number[] = [0];
    while (lists.length > 0) {
      const top = lists.length - 1;
      const list = lists[top] as readonly Entry[];
      const at = positions[top] as number;
      if (at >= list.length) {
        lists.pop();
        positions.pop();
        continue;
      }
      positions[top] = at + 1;
      const entry = list[at] as Entry;
      if (entry.self) {
        if (visit(entry.id)) return;
      } else {
        lists.push(entry.node.children);
        positions.push(0);
      }
    }
  }

  protected allocationOf(clientId: string): Map<string, number> | undefined {
    return this.nodes.get(clientId)?.selfEntry?.allocation;
  }

  protected changeAllocation(clientId: string, quantities: ScalarQuantities, sign: 1 | -1): void {
    const node = this.nodes.get(clientId);
    if (node !== undefined) this.propagate(node, quantities, sign);
  }

  /** A weight ranks the role's subtree entry among its siblings (its self entry always has weight 1). */
  protected changeWeight(clientId: string, store: () => void): void {
    const entry = this.nodes.get(clientId)?.entry;
    if (entry === undefined) store();
    else this.move(entry, store);
  }

  // ---------- internals ----------

  private walk(node: RoleNode, out: string[]): void {
    for (const entry of node.children) {
      if (entry.self) out.push(entry.id);
      else this.walk(entry.node, out);
    }
  }

  private ensureNode(path: string): RoleNode {
    const existing = this.nodes.get(path);
    if (existing !== undefined) return existing;
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? this.root : this.ensureNode(path.slice(0, slash));
    const partial = { path, parent, selfEntry: undefined, children: [], childNodes: new Map() } as Omit<
      RoleNode,
      'entry'
    > & { entry?: Entry };
    const node = partial as RoleNode;
    const entry: Entry = { id: path, node, allocation: new Map(), self: false, tieBreak: 0, key: 0 };
    partial.entry = entry;
    parent.childNodes.set(path, node);
    this.nodes.set(path, node);
    if (this.fresh()) this.insert(parent.children, entry);
    return node;
  }

  /** Drops nodes with neither a client nor children, upwards. */
  private prune(start: RoleNode): void {
    let node: RoleNode | undefined = start;
    while (node !== undefined && node !== this.root && node.selfEntry === undefined && node.childNodes.size === 0) {
      const parent: RoleNode = node.parent ?? this.root;
      const entry = node.entry as Entry;
      if (this.fresh())
        parent.children.splice(
          indexIn(parent.children, entry, compare, () => `HierarchicalDrfSorter: ${entry.id}`),
          1,
        );
      parent.childNodes.delete(node.path);
      this.nodes.delete(node.path);
      this.changed();
      node = parent;
    }
  }

  /** Adds `quantities` (times sign) to the role's own allocation and every subtree entry above it. */
  private propagate(node: RoleNode, quantities: ScalarQuantities, sign: 1 | -1): void {
    if (quantities.size === 0) return;
    const self = node.selfEntry;
    if (self !== undefined) this.move(self, () => addQuantitiesInto(self.allocation, quantities, sign));
    for (let current: RoleNode | undefined = node; current !== undefined; current = current.parent) {
      const entry = current.entry;
      if (entry === undefined) break;
      this.move(entry, () => addQuantitiesInto(entry.allocation, quantities, sign));
    }
  }

  private weightOf(entry: Entry): number {
    return entry.self ? 1 : this.weight(entry.id);
  }

  private keyOf(entry: Entry): number {
    return this.dominantShareOf(entry.allocation) / this.weightOf(entry);
  }

  /** The list an entry is ranked in. */
  private listOf(entry: Entry): Entry[] {
    return entry.self ? entry.node.children : (entry.node.parent ?? this.root).children;
  }

  /** Applies a change to an entry and moves it to its new rank. */
  private move(entry: Entry, change: () => void): void {
    this.changed();
    if (!this.fresh()) {
      change();
      return;
    }
    const rekeyed = (): void => {
      change();
      entry.key = this.keyOf(entry);
    };
    reposition(this.listOf(entry), entry, compare, rekeyed, () => `HierarchicalDrfSorter: ${entry.id}`);
  }

  private insert(list: Entry[], entry: Entry): void {
    entry.key = this.keyOf(entry);
    insertRanked(list, entry, compare);
  }

  private changed(): void {
    this.ids = undefined;
    this.orderChanged();
  }

  private rerankAll(): void {
    const rerank = (node: RoleNode): void => {
      node.children.length = 0;
      if (node.selfEntry !== undefined) node.children.push(node.selfEntry);
      for (const child of node.childNodes.values()) {
        node.children.push(child.entry as Entry);
        rerank(child);
      }
      for (const entry of node.children) entry.key = this.keyOf(entry);
      node.children.sort(compare);
    };
    rerank(this.root);
    this.markRanked();
    this.changed();
  }
}
