/** The `tessera.v1.Marathon` gRPC door: what the composition root registers with `startGrpcServer`. */
export { marathonGrpcHandlers, marathonGrpcService, type MarathonGrpcOptions } from './service.js';
export {
  DEPLOYMENTS_TRAILER,
  grpcErrorAnswer,
  LEADER_TRAILER,
  MARATHON_ERRORS,
  MAX_PROBLEMS_TRAILER_BYTES,
  PROBLEMS_TRAILER,
  SlowEventConsumerError,
  UnsupportedRequestError,
} from './errors.js';
