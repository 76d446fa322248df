/** The allocator's pure core: model, allocation cycle, fairness sorters, explanations. */
export * from './allocator.js';
export * from './drf-sorter.js';
export * from './errors.js';
export type { ExplainCode, ExplainReason, Explanation } from './explain.js';
export type { MinFragment } from './eligibility.js';
export * from './model.js';
export * from './random.js';
export { intersectResources, scalarQuantities, subtractClamped, type ScalarQuantities } from './resource-math.js';
export type { Sorter, SorterClientOptions, SorterFactory } from './sorter.js';
