export * from './loader-options.js';
export * from './load.js';
export * from './codec.js';
export * from './descriptors.js';
export type * as v1 from './generated/index.js';
export * from './convert.js';
