/**
 * The fairness order, behind one interface as in Mesos's allocator
 * (`sorter/sorter.hpp`). The allocator keeps one sorter over roles and one per
 * role over that role's frameworks, tells each about the pool of resources
 * (totals) and about every allocation and recovery, and asks `sort()` for the
 * order in which clients are offered an agent.
 *
 * Implementations: `HierarchicalDrfSorter` (roles: DRF among siblings at each
 * level of the role tree), and the queue policies over a role's frameworks:
 * `DrfSorter` (default), `FifoSorter` and `PrioritySorter`. All of them pass
 * the same contract suite (`test/sorter-contract.ts`).
 *
 * Quantities are scalar amounts by resource name (see `ScalarQuantities`); a
 * sorter never sees reservations, ranges or sets.
 */
import type { ScalarQuantities } from './resource-math.js';

export interface SorterClientOptions {
  /** Orders clients that are otherwise equal: smaller first (e.g. subscription sequence). Default 0. */
  readonly tieBreak?: number;
  /** For the priority policy: higher first. Default 0; other policies ignore it. */
  readonly priority?: number;
}

export interface Sorter {
  /**
   * Adds a client with an empty allocation. Idempotent: adding a known client
   * keeps its allocation and only updates its options.
   */
  add(clientId: string, options?: SorterClientOptions): void;
  /** Removes a client and forgets its allocation. Idempotent; unknown clients are ignored. */
  remove(clientId: string): void;
  contains(clientId: string): boolean;
  /** Number of clients. */
  readonly size: number;
  /**
   * Sets a client's weight (finite, > 0; default 1). May be called before the
   * client is added, and the weight is kept across remove/add. A larger weight
   * means a larger fair share: a client of weight 3 is ordered as if its share
   * were a third of what it is.
   */
  setWeight(clientId: string, weight: number): void;
  weight(clientId: string): number;
  /** Grows the pool that shares are measured against (an agent was added, or its total grew). */
  addTotal(quantities: ScalarQuantities): void;
  /** Shrinks the pool; never below zero. */
  removeTotal(quantities: ScalarQuantities): void;
  /** Records resources allocated to a known client. Throws for an unknown client (a bug in the caller). */
  allocated(clientId: string, quantities: ScalarQuantities): void;
  /** Records resources a client gave back; never below zero. Unknown clients are ignored. */
  unallocated(clientId: string, quantities: ScalarQuantities): void;
  /** The client's allocation (empty for an unknown client). */
  allocation(clientId: string): ScalarQuantities;
  /**
   * The client's unweighted share as this sorter measures it: 0 for an unknown
   * client, normally at most 1 (above 1 only while more is allocated than the pool holds).
   */
  share(clientId: string): number;
  /**
   * Every client, the one that should be offered resources first at index 0.
   * Deterministic: equal inputs give equal orders. The returned array is never
   * mutated afterwards, so a caller may keep iterating it while it records
   * allocations (they take effect in the next `sort()`).
   */
  sort(): readonly string[];
  /**
   * The same order as `sort()`, without a copy: the array is the sorter's own
   * and changes with the next mutating call. For the allocation loop, which
   * stops iterating (or starts over) after it records an allocation.
   */
  order(): readonly string[];
  /**
   * Calls `visit` with each client in `sort()` order until it returns true,
   * without copying. The sorter must not change during the walk, except in the
   * call that returns true (the allocation loop allocates, then stops and walks again).
   */
  visitInOrder(visit: (clientId: string) => boolean): void;
}

/** Creates an empty sorter (for tests and custom policies). */
export type SorterFactory = () => Sorter;
