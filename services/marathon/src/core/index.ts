/** Marathon's pure core: the domain model, app definitions, groups, deployment planning, instances and the launch queue. */
export * from './model.js';
export * from './paths.js';
export * from './problems.js';
export * from './errors.js';
export * from './app-definition.js';
export * from './equality.js';
export * from './versions.js';
export * from './group-tree.js';
