import { OrderedSorter, type ClientRecord, type Rank } from './ordered-sorter.js';

/**
 * The `priority` queue policy: clients by priority (higher first; the allocator
 * passes `FrameworkInfo.priority`), then by DRF (share / weight) among equal
 * priorities, then by tie-break and id.
 */
export class PrioritySorter extends OrderedSorter {
  protected rankOf(client: ClientRecord): Rank {
    return { primary: -client.priority, secondary: this.shareOf(client) / this.weight(client.id) };
  }
}
