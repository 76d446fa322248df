import { addQuantitiesInto, type ScalarQuantities } from './resource-math.js';
import type { Sorter, SorterClientOptions } from './sorter.js';

interface Client {
  readonly id: string;
  tieBreak: number;
  readonly allocation: Map<string, number>;
}

export interface DrfSorterOptions {
  /** Resource kinds left out of the dominant share (e.g. 'gpus'). */
  readonly excludeResourceNames?: readonly string[];
}

/**
 * Dominant Resource Fairness (Ghodsi et al., NSDI 2011). A client's share is the
 * largest, over resource kinds, of allocated / pool total; kinds whose pool is
 * empty and kinds in `excludeResourceNames` are ignored. Clients are ordered by
 * share / weight, then by tie-break, then by id (code-point order).
 *
 * The order is cached and recomputed only after something changed.
 */
export class DrfSorter implements Sorter {
  private readonly clients = new Map<string, Client>();
  private readonly weights = new Map<string, number>();
  private readonly total = new Map<string, number>();
  private readonly excluded: ReadonlySet<string>;
  private order: readonly string[] | undefined;

  constructor(options: DrfSorterOptions = {}) {
    this.excluded = new Set(options.excludeResourceNames ?? []);
  }

  get size(): number {
    return this.clients.size;
  }

  add(clientId: string, options: SorterClientOptions = {}): void {
    const tieBreak = options.tieBreak ?? 0;
    const existing = this.clients.get(clientId);
    if (existing !== undefined) {
      if (existing.tieBreak !== tieBreak) {
        existing.tieBreak = tieBreak;
        this.order = undefined;
      }
      return;
    }
    this.clients.set(clientId, { id: clientId, tieBreak, allocation: new Map() });
    this.order = undefined;
  }

  remove(clientId: string): void {
    if (this.clients.delete(clientId)) this.order = undefined;
  }

  contains(clientId: string): boolean {
    return this.clients.has(clientId);
  }

  setWeight(clientId: string, weight: number): void {
    if (!Number.isFinite(weight) || weight <= 0) throw new RangeError(`weight must be finite and > 0, got ${weight}`);
    this.weights.set(clientId, weight);
    this.order = undefined;
  }

  weight(clientId: string): number {
    return this.weights.get(clientId) ?? 1;
  }

  addTotal(quantities: ScalarQuantities): void {
    addQuantitiesInto(this.total, quantities, 1);
    this.order = undefined;
  }

  removeTotal(quantities: ScalarQuantities): void {
    addQuantitiesInto(this.total, quantities, -1);
    this.order = undefined;
  }

  allocated(clientId: string, quantities: ScalarQuantities): void {
    const client = this.clients.get(clientId);
    if (client === undefined) throw new Error(`DrfSorter: allocated() for unknown client ${JSON.stringify(clientId)}`);
    addQuantitiesInto(client.allocation, quantities, 1);
    this.order = undefined;
  }

  unallocated(clientId: string, quantities: ScalarQuantities): void {
    const client = this.clients.get(clientId);
    if (client === undefined) return;
    addQuantitiesInto(client.allocation, quantities, -1);
    this.order = undefined;
  }

  allocation(clientId: string): ScalarQuantities {
    return new Map(this.clients.get(clientId)?.allocation ?? []);
  }

  share(clientId: string): number {
    const client = this.clients.get(clientId);
    return client === undefined ? 0 : this.dominantShare(client);
  }

  sort(): readonly string[] {
    if (this.order === undefined) {
      const keyed = [...this.clients.values()].map((client) => ({
        client,
        key: this.dominantShare(client) / this.weight(client.id),
      }));
      keyed.sort(
        (a, b) =>
          a.key - b.key ||
          a.client.tieBreak - b.client.tieBreak ||
          (a.client.id < b.client.id ? -1 : a.client.id > b.client.id ? 1 : 0),
      );
      this.order = Object.freeze(keyed.map(({ client }) => client.id));
    }
    return this.order;
  }

  private dominantShare(client: Client): number {
    let share = 0;
    for (const [name, amount] of client.allocation) {
      if (this.excluded.has(name)) continue;
      const total = this.total.get(name);
      if (total === undefined || total <= 0) continue;
      share = Math.max(share, amount / total);
    }
    return share;
  }
}
