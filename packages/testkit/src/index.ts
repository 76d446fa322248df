export { freePort } from './free-port.js';
export { waitFor, type WaitForOptions } from './wait-for.js';
export { startRedis, type RedisServer, type StartRedisOptions } from './redis-server.js';
export { startNats, type NatsServer, type StartNatsOptions } from './nats-server.js';
export { ServerStartError, WaitForTimeoutError } from './errors.js';
export { unaryAnswer, unaryRefusal, type UnaryStart } from './unary-call.js';
export { auditLines, basic, bearer, TEST_CREDENTIALS, writeAuthFiles, type AuthFiles } from './auth-files.js';
