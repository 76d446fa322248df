/**
 * @tessera/allocator: the standalone allocator service (tessera.v1.Allocator)
 * and its pure core. `startAllocator` runs it in-process (as `tessera up` does);
 * `main.ts` is the `tessera-allocator` binary.
 */
export * from './core/index.js';
export { allocatorConfigSchema, type AllocatorConfig, type AllocatorConfigInput } from './config.js';
export * from './errors.js';
export { AllocatorMetrics } from './metrics.js';
export {
  AllocatorService,
  type AllocatorServiceOptions,
  type AllocatorServiceStats,
} from './grpc/allocator-service.js';

export * from './server.js';
