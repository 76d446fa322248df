/**
 * Bad input, systematically: every unary gRPC method of every tessera.v1
 * service and every REST route of Marathon and Chronos, driven with random
 * and malformed input against a real cluster (redis-server, nats-server,
 * allocator, master, agent, Marathon, Chronos as their own processes).
 *
 * Two families of input:
 * - invalid by construction (undecodable protobuf, malformed JSON, bodies of
 *   the wrong type, definitions with one field wrong, out of range or over a
 *   limit): each must be refused with an error status, within the deadline,
 *   and leave the state digest (support/digest.ts) unchanged;
 * - random (well-typed messages with edge values and real IDs, random wire
 *   bytes, any JSON with any content type on any path): each must be answered
 *   within the deadline, never with a server error (gRPC INTERNAL or UNKNOWN,
 *   HTTP 5xx). Random input may be valid and change state (even tear down or
 *   drain), so this family runs after the invalid one and compares no digest.
 *
 * At the end every process must still run and answer its health check.
 * How many inputs: support/profile.ts (TESSERA_FUZZ_RUNS, TESSERA_FUZZ_PROFILE).
 */
import * as grpc from '@grpc/grpc-js';
import { MARATHON_LIMITS } from '@tessera/marathon';
import { CHRONOS_LIMITS } from '@tessera/chronos';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import * as protoLoader from '@grpc/proto-loader';
import fc from 'fast-check';
import { tesseraPackageDefinition, SERVICE_NAMES } from '@tessera/proto';
import { MAX_HTTP_BODY_BYTES } from '@tessera/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChronosProcess } from '../support/chronos.js';
import { Cluster } from '../support/cluster.js';
import { MarathonProcess } from '../support/marathon.js';
import { stateDigest, digestDifference, type StateDigest } from './support/digest.js';
import { INVALID_REQUESTS } from './support/grpc-invalid.js';
import { grpcMethods, RawGrpc, statusName, type CallOutcome, type GrpcMethod } from './support/grpc-targets.js';
import {
  closeHttpConnections,
  declaredBodyCall,
  httpCall,
  type HttpOutcome,
  type RawRequest,
} from './support/http-call.js';
import { FAMILY_SHARES, fuzzProfile, runsPerTarget } from './support/profile.js';
import {
  malformedWire,
  messageArbitrary,
  randomWire,
  type MessageArbitraryOptions,
  type ValuePool,
} from './support/proto-arbitrary.js';
import { checkProperty, summarize, throwFailures } from './support/report.js';
import {
  appBreakages,
  brokenDefinition,
  concretePath,
  jobBreakages,
  malformedJson,
  nonObjectJson,
  queryString,
  randomContentType,
  randomJson,
  type Breakage,
} from './support/rest-arbitrary.js';
import { chronosRoutes, marathonRoutes, type RestRoute } from './support/rest-targets.js';

const profile = fuzzProfile();
const definition = tesseraPackageDefinition();
const methods = grpcMethods(definition);
const unaryMethods = methods.filter((m) => !m.streaming);

/**
 * Streaming methods are not fuzzed here: the unary properties send one message
 * and wait for one answer, and a stream is a long-lived relationship whose
 * first message is a handshake (agent registration, allocator snapshot,
 * subscription). What they refuse is tested by the services' own tests.
 */
const STREAMING_REASON: Record<string, string> = {
  'tessera.v1.Scheduler/Subscribe': 'server streaming: the framework session (its first message is the subscription)',
  'tessera.v1.AgentRegistry/Connect': "bidirectional: the agent's session with the master",
  'tessera.v1.Allocator/Connect': "bidirectional: the master's session with the allocator (snapshot, then deltas)",
  'tessera.v1.Marathon/StreamEvents': 'server streaming: an event feed that never ends by itself',
  'tessera.v1.Chronos/StreamRunEvents': 'server streaming: an event feed that never ends by itself',
};

/** REST routes that are streams (no answer ends them): not fuzzed, listed with the reason. */
const STREAMING_ROUTES: Record<string, string> = {
  'GET /v2/events': 'Server-Sent Events: the answer never ends by itself',
};

/** The message limits of the gRPC servers (packages/runtime SERVER_CHANNEL_OPTIONS). */
const GRPC_MAX_RECEIVE_BYTES = 16 * 1024 * 1024;
/**
 * Servers that take more (services/allocator/src/server.ts ALLOCATOR_MAX_RECEIVE_BYTES: the master's snapshot of a
 * large cluster).
 */
