/**
 * The shared machinery of the flat sorters (DRF, FIFO, priority): clients kept
 * in a sorted array that is updated by one position when one client changes
 * (binary search, one splice), and fully re-ranked only when the pool changes.
 * Subclasses say how a client ranks through `rankOf`; ties are always broken by
 * tie-break, then by id, so the order is total and deterministic.
 */
import { ResourcePool, dominantShare } from './resource-pool.js';
import { addQuantitiesInto, type ScalarQuantities } from './resource-math.js';
import type { Sorter, SorterClientOptions } from './sorter.js';

export interface OrderedSorterOptions {
  /** Resource kinds left out of dominant shares (e.g. 'gpus'). */
  readonly excludeResourceNames?: readonly string[];
  /**
   * A pool shared with other sorters. Default: a pool of its own. With a shared
   * pool, `addTotal` / `removeTotal` change the shared pool (so call them on one
   * sorter only, or change the pool directly).
   */
  readonly pool?: ResourcePool;
}

/** What a subclass ranks on. Smaller first. */
export interface Rank {
  readonly primary: number;
  readonly secondary: number;
}

export interface ClientRecord {
  readonly id: string;
  tieBreak: number;
  priority: number;
  readonly allocation: Map<string, number>;
  primary: number;
  secondary: number;
}

function compare(a: ClientRecord, b: ClientRecord): number {
  return (
    a.primary - b.primary ||
    a.secondary - b.secondary ||
    a.tieBreak - b.tieBreak ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export abstract class OrderedSorter implements Sorter {
  private readonly clients = new Map<string, ClientRecord>();
  private readonly weights = new Map<string, number>();
  private readonly excluded: ReadonlySet<string>;
  protected readonly pool: ResourcePool;
  /** Clients in order. Valid only while `rankedVersion === pool.version && !stale`. */
  private ranked: ClientRecord[] = [];
  /** IDs in order, built on demand. */
  private ids: string[] | undefined;
  private rankedVersion = -1;
  private stale = true;
  private frozen: readonly string[] | undefined;

  constructor(options: OrderedSorterOptions = {}) {
    this.excluded = new Set(options.excludeResourceNames ?? []);
    this.pool = options.pool ?? new ResourcePool();
  }

  /** How the client ranks now (its share is `this.shareOf(client) / this.weight(client.id)` for DRF). */
  protected abstract rankOf(client: ClientRecord): Rank;

  get size(): number {
    return this.clients.size;
  }

  add(clientId: string, options: SorterClientOptions = {}): void {
    const tieBreak = options.tieBreak ?? 0;
    const priority = options.priority ?? 0;
    const existing = this.clients.get(clientId);
    if (existing !== undefined) {
      if (existing.tieBreak !== tieBreak || existing.priority !== priority) {
        this.update(existing, () => {
          existing.tieBreak = tieBreak;
          existing.priority = priority;
        });
      }
      return;
    }
    const client: ClientRecord = { id: clientId, tieBreak, priority, allocation: new Map(), primary: 0, secondary: 0 };
    this.clients.set(clientId, client);
    this.frozen = undefined;
    this.ids = undefined;
    if (!this.fresh()) return;
    this.rerank(client);
    this.insert(client);
  }

  remove(clientId: string): void {
    const client = this.clients.get(clientId);
    if (client === undefined) return;
    this.clients.delete(clientId);
    this.frozen = undefined;
    this.ids = undefined;
    if (this.fresh()) this.extract(client);
  }

  contains(clientId: string): boolean {
    return this.clients.has(clientId);
  }

  setWeight(clientId: string, weight: number): void {
    if (!Number.isFinite(weight) || weight <= 0) throw new RangeError(`weight must be finite and > 0, got ${weight}`);
    const client = this.clients.get(clientId);
    if (client === undefined) {
      this.weights.set(clientId, weight);
      return;
    }
    this.update(client, () => this.weights.set(clientId, weight));
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
    const client = this.clients.get(clientId);
    if (client === undefined) {
      throw new Error(`${this.constructor.name}: allocated() for unknown client ${JSON.stringify(clientId)}`);
    }
    this.update(client, () => addQuantitiesInto(client.allocation, quantities, 1));
  }

  unallocated(clientId: string, quantities: ScalarQuantities): void {
    const client = this.clients.get(clientId);
    if (client === undefined) return;
    this.update(client, () => addQuantitiesInto(client.allocation, quantities, -1));
  }

  allocation(clientId: string): ScalarQuantities {
    return new Map(this.clients.get(clientId)?.allocation ?? []);
  }

  share(clientId: string): number {
    const client = this.clients.get(clientId);
    return client === undefined ? 0 : this.shareOf(client);
  }

  sort(): readonly string[] {
    if (!this.fresh()) this.frozen = undefined;
    if (this.frozen === undefined) this.frozen = Object.freeze([...this.order()]);
    return this.frozen;
  }

  order(): readonly string[] {
    this.refresh();
    this.ids ??= this.ranked.map((client) => client.id);
    return this.ids;
  }

  visitInOrder(visit: (clientId: string) => boolean): void {
    this.refresh();
    const ranked = this.ranked;
    for (let i = 0; i < ranked.length; i++) if (visit((ranked[i] as ClientRecord).id)) return;
  }

  private refresh(): void {
    if (this.fresh()) return;
    for (const client of this.clients.values()) this.rerank(client);
    this.ranked = [...this.clients.values()].sort(compare);
    this.rankedVersion = this.pool.version;
    this.stale = false;
    this.ids = undefined;
    this.frozen = undefined;
  }

  /** Unweighted dominant share. */
  protected shareOf(client: ClientRecord): number {
    return dominantShare(client.allocation, this.pool.quantities, this.excluded);
  }

  private fresh(): boolean {
    if (this.stale || this.rankedVersion !== this.pool.version) {
      this.stale = true;
      return false;
    }
    return true;
  }

  /** Applies `change` to a client and moves it to its new place. */
  private update(client: ClientRecord, change: () => void): void {
    this.frozen = undefined;
    this.ids = undefined;
    if (!this.fresh()) {
      change();
      return;
    }
    const at = this.indexOf(client);
    change();
    this.rerank(client);
    const previous = this.ranked[at - 1];
    const next = this.ranked[at + 1];
    if (
      (previous === undefined || compare(previous, client) < 0) &&
      (next === undefined || compare(client, next) < 0)
    ) {
      return; // still in place
    }
    this.ranked.splice(at, 1);
    this.insert(client);
  }

  private rerank(client: ClientRecord): void {
    const rank = this.rankOf(client);
    client.primary = rank.primary;
    client.secondary = rank.secondary;
  }

  /** Index of a ranked client, by binary search on its stored rank. */
  private indexOf(client: ClientRecord): number {
    const index = this.insertionPoint(client);
    if (this.ranked[index] !== client) throw new Error(`${this.constructor.name}: order lost client ${client.id}`);
    return index;
  }

  /** The first position whose client does not rank before `client`: its index when ranked, else where it belongs. */
  private insertionPoint(client: ClientRecord): number {
    let low = 0;
    let high = this.ranked.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compare(this.ranked[mid] as ClientRecord, client) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private insert(client: ClientRecord): void {
    this.ranked.splice(this.insertionPoint(client), 0, client);
  }

  private extract(client: ClientRecord): void {
    this.ranked.splice(this.indexOf(client), 1);
  }
}
