// The public surface of @tessera/chronos: its pure core (for now).
export * from './core/index.js';
// Its front doors over the ChronosApi: Chronos's REST routes and the tessera.v1.Chronos gRPC service.
export { registerChronosRoutes, type ChronosRoutesOptions } from './rest/routes.js';
export { chronosGrpcService, type ChronosGrpcOptions } from './grpc/index.js';
