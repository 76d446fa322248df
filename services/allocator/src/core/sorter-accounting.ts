/**
 * The bookkeeping every sorter does the same way, in one place: the pool that
 * shares are measured against and the kinds left out of them, client weights,
 * each client's allocation (recorded as given, clamped at zero on the way
 * down), dominant shares, and when the order must be rebuilt (the pool
 * changed) or a copy handed out by `sort()` is still valid.
 *
 * Subclasses keep the order: they say where a client's allocation lives
 * (`allocationOf`) and how a change to it or to a weight moves clients
 * (`changeAllocation`, `changeWeight`); both are called for known clients only.
 */
import { ResourcePool, dominantShare } from './resource-pool.js';
import type { ScalarQuantities } from './resource-math.js';
import type { Sorter, SorterClientOptions } from './sorter.js';

export interface SorterOptions {
  /** Resource kinds left out of dominant shares (e.g. 'gpus'). */
  readonly excludeResourceNames?: readonly string[];
  /**
   * A pool shared with other sorters. Default: a pool of its own. With a shared
   * pool, `addTotal` / `removeTotal` change the shared pool (so call them on one
   * sorter only, or change the pool directly).
   */
  readonly pool?: ResourcePool;
}

export abstract class SorterAccounting implements Sorter {
  protected readonly pool: ResourcePool;
  private readonly excluded: ReadonlySet<string>;
  private readonly weights = new Map<string, number>();
  /** The pool version the order was last fully ranked against. */
  private rankedVersion = -1;
  private stale = true;
  private frozen: readonly string[] | undefined;

  constructor(options: SorterOptions = {}) {
    this.excluded = new Set(options.excludeResourceNames ?? []);
    this.pool = options.pool ?? new ResourcePool();
  }

  abstract get size(): number;
  abstract add(clientId: string, options?: SorterClientOptions): void;
  abstract remove(clientId: string): void;
  abstract contains(clientId: string): boolean;
  abstract order(): readonly string[];
  abstract visitInOrder(visit: (clientId: string) => boolean): void;

  /** The client's own allocation (kind → amount), or undefined for an unknown client. Never copied. */
  protected abstract allocationOf(clientId: string): Map<string, number> | undefined;

  /**
   * Adds `quantities` (times `sign`) to a known client's allocation with
   * `addQuantitiesInto`, and moves whatever ranks by it. For `sign` -1 the
   * quantities never exceed what the client holds.
   */
  protected abstract changeAllocation(clientId: string, quantities: ScalarQuantities, sign: 1 | -1): void;

  /** Runs `store` (which records the client's new weight) and moves whatever ranks by that weight. */
  protected abstract changeWeight(clientId: string, store: () => void): void;

  setWeight(clientId: string, weight: number): void {
    if (!Number.isFinite(weight) || weight <= 0) throw new RangeError(`weight must be finite and > 0, got ${weight}`);
    this.changeWeight(clientId, () => this.weights.set(clientId, weight));
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
    if (this.allocationOf(clientId) === undefined) {
      throw new Error(`${this.constructor.name}: allocated() for unknown client ${JSON.stringify(clientId)}`);
    }
    this.changeAllocation(clientId, quantities, 1);
  }

  unallocated(clientId: string, quantities: ScalarQuantities): void {
    const held = this.allocationOf(clientId);
    if (held === undefined) return;
    // Never below zero: take off at most what the client holds.
    const clamped = new Map<string, number>();
    for (const [name, amount] of quantities) {
      const holding = held.get(name) ?? 0;
      if (holding > 0 && amount > 0) clamped.set(name, Math.min(holding, amount));
    }
    if (clamped.size > 0) this.changeAllocation(clientId, clamped, -1);
  }

  allocation(clientId: string): ScalarQuantities {
    return new Map(this.allocationOf(clientId) ?? []);
  }

  share(clientId: string): number {
    const allocation = this.allocationOf(clientId);
    return allocation === undefined ? 0 : this.dominantShareOf(allocation);
  }

  sort(): readonly string[] {
    if (!this.fresh()) this.frozen = undefined;
    if (this.frozen === undefined) this.frozen = Object.freeze([...this.order()]);
    return this.frozen;
  }

  /** Unweighted dominant share of `allocation` in the pool, excluded kinds left out. */
  protected dominantShareOf(allocation: ScalarQuantities): number {
    return dominantShare(allocation, this.pool.quantities, this.excluded);
  }

  /**
   * Whether the order is valid against the current pool. Once it is not, it
   * stays invalid (changes are applied without moving anything) until `markRanked()`.
   */
  protected fresh(): boolean {
    if (this.stale || this.rankedVersion !== this.pool.version) {
      this.stale = true;
      return false;
    }
    return true;
  }

  /** The order was rebuilt from scratch against the current pool. */
  protected markRanked(): void {
    this.rankedVersion = this.pool.version;
    this.stale = false;
    this.frozen = undefined;
  }

  /** The order (or its membership) changed: a copy handed out by `sort()` is no longer current. */
  protected orderChanged(): void {
    this.frozen = undefined;
  }
}
