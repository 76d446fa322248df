import { OrderedSorter, type ClientRecord, type OrderedSorterOptions, type Rank } from './ordered-sorter.js';

export type DrfSorterOptions = OrderedSorterOptions;

/**
 * Dominant Resource Fairness (Ghodsi et al., NSDI 2011). A client's share is the
 * largest, over resource kinds, of allocated / pool total; kinds whose pool is
 * empty and kinds in `excludeResourceNames` are ignored. Clients are ordered by
 * share / weight, then by tie-break, then by id (code-point order).
 */
export class DrfSorter extends OrderedSorter {
  protected rankOf(client: ClientRecord): Rank {
    return { primary: this.shareOf(client) / this.weight(client.id), secondary: 0 };
  }
}
