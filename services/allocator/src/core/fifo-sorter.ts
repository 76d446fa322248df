import { OrderedSorter, type ClientRecord, type Rank } from './ordered-sorter.js';

/**
 * The `fifo` queue policy: clients in tie-break order (the allocator passes the
 * framework's subscription sequence), then by id, whatever they hold. Shares and
 * weights are kept for reporting only. Like Hadoop's FIFO queues: the first
 * subscriber is offered everything it wants before the next one sees anything.
 */
export class FifoSorter extends OrderedSorter {
  protected rankOf(_client: ClientRecord): Rank {
    return { primary: 0, secondary: 0 };
  }
}
