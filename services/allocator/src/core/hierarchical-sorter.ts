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
 * entry; the whole tree is re-ranked only when the pool changes.
 */
import { ResourcePool, dominantShare } from './resource-pool.js';
import { addQuantitiesInto, type ScalarQuantities } from './resource-math.js';
import type { OrderedSorterOptions } from './ordered-sorter.js';
import type { Sorter, SorterClientOptions } from './sorter.js';

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

function lowerBound(list: readonly Entry[], entry: Entry): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(list[mid] as Entry, entry) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

export class HierarchicalDrfSorter implements Sorter {
  private readonly root: RoleNode = {
    path: '',
    parent: undefined,
    entry: undefined,
    selfEntry: undefined,
    children: [],
    childNodes: new Map(),
  };
  private readonly nodes = new Map<string, RoleNode>();
  private readonly weights = new Map<string, number>();
  private readonly excluded: ReadonlySet<string>;
  private readonly pool: ResourcePool;
  private clientCount = 0;
  private rankedVersion = -1;
  private stale = true;
  private ids: string[] | undefined;
  private frozen: readonly string[] | undefined;

  constructor(options: OrderedSorterOptions = {}) {
    this.excluded = new Set(options.excludeResourceNames ?? []);
    this.pool = options.pool ?? new ResourcePool();
  }

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
    if (this.fresh()) node.children.splice(this.indexOf(node.children, self), 1);
    node.selfEntry = undefined;
    this.clientCount--;
    this.changed();
    this.prune(node);
  }

  contains(clientId: string): boolean {
    return this.nodes.get(clientId)?.selfEntry !== undefined;
  }

  setWeight(clientId: string, weight: number): void {
    if (!Number.isFinite(weight) || weight <= 0) throw new RangeError(`weight must be finite and > 0, got ${weight}`);
    const entry = this.nodes.get(clientId)?.entry;
    if (entry === undefined) this.weights.set(clientId, weight);
    else this.move(entry, () => this.weights.set(clientId, weight));
  }

  weight(clientId: string): number {
    return this.weights.get(clientId) ?? 1;
  }

  addTotal(quantities: ScalarQuantities): void {
    this.pool.change(quantities, 1);
  }

  removeTotal(quantities: ScalarQuantities): void {
    this.pool.change(quantities, -1);
  }

  allocated(clientId: string, quantities: ScalarQuantities): void {
    const node = this.nodes.get(clientId);
    if (node?.selfEntry === undefined) {
      throw new Error(`HierarchicalDrfSorter: allocated() for unknown client ${JSON.stringify(clientId)}`);
    }
    this.propagate(node, quantities, 1);
  }

  unallocated(clientId: string, quantities: ScalarQuantities): void {
    const node = this.nodes.get(clientId);
    if (node?.selfEntry === undefined) return;
    // Never below zero: take off at most what the role holds.
    const own = node.selfEntry.allocation;
    const clamped = new Map<string, number>();
    for (const [name, amount] of quantities) {
      const held = own.get(name) ?? 0;
      if (held > 0) clamped.set(name, Math.min(held, amount));
    }
    this.propagate(node, clamped, -1);
  }

  allocation(clientId: string): ScalarQuantities {
    return new Map(this.nodes.get(clientId)?.selfEntry?.allocation ?? []);
  }

  share(clientId: string): number {
    const self = this.nodes.get(clientId)?.selfEntry;
    return self === undefined ? 0 : dominantShare(self.allocation, this.pool.quantities, this.excluded);
  }

  /** Dominant share of the role's whole subtree (0 for an unknown role). */
  subtreeShare(role: string): number {
    const entry = this.nodes.get(role)?.entry;
    return entry === undefined ? 0 : dominantShare(entry.allocation, this.pool.quantities, this.excluded);
  }

  sort(): readonly string[] {
    if (!this.fresh()) this.frozen = undefined;
    if (this.frozen === undefined) this.frozen = Object.freeze([...this.order()]);
    return this.frozen;
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
      if (this.fresh()) parent.children.splice(this.indexOf(parent.children, entry), 1);
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
    return dominantShare(entry.allocation, this.pool.quantities, this.excluded) / this.weightOf(entry);
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
    const list = this.listOf(entry);
    const at = this.indexOf(list, entry);
    change();
    entry.key = this.keyOf(entry);
    const previous = list[at - 1];
    const next = list[at + 1];
    if ((previous === undefined || compare(previous, entry) < 0) && (next === undefined || compare(entry, next) < 0)) {
      return;
    }
    list.splice(at, 1);
    this.insert(list, entry);
  }

  private insert(list: Entry[], entry: Entry): void {
    entry.key = this.keyOf(entry);
    list.splice(lowerBound(list, entry), 0, entry);
  }

  private indexOf(list: readonly Entry[], entry: Entry): number {
    const at = lowerBound(list, entry);
    if (list[at] !== entry) throw new Error(`HierarchicalDrfSorter: order lost ${entry.id}`);
    return at;
  }

  private changed(): void {
    this.ids = undefined;
    this.frozen = undefined;
  }

  private fresh(): boolean {
    if (this.stale || this.rankedVersion !== this.pool.version) {
      this.stale = true;
      return false;
    }
    return true;
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
    this.rankedVersion = this.pool.version;
    this.stale = false;
    this.changed();
  }
}
