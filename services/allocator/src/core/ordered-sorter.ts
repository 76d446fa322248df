/**
 * The shared machinery of the flat sorters (DRF, FIFO, priority): clients kept
 * in a sorted array that is updated by one position when one client changes
 * (binary search, one splice), and fully re-ranked only when the pool changes.
 * Subclasses say how a client ranks through `rankOf`; ties are always broken by
 * tie-break, then by id, so the order is total and deterministic. Pool,
 * weights, allocations and shares are kept by `SorterAccounting`.
 */
import { insertRanked, indexIn, reposition } from './ranked-list.js';
import { addQuantitiesInto, type ScalarQuantities } from './resource-math.js';
import type { SorterClientOptions } from './sorter.js';
import { SorterAccounting, type SorterOptions } from './sorter-accounting.js';

export type OrderedSorterOptions = SorterOptions;

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

export abstract class OrderedSorter extends SorterAccounting {
  private readonly clients = new Map<string, ClientRecord>();
  /** Clients in order. Valid only while `fresh()`. */
  private ranked: ClientRecord[] = [];
  /** IDs in order, built on demand. */
  private ids: string[] | undefined;

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
    this.changed();
    if (!this.fresh()) return;
    this.rerank(client);
    insertRanked(this.ranked, client, compare);
  }

  remove(clientId: string): void {
    const client = this.clients.get(clientId);
    if (client === undefined) return;
    this.clients.delete(clientId);
    this.changed();
    if (this.fresh())
      this.ranked.splice(
        indexIn(this.ranked, client, compare, () => this.nameOf(client)),
        1,
      );
  }

  contains(clientId: string): boolean {
    return this.clients.has(clientId);
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

  protected allocationOf(clientId: string): Map<string, number> | undefined {
    return this.clients.get(clientId)?.allocation;
  }

  protected changeAllocation(clientId: string, quantities: ScalarQuantities, sign: 1 | -1): void {
    const client = this.clients.get(clientId);
    if (client !== undefined) this.update(client, () => addQuantitiesInto(client.allocation, quantities, sign));
  }

  protected changeWeight(clientId: string, store: () => void): void {
    const client = this.clients.get(clientId);
    if (client === undefined) store();
    else this.update(client, store);
  }

  /** Unweighted dominant share. */
  protected shareOf(client: ClientRecord): number {
    return this.dominantShareOf(client.allocation);
  }

  private refresh(): void {
    if (this.fresh()) return;
    for (const client of this.clients.values()) this.rerank(client);
    this.ranked = [...this.clients.values()].sort(compare);
    this.markRanked();
    this.ids = undefined;
  }

  /** Applies `change` to a client and moves it to its new place. */
  private update(client: ClientRecord, change: () => void): void {
    this.changed();
    if (!this.fresh()) {
      change();
      return;
    }
    reposition(
      this.ranked,
      client,
      compare,
      () => {
        change();
        this.rerank(client);
      },
      () => this.nameOf(client),
    );
  }

  private rerank(client: ClientRecord): void {
    const rank = this.rankOf(client);
    client.primary = rank.primary;
    client.secondary = rank.secondary;
  }

  private changed(): void {
    this.orderChanged();
    this.ids = undefined;
  }

  private nameOf(client: ClientRecord): string {
    return `${this.constructor.name}: client ${client.id}`;
  }
}
