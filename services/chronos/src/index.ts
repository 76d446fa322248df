// The public surface of @tessera/chronos: its pure core, its front doors over the ChronosApi (Chronos's REST
// routes and the tessera.v1.Chronos gRPC service), and the service itself.
export * from './core/index.js';
export { registerChronosRoutes, type ChronosRoutesOptions } from './rest/routes.js';
export { chronosGrpcService, type ChronosGrpcOptions } from './grpc/index.js';
export { chronosConfigSchema, loadChronosConfig, type ChronosConfig } from './config.js';
export { startChronos, type RunningChronos, type StartChronosOptions } from './server.js';
