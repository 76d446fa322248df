/**
 * Well-formed gRPC requests that are invalid by construction, for the methods
 * that take a definition or a setting: a field of the wrong range, over a
 * limit, or naming nothing valid. Each must be refused and change nothing.
 * (Every unary method also gets undecodable messages, from the descriptors.)
 */
import { CHRONOS_LIMITS } from '@tessera/chronos';
import { MARATHON_LIMITS } from '@tessera/marathon';
import fc from 'fast-check';

const many = (count: number): Record<string, string> =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`K${i}`, 'v']));

const app = { id: '/fuzz/grpc', cmd: 'sleep 1000', instances: 0, cpus: 0.01, mem: 16 };
const badApp = fc.oneof(
  fc.constant({ ...app, id: `/${'a'.repeat(MARATHON_LIMITS.maxIdLength)}` }),
  fc.constant({ ...app, cmd: 'x'.repeat(MARATHON_LIMITS.maxTextBytes + 1) }),
  fc.constant({ ...app, labels: many(MARATHON_LIMITS.maxLabels + 1) }),
  fc.constant({ ...app, env: many(MARATHON_LIMITS.maxEnv + 1) }),
  fc.constant({ ...app, instances: MARATHON_LIMITS.maxInstances + 1 }),
  fc.double({ min: -1e6, max: -0.001, noNaN: true }).map((cpus) => ({ ...app, cpus })),
  fc.constantFrom('', 'UPPER', 'a b', '/a/../../b').map((id) => ({ ...app, id })),
  fc.constant({ ...app, cmd: undefined, args: [] }),
);

const job = { name: 'fuzz-grpc', command: 'true', schedule: 'R/2100-01-01T00:00:00Z/PT24H', cpus: 0.01, mem: 16 };
const badJob = fc.oneof(
  fc.constant({ ...job, name: 'n'.repeat(CHRONOS_LIMITS.maxNameLength + 1) }),
  fc.constant({ ...job, command: 'x'.repeat(CHRONOS_LIMITS.maxTextBytes + 1) }),
  fc.constant({
    ...job,
    environmentVariables: Object.fromEntries(
      Array.from({ length: CHRONOS_LIMITS.maxEnv + 1 }, (_, i) => [`E${i}`, 'v']),
    ),
  }),
  fc
    .constantFrom('', 'R/x/PT1H', 'every day', 'R-1/2030-01-01T00:00:00Z/PT1H')
    .map((schedule) => ({ ...job, schedule })),
  fc.constant({ ...job, name: '' }),
  fc.constant({ ...job, command: '' }),
);

// NOTE: not "a/b": hierarchical roles are valid (Mesos's "eng/frontend").
const role = fc.constantFrom('', '.', '..', 'a/..', 'a b', '/a', 'a//b', '*', 'r'.repeat(10_000));
const badWeight = fc.oneof(fc.constantFrom(0, -1, NaN, Infinity, -Infinity), fc.double({ max: -1e-9, noNaN: true }));

/** By method path: arbitraries of request objects (the method's serializer encodes them). */
export const INVALID_REQUESTS: Readonly<Record<string, fc.Arbitrary<object>>> = {
  '/tessera.v1.Marathon/CreateApp': badApp.map((a) => ({ app: a })),
  '/tessera.v1.Marathon/UpdateApp': badApp
    .filter((a) => a.id === app.id && a.cmd !== undefined)
    .map((a) => ({ app: { ...a, id: '/seed/app' } })),
  '/tessera.v1.Marathon/PutGroup': badApp.map((a) => ({ group: { id: '/fuzzgroup', apps: [a] } })),
  '/tessera.v1.Chronos/PutJob': badJob.map((j) => ({ job: j })),
  '/tessera.v1.Operator/UpdateWeights': fc
    .oneof(
      badWeight.map((weight) => ({ role: 'fuzz-seed', weight })),
      role.map((r) => ({ role: r, weight: 1 })),
    )
    .map((w) => ({ weights: [w] })),
  '/tessera.v1.Operator/SetQuota': fc.oneof(
    role.map((r) => ({ quota: { role: r, guarantee: [{ name: 'cpus', type: 'SCALAR', scalar: 1 }] } })),
    fc
      .constantFrom(-1, NaN, Infinity)
      .map((scalar) => ({ quota: { role: 'fuzz-seed', guarantee: [{ name: 'cpus', type: 'SCALAR', scalar }] } })),
  ),
  '/tessera.v1.Operator/SetRolePolicy': role.map((r) => ({ role: r, policy: 'FIFO' })),
};