const MAX_RECEIVE_BYTES_OF: Readonly<Record<string, number>> = { [SERVICE_NAMES.allocator]: 256 * 1024 * 1024 };

/** Paths a body-less request on a GET route: fastify reads no body there, so malformed bodies on GET prove nothing. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A test's time: the e2e default for CI's 10,000 inputs, and 20 ms more per input for larger profiles (each test runs a share). */
const TEST_TIMEOUT_MS = 120_000 + profile.totalRuns * 20;

describe('fuzz: bad input, systematically', { timeout: TEST_TIMEOUT_MS }, () => {
  let cluster: Cluster;
  let marathon: MarathonProcess;
  let chronos: ChronosProcess;
  const raw = new RawGrpc();
  const pool: ValuePool = { strings: [] };
  let addresses: Record<string, string>;
  let restRoutes: { service: 'marathon' | 'chronos'; route: RestRoute }[];
  const counts = { grpc: 0, rest: 0 };

  const wellTyped = (method: GrpcMethod, options: MessageArbitraryOptions) =>
    messageArbitrary(definition, method.requestType, options).map((message) => method.requestSerialize(message));

  beforeAll(async () => {
    cluster = await Cluster.start({ leaderLeaseMs: 15_000 });
    marathon = await MarathonProcess.start(cluster);
    chronos = await ChronosProcess.start(cluster);
    addresses = {
      [SERVICE_NAMES.scheduler]: cluster.masterAddress,
      [SERVICE_NAMES.agentRegistry]: cluster.masterAddress,
      [SERVICE_NAMES.operator]: cluster.masterAddress,
      [SERVICE_NAMES.allocator]: flag(cluster.master.flags, '--allocator'),
      [SERVICE_NAMES.agent]: cluster.agentAddress,
      [SERVICE_NAMES.marathon]: `127.0.0.1:${marathon.grpcPort}`,
      [SERVICE_NAMES.chronos]: `127.0.0.1:${chronos.grpcPort}`,
    };
    await seed();
    restRoutes = [
      ...(await marathonRoutes()).map((route) => ({ service: 'marathon' as const, route })),
      ...(await chronosRoutes()).map((route) => ({ service: 'chronos' as const, route })),
    ].filter(({ route }) => STREAMING_ROUTES[`${route.method} ${route.url}`] === undefined);
    for (const m of methods.filter((m) => m.streaming))
      console.log(
        `fuzz: skipping streaming method ${m.path}: ${STREAMING_REASON[m.path.slice(1)] ?? 'streaming (no reason given)'}`,
      );
    for (const [route, reason] of Object.entries(STREAMING_ROUTES))
      console.log(`fuzz: skipping REST route ${route}: ${reason}`);
    console.log(
      `fuzz: profile ${profile.name}, ${profile.totalRuns} inputs over ${unaryMethods.length} unary methods and ${restRoutes.length} REST routes${profile.seed === undefined ? '' : `, seed ${profile.seed}`}`,
    );
  }, 180_000);

  afterAll(async () => {
    console.log(`fuzz: ${counts.grpc} gRPC calls and ${counts.rest} REST requests sent`);
    raw.close();
    closeHttpConnections();
    await marathon?.stop();
    await chronos?.stop();
    await cluster?.stop();
  }, 120_000);

  /** A known state for the invalid family to leave unchanged: quota, weights, an app, a group, two jobs. */
  async function seed(): Promise<void> {
    const created = await marathon.rest('POST', '/v2/apps', {
      id: '/seed/app',
      cmd: 'sleep 1000',
      instances: 0,
      cpus: 0.01,
      mem: 16,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await chronos.addJob('iso8601', {
      name: 'seed-job',
      command: 'true',
      schedule: 'R/2100-01-01T00:00:00Z/PT24H',
      cpus: 0.01,
      mem: 16,
    });
    await chronos.addJob('dependency', {
      name: 'seed-child',
      command: 'true',
      parents: ['seed-job'],
      cpus: 0.01,
      mem: 16,
    });
    const operator = cluster.operator;
    await new Promise<void>((resolve, reject) =>
      operator.SetQuota(
        { quota: { role: 'fuzz-seed', guarantee: [{ name: 'cpus', type: 'SCALAR', scalar: 1 }] } },
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    await new Promise<void>((resolve, reject) =>
      operator.UpdateWeights({ weights: [{ role: 'fuzz-seed', weight: 2 }] }, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    await marathon.waitNoDeployments();
    const [agent] = await cluster.agents();
    const frameworks = await new Promise<{ frameworks: { info?: { id?: { value: string } | null } | null }[] }>(
      (resolve, reject) =>
        operator.GetFrameworks({}, (error, response) => (error || !response ? reject(error) : resolve(response))),
    );
    pool.strings.push(
      agent?.info?.id?.value ?? 'agent',
      ...frameworks.frameworks.map((f) => f.info?.id?.value ?? ''),
      '*',
      'marathon',
      'chronos',
      'fuzz-seed',
      '/seed/app',
      'seed/app',
      '/seed',
      'seed-job',
      'seed-child',
      'stdout',
      'stderr',
    );
  }

  const digestTargets = () => ({
    masterAddress: cluster.masterAddress,
    marathonUrl: marathon.baseUrl,
    chronosUrl: chronos.baseUrl,
  });

  /** Compares the state with `before`; a difference is thrown, or collected in `failures` when given. */
  async function unchanged(before: StateDigest, failures: string[] | undefined, what: string): Promise<void> {
    const after = await stateDigest(digestTargets());
    if (after.hash === before.hash) return;
    const report = `${what} changed the state:\n${digestDifference(before, after)}`;
    if (failures === undefined) throw new Error(report);
    failures.push(report);
  }

  const describeOutcome = (o: CallOutcome | HttpOutcome): string => summarize(o);

  /** Throws when a process of the cluster has exited, naming it, so the input that killed it is the counterexample. */
  function allAlive(): void {
    for (const process of [cluster.allocator, cluster.master, cluster.agent, marathon.process, chronos.process])
      if (!process.running) throw new Error(`${process.name} exited:\n${process.tailInfo(20)}`);
  }

  /**
   * One raw call; throws when a process died. UNAVAILABLE is a failure: every
   * server is up and leads, so it means the peer went away.
   */
  async function grpcCall(method: GrpcMethod, body: Buffer): Promise<CallOutcome> {
    counts.grpc++;
    const address = addresses[method.service];
    if (address === undefined) throw new Error(`no address for ${method.service}: give the suite one`);
    const outcome = await raw.call(address, method.path, body, profile.callDeadlineMs);
    allAlive();
    if (outcome.kind === 'hang') throw new Error(`no answer within ${profile.callDeadlineMs} ms (a hang)`);
    if (outcome.kind === 'status' && outcome.code === grpc.status.UNAVAILABLE)
      throw new Error(`UNAVAILABLE: ${outcome.details}`);
    return outcome;
  }

  /** One raw request; throws when a process died, or on no answer within the deadline. */
  async function restCall(service: 'marathon' | 'chronos', req: RawRequest): Promise<HttpOutcome> {
    counts.rest++;
    const outcome = await httpCall(
      service === 'marathon' ? marathon.baseUrl : chronos.baseUrl,
      req,
      profile.callDeadlineMs,
    );
    allAlive();
    if (outcome.kind === 'hang') throw new Error(`no answer within ${profile.callDeadlineMs} ms (a hang)`);
    if (outcome.kind === 'refused') throw new Error(`connection failed: ${outcome.error}`);
    return outcome;
  }

  it('knows where every gRPC service is served', () => {
    for (const m of methods) expect(addresses[m.service], `${m.service} has no address in the suite`).toBeDefined();
  });

  // ------------------------------------------------------------------ invalid

  it('refuses undecodable gRPC messages on every unary method, within the deadline, changing nothing', async () => {
    const failures: string[] = [];
    const numRuns = runsPerTarget(profile, FAMILY_SHARES.grpcInvalid, unaryMethods.length);
    const options: MessageArbitraryOptions = { maxDepth: 3, maxRepeated: 3, pool };
    for (const method of unaryMethods) {
      const before = await stateDigest(digestTargets());
      const run = (perRunDigest: boolean) =>
        checkProperty(
          `${method.path} with an undecodable message`,
          // NOTE: the prefix is well-typed: a field of the wrong wire type before the poison could swallow it as its payload.
          malformedWire(fc.oneof(wellTyped(method, options), fc.constant(Buffer.alloc(0)))),
          { numRuns, seed: profile.seed, failures },
          async (bytes) => {
            const start = perRunDigest ? await stateDigest(digestTargets()) : undefined;
            const outcome = await grpcCall(method, bytes);
            if (outcome.kind !== 'status') throw new Error(`not refused: ${describeOutcome(outcome)}`);
            if (start !== undefined) await unchanged(start, undefined, 'this input');
          },
        );
      await run(false);
      const after = await stateDigest(digestTargets());
      // NOTE: a change is found again one input at a time, so that the property shrinks to the input that made it.
      if (after.hash !== before.hash) await run(true);
      await unchanged(before, failures, `${method.path}'s invalid inputs`);
    }
    throwFailures(failures);
  });

  it('refuses well-formed gRPC requests that are invalid by construction (out of range, over a limit), changing nothing', async () => {
    const failures: string[] = [];
    const byPath = new Map(unaryMethods.map((m) => [m.path, m]));
    const entries = Object.entries(INVALID_REQUESTS);
    const numRuns = Math.max(5, runsPerTarget(profile, FAMILY_SHARES.grpcInvalid / 4, entries.length));
    for (const [path, requests] of entries) {
      const method = byPath.get(path);
      if (method === undefined) throw new Error(`INVALID_REQUESTS names ${path}, which is no unary method`);
      const before = await stateDigest(digestTargets());
      await checkProperty(
        `${path} with an invalid request`,
        requests,
        { numRuns, seed: profile.seed, failures },
        async (request) => {
          const outcome = await grpcCall(method, method.requestSerialize(request));
          if (outcome.kind !== 'status') throw new Error(`not refused: ${describeOutcome(outcome)}`);
          if (isServerError(outcome)) throw new Error(`server error: ${describeOutcome(outcome)}`);
        },
      );
      await unchanged(before, failures, `${path}'s invalid requests`);
    }
    throwFailures(failures);
  });

  it('refuses malformed JSON on every REST route that reads a body, whatever the content type, changing nothing', async () => {
    const failures: string[] = [];
    const routes = restRoutes.filter(({ route }) => BODY_METHODS.has(route.method));
    const numRuns = runsPerTarget(profile, FAMILY_SHARES.restInvalid / 2, routes.length);
    for (const { service, route } of routes) {
      const before = await stateDigest(digestTargets());
      await checkProperty(
        `${service} ${route.method} ${route.url} with malformed JSON`,
        fc.record({ path: concretePath(route.url, pool), contentType: randomContentType(), body: malformedJson() }),
        { numRuns, seed: profile.seed, failures },
        async ({ path, contentType, body }) => {
          const outcome = await restCall(service, { method: route.method, path, contentType, body });
          if (outcome.kind !== 'answer' || outcome.status < 400 || outcome.status >= 500)
            throw new Error(`not refused with a 4xx: ${describeOutcome(outcome)}`);
        },
      );
      await unchanged(before, failures, `${service} ${route.method} ${route.url}'s malformed bodies`);
    }
    throwFailures(failures);
  });

  /** The routes that take a definition, with a valid one to break and where to send it. */
  function definitionTargets(): {
    what: string;
    service: 'marathon' | 'chronos';
    method: string;
    path: string;
    wrap: (body: string) => string;
    valid: Record<string, unknown>;
    breakages: Breakage[];
  }[] {
    const app = { id: '/fuzz/new', cmd: 'sleep 1000', instances: 0, cpus: 0.01, mem: 16 };
    const seedApp = { id: '/seed/app', cmd: 'sleep 1000', instances: 0, cpus: 0.01, mem: 16 };
    const job = { name: 'fuzz-new', command: 'true', schedule: 'R/2100-01-01T00:00:00Z/PT24H', cpus: 0.01, mem: 16 };
    const apps = appBreakages(MARATHON_LIMITS);
    const jobs = jobBreakages(CHRONOS_LIMITS);
    const same = (body: string) => body;
    return [
      {
        what: 'a new app',
        service: 'marathon',
        method: 'POST',
        path: '/v2/apps',
        wrap: same,
        valid: app,
        breakages: apps,
      },
      {
        what: 'the seed app, replaced',
        service: 'marathon',
        method: 'PUT',
        path: '/v2/apps/seed/app?partialUpdate=false',
        wrap: same,
        valid: seedApp,
        breakages: apps,
      },
      {
        what: 'the seed app, patched',
        service: 'marathon',
        method: 'PATCH',
        path: '/v2/apps/seed/app',
        wrap: same,
        valid: seedApp,
        breakages: apps,
      },
      {
        what: 'apps in bulk',
        service: 'marathon',
        method: 'PUT',
        path: '/v2/apps',
        wrap: (b) => `[${b}]`,
        valid: seedApp,
        breakages: apps,
      },
      {
        what: 'a group of apps',
        service: 'marathon',
        method: 'POST',
        path: '/v2/groups',
        wrap: (b) => `{"id":"/fuzzgroup","apps":[${b}]}`,
        valid: app,
        breakages: apps,
      },
      {
        what: 'a scheduled job',
        service: 'chronos',
        method: 'POST',
        path: '/v1/scheduler/iso8601',
        wrap: same,
        valid: job,
        breakages: jobs,
      },
      {
        what: 'the seed job, replaced',
        service: 'chronos',
        method: 'POST',
        path: '/v1/scheduler/iso8601',
        wrap: same,
        valid: { ...job, name: 'seed-job' },
        breakages: jobs.filter((b) => b.field !== 'name'),
      },
      {
        what: 'a dependent job',
        service: 'chronos',
        method: 'POST',
        path: '/v1/scheduler/dependency',
        wrap: same,
        valid: { name: 'fuzz-dep', command: 'true', parents: ['seed-job'] },
        breakages: jobs.filter((b) => b.field !== 'schedule'),
      },
    ];
  }

  it('refuses definitions of the wrong type or with one field wrong, out of range or over a limit, changing nothing', async () => {
    const failures: string[] = [];
    const targets = definitionTargets();
    const numRuns = runsPerTarget(profile, FAMILY_SHARES.restInvalid / 2, targets.length);
    for (const target of targets) {
      const before = await stateDigest(digestTargets());
      const body = fc.oneof(
        { weight: 1, arbitrary: nonObjectJson().map((b) => ({ field: '(the whole body)', body: b })) },
        { weight: 6, arbitrary: brokenDefinition(target.valid, target.breakages) },
      );
      await checkProperty(
        `${target.service} ${target.method} ${target.path} (${target.what}) with an invalid definition`,
        fc.record({ contentType: randomContentType(), broken: body }),
        { numRuns, seed: profile.seed, failures },
        async ({ contentType, broken }) => {
          const outcome = await restCall(target.service, {
            method: target.method,
            path: target.path,
            contentType,
            body: target.wrap(broken.body),
          });
          if (outcome.kind !== 'answer' || outcome.status < 400 || outcome.status >= 500)
            throw new Error(`${broken.field}: not refused with a 4xx: ${describeOutcome(outcome)}`);
        },
      );
      await unchanged(before, failures, `${target.what}'s invalid definitions`);
    }
    throwFailures(failures);
  });

  // ------------------------------------------------------------------ limits

  it('refuses a gRPC message over the size limit with RESOURCE_EXHAUSTED on every server', async () => {
    const seen = new Set<string>();
    for (const method of unaryMethods) {
      const address = addresses[method.service] ?? '';
      if (seen.has(address)) continue;
      seen.add(address);
      const outcome = await grpcCall(
        method,
        Buffer.alloc((MAX_RECEIVE_BYTES_OF[method.service] ?? GRPC_MAX_RECEIVE_BYTES) + 1024),
      );
      expect(outcome.kind, `${method.path}: ${describeOutcome(outcome)}`).toBe('status');
      if (outcome.kind !== 'status') continue;
      expect(statusName(outcome.code), outcome.details).toBe('RESOURCE_EXHAUSTED');
      expect(outcome.details).toMatch(/larger than max/);
    }
  });

  it('refuses a REST body over the limit with 413 and a message on every route that reads one', async () => {
    for (const { service, route } of restRoutes.filter(({ route }) => BODY_METHODS.has(route.method))) {
      const path = route.url.replace('*', 'seed/app').replace(/:[a-z]+/g, 'seed-job');
      const baseUrl = service === 'marathon' ? marathon.baseUrl : chronos.baseUrl;
      counts.rest++;
      const outcome = await declaredBodyCall(
        baseUrl,
        route.method,
        path,
        MAX_HTTP_BODY_BYTES + 1,
        profile.callDeadlineMs,
      );
      expect(outcome.kind, `${route.method} ${path}: ${describeOutcome(outcome)}`).toBe('answer');
      if (outcome.kind !== 'answer') continue;
      expect(outcome.status, `${route.method} ${path}: ${outcome.body}`).toBe(413);
      expect(outcome.body).toMatch(/too large/i);
    }
  });

  // ------------------------------------------------------------------ random

  it('answers random gRPC messages on every unary method within the deadline, never with INTERNAL or UNKNOWN', async () => {
    const failures: string[] = [];
    const numRuns = runsPerTarget(profile, FAMILY_SHARES.grpcRandom, unaryMethods.length);
    const options: MessageArbitraryOptions = { maxDepth: 4, maxRepeated: 4, pool };
    for (const method of unaryMethods) {
      await checkProperty(
        `${method.path} with a random message`,
        fc.oneof(
          { weight: 3, arbitrary: wellTyped(method, options) },
          { weight: 1, arbitrary: randomWire(definition, method.requestType) },
        ),
        { numRuns, seed: profile.seed, failures },
        async (bytes) => {
          const outcome = await grpcCall(method, bytes);
          if (outcome.kind === 'hang') throw new Error(`no answer within ${profile.callDeadlineMs} ms`);
          if (outcome.kind === 'status' && isServerError(outcome))
            throw new Error(`server error: ${describeOutcome(outcome)}`);
        },
      );
    }
    throwFailures(failures);
  });

  it('answers random REST requests on every route within the deadline, never with a 5xx', async () => {
    const failures: string[] = [];
    const numRuns = runsPerTarget(profile, FAMILY_SHARES.restRandom, restRoutes.length);
    for (const { service, route } of restRoutes) {
      await checkProperty(
        `${service} ${route.method} ${route.url} with a random request`,
        fc.record({
          path: concretePath(route.url, pool),
          query: queryString(),
          contentType: randomContentType(),
          body: fc.option(fc.oneof(randomJson(), fc.string({ maxLength: 50 })), { nil: undefined }),
        }),
        { numRuns, seed: profile.seed, failures },
        async ({ path, query, contentType, body }) => {
          const outcome = await restCall(service, { method: route.method, path: `${path}${query}`, contentType, body });
          if (outcome.kind !== 'answer') throw new Error(`no answer: ${describeOutcome(outcome)}`);
          if (outcome.status >= 500) throw new Error(`server error: ${describeOutcome(outcome)}`);
        },
      );
    }
    throwFailures(failures);
  });

  // ------------------------------------------------------------------ liveness

  it('leaves every process running and answering its health checks', async () => {
    for (const process of [cluster.allocator, cluster.master, cluster.agent, marathon.process, chronos.process])
      expect(process.running, `${process.name} exited:\n${process.tailInfo()}`).toBe(true);
    const httpPorts = [
      flag(cluster.allocator.flags, '--http-port'),
      String(cluster.masterHttpPort),
      flag(cluster.agent.flags, '--http-port'),
      String(marathon.httpPort),
      String(chronos.httpPort),
    ];
    for (const port of httpPorts) {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(30_000) });
      expect(response.status, `/healthz on ${port}: ${await response.text()}`).toBe(200);
    }
    for (const address of new Set(Object.values(addresses)))
      expect(await grpcHealth(address), `gRPC health of ${address}`).toBe('SERVING');
  });
});

/** gRPC INTERNAL (but a request grpc-js could not decode) and UNKNOWN (a handler that threw something unmapped) are server errors. */
function isServerError(outcome: { code: grpc.status; details: string }): boolean {
  if (outcome.code === grpc.status.UNKNOWN) return true;
  return outcome.code === grpc.status.INTERNAL && !outcome.details.startsWith('Error deserializing request');
}

function flag(flags: readonly string[], name: string): string {
  const at = flags.indexOf(name);
  const value = at >= 0 ? flags[at + 1] : undefined;
  if (value === undefined) throw new Error(`no ${name} in ${flags.join(' ')}`);
  return value;
}

function grpcHealth(address: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pkg = grpc.loadPackageDefinition(protoLoader.loadSync(healthProtoPath, { enums: String })) as any;
  const client = new pkg.grpc.health.v1.Health(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) =>
    client.Check(
      { service: '' },
      { deadline: Date.now() + 30_000 },
      (error: Error | null, response: { status: string }) => {
        client.close();
        if (error) reject(error);
        else resolve(response.status);
      },
    ),
  );
}
