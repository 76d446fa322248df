/** The allocator's pure core: model, allocation cycle, fairness sorters, explanations. */
export * from './allocator.js';
export * from './drf-sorter.js';
export * from './errors.js';
export type { ExplainCode, ExplainReason, Explanation } from './explain.js';
export type { MinFragment } from './eligibility.js';
export { FifoSorter } from './fifo-sorter.js';
export { HierarchicalDrfSorter } from './hierarchical-sorter.js';
export type { OrderedSorterOptions } from './ordered-sorter.js';
export { PrioritySorter } from './priority-sorter.js';
export * from './model.js';
export * from './random.js';
export { ResourcePool, dominantShare } from './resource-pool.js';
export { intersectResources, scalarQuantities, subtractClamped, type ScalarQuantities } from './resource-math.js';
export type { Sorter, SorterClientOptions, SorterFactory } from './sorter.js';
