/** The `tessera.v1.Chronos` gRPC door: what the composition root registers with `startGrpcServer`. */
export { chronosGrpcHandlers, chronosGrpcService, type ChronosGrpcOptions } from './service.js';
export { grpcErrorAnswer, LEADER_TRAILER } from './errors.js';
