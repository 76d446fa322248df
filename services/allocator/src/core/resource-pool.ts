/**
 * The pool of resources that shares are measured against: the scalar quantities
 * of every agent's total. One pool is shared by all the allocator's sorters, so
 * adding an agent costs one update however many roles there are; sorters notice
 * a change through `version` and re-rank lazily.
 */
import { addQuantitiesInto, type ScalarQuantities } from './resource-math.js';

export class ResourcePool {
  private readonly amounts = new Map<string, number>();
  private changes = 0;

  /** Increases on every change; a sorter compares it with the version it last ranked against. */
  get version(): number {
    return this.changes;
  }

  get quantities(): ScalarQuantities {
    return this.amounts;
  }

  /** Adds (sign 1) or removes (sign -1) quantities; never below zero. */
  change(quantities: ScalarQuantities, sign: 1 | -1): void {
    if (quantities.size === 0) return;
    addQuantitiesInto(this.amounts, quantities, sign);
    this.changes++;
  }

  get(name: string): number {
    return this.amounts.get(name) ?? 0;
  }
}

/** Dominant share (DRF): one rule, in the domain, for the allocator's sorters and the master's role views. */
export { dominantShare } from '@tessera/domain';
