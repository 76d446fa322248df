// The service half of bench/allocator: the real allocator process
// (services/allocator/dist/main.js) driven over its Connect stream the way the
// master drives it. Times are end to end on loopback: they include protobuf
// encoding here, gRPC, decoding and conversion in the allocator, the cycle
// itself, and decoding the answer here.
//
// Per scenario: one fresh allocator process; one Connect stream; the snapshot
// (timed to `snapshot_applied`), then the cycle the snapshot triggers (timed
// from `snapshot_applied` to the first `allocations`). Decline scenarios then
// run rounds: RecoverResources with the scenario's filter for every allocation
// of the previous round, timed until every declined agent has been allocated
// again. The allocator's periodic cycle is set to an hour so that every cycle
// is one the stream triggered (the service runs one on the next tick after a
// recovery; recoveries read in one tick share it).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { encodeMessage, resourcesFromProto, resourcesToProto, tesseraGrpc, type v1 } from '@tessera/proto';
import { createGrpcClient } from '@tessera/runtime';
import { freePort, waitFor } from '@tessera/testkit';
import {
  buildCluster,
  round2,
  summarize,
  type Cluster,
  type MesosReference,
  type Profile,
  type Scenario,
  type Summary,
  type Target,
} from './allocator-scenarios.js';

/** Long enough that no periodic cycle runs during a scenario. */
const SERVICE_ALLOCATION_INTERVAL_MS = 3_600_000;
/** Give up on one awaited answer after this long. */
const ANSWER_TIMEOUT_MS = 300_000;

export interface ServiceEntry {
  readonly name: string;
  readonly profile: Profile;
  readonly date: string;
  readonly mesos: MesosReference;
  readonly target: Target | null;
  readonly agents: number;
  readonly frameworks: number;
  readonly roles: number;
  readonly allocationIntervalMs: number;
  /** Encoded size of the snapshot request. */
  readonly snapshotBytes: number;
  /** Writing the snapshot until `snapshot_applied` arrives. */
  readonly snapshotAppliedMs: number;
  /** `snapshot_applied` until the first `allocations` arrives (the cycle the snapshot triggers). */
  readonly firstAllocationsMs: number;
  readonly firstAllocations: number;
  /** The allocator's own time in that cycle (its cycle-duration metric). */
  readonly firstCoreCycleMs: number;
  /** Decline scenarios: first recovery written until every declined agent is allocated again. */
  readonly roundMs?: Summary;
  /** First recovery written until the first `allocations` of the round. */
  readonly firstBatchMs?: Summary;
  /** `allocations` responses (one per cycle that allocated something) per round. */
  readonly batchesPerRound?: Summary;
  /** Cycles the allocator ran per round, and its own time in them (cycle-duration metric). */
  readonly coreCyclesPerRound?: Summary;
  readonly coreCycleMsPerRound?: Summary;
  readonly recoversPerRound?: number;
  readonly allocationsPerRound?: number;
}

type AllocatorClient = InstanceType<ReturnType<typeof tesseraGrpc>['tessera']['v1']['Allocator']>;
type ConnectStream = grpc.ClientDuplexStream<v1.AllocatorRequest, v1.AllocatorResponse__Output>;

interface Batch {
  readonly atMs: number;
  readonly allocations: v1.Allocation__Output[];
}

/** Collects what the allocator answers on the stream; waits are event-driven. */
class Inbox {
  snapshotsApplied: number[] = [];
  batches: Batch[] = [];
  allocationsReceived = 0;
  private failure: Error | undefined;
  private waiters: { ready: () => boolean; resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(stream: ConnectStream) {
    stream.on('data', (response: v1.AllocatorResponse__Output) => {
      const atMs = performance.now();
      if (response.snapshotApplied) this.snapshotsApplied.push(atMs);
      else if (response.allocations) {
        this.batches.push({ atMs, allocations: response.allocations.allocations });
        this.allocationsReceived += response.allocations.allocations.length;
      }
      this.settle();
    });
    stream.on('error', (error: Error) => {
      this.failure = new Error(`allocator stream failed: ${error.message}`, { cause: error });
      this.settle();
    });
    stream.on('end', () => {
      this.failure ??= new Error('allocator stream ended');
      this.settle();
    });
  }

  /** Resolves once `ready()` holds; rejects when the stream fails or after `ANSWER_TIMEOUT_MS`. */
  until(ready: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no answer from the allocator within ${ANSWER_TIMEOUT_MS} ms: ${what}`)),
        ANSWER_TIMEOUT_MS,
      );
      this.waiters.push({
        ready,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.settle();
    });
  }

  private settle(): void {
    this.waiters = this.waiters.filter((waiter) => {
      if (this.failure !== undefined) waiter.reject(this.failure);
      else if (waiter.ready()) waiter.resolve();
      else return true;
      return false;
    });
  }
}

function snapshotToProto(cluster: Cluster, nowSeconds: number): v1.AllocatorSnapshot {
  return {
    agents: cluster.agents.map((agent) => ({
      id: { value: agent.id },
      hostname: agent.hostname,
      total: resourcesToProto(agent.total),
      attributes: [],
      allocated: agent.allocated.map((a) => ({
        frameworkId: { value: a.frameworkId },
        role: a.role,
        resources: resourcesToProto(a.resources),
      })),
      active: agent.active,
    })),
    frameworks: cluster.frameworks.map((framework) => ({
      info: {
        id: { value: framework.id },
        name: framework.name,
        roles: [...framework.roles],
        capabilities: [...framework.capabilities],
      },
      suppressedRoles: [],
      active: framework.active,
      subscriptionSequence: framework.subscriptionSequence,
    })),
    quotas: cluster.quotas.map((quota) => ({
      role: quota.role,
      guarantee: resourcesToProto(quota.guarantee),
      limit: resourcesToProto(quota.limit),
    })),
    weights: [],
    policies: [],
    now: nowSeconds,
  };
}

function recoverRequest(allocation: v1.Allocation__Output, refuseSeconds: number): v1.AllocatorRequest {
  return {
    recover: {
      frameworkId: { value: allocation.frameworkId?.value ?? '' },
      agentId: { value: allocation.agentId?.value ?? '' },
      role: allocation.role,
      resources: resourcesToProto(resourcesFromProto(allocation.resources)),
      filters: { refuseSeconds },
      hasFilters: true,
    },
  };
}

/** The allocator's cycle-duration metric: cycles run and seconds spent in them so far. */
async function cycleMetric(httpPort: number): Promise<{ count: number; seconds: number }> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  // Lines look like `name{service="tessera-allocator"} 12.5`; the labels are the registry's defaults.
  const read = (name: string): number => {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
    return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  return {
    count: read('tessera_allocator_cycle_duration_seconds_count'),
    seconds: read('tessera_allocator_cycle_duration_seconds_sum'),
  };
}

/** Starts the allocator process (its errors on our stderr) and waits for its /healthz. */
async function startAllocatorProcess(
  root: string,
): Promise<{ child: ChildProcess; address: string; httpPort: number }> {
  const [port, httpPort] = await Promise.all([freePort(), freePort()]);
  const child = spawn(
    process.execPath,
    [
      join(root, 'services/allocator/dist/main.js'),
      '--port',
      String(port),
      '--http-port',
      String(httpPort),
      '--allocation-interval-ms',
      String(SERVICE_ALLOCATION_INTERVAL_MS),
      '--seed',
      '1',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, TESSERA_LOG_LEVEL: 'warn' } },
  );
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`allocator exited (${code ?? signal}) before it was ready`))),
  );
  exited.catch(() => undefined);
  await Promise.race([
    waitFor(async () => (await fetch(`http://127.0.0.1:${httpPort}/healthz`)).ok, {
      timeoutMs: 30_000,
      what: 'the allocator /healthz',
    }),
    exited,
  ]);
  return { child, address: `127.0.0.1:${port}`, httpPort };
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Runs one scenario against a fresh allocator process; `rounds` decline rounds for decline scenarios. */
export async function runServiceScenario(root: string, scenario: Scenario, rounds: number): Promise<ServiceEntry> {
  const cluster = buildCluster(scenario);
  const snapshot = snapshotToProto(cluster, Date.now() / 1000);
  const snapshotBytes = encodeMessage('tessera.v1.AllocatorRequest', { snapshot }).byteLength;
  const { child, address, httpPort } = await startAllocatorProcess(root);
  const client: AllocatorClient = createGrpcClient(tesseraGrpc().tessera.v1.Allocator, address);
  const stream: ConnectStream = client.Connect();
  const inbox = new Inbox(stream);
  try {
    const snapshotStarted = performance.now();
    stream.write({ snapshot, now: Date.now() / 1000 });
    await inbox.until(() => inbox.snapshotsApplied.length > 0, 'snapshot_applied');
    await inbox.until(() => inbox.batches.length > 0, 'the first allocations');
    const appliedAt = inbox.snapshotsApplied[0] ?? Number.NaN;
    const first = inbox.batches[0];
    const firstMetric = await cycleMetric(httpPort);
    const entry: ServiceEntry = {
      name: scenario.name,
      profile: scenario.profile,
      date: new Date().toISOString(),
      mesos: scenario.mesos,
      target: scenario.target,
      agents: scenario.agents,
      frameworks: scenario.frameworks,
      roles: scenario.roles,
      allocationIntervalMs: SERVICE_ALLOCATION_INTERVAL_MS,
      snapshotBytes,
      snapshotAppliedMs: round2(appliedAt - snapshotStarted),
      firstAllocationsMs: round2((first?.atMs ?? Number.NaN) - appliedAt),
      firstAllocations: first?.allocations.length ?? 0,
      firstCoreCycleMs: round2((firstMetric.seconds / Math.max(1, firstMetric.count)) * 1000),
    };
    console.error(
      `${scenario.name}: snapshot applied in ${entry.snapshotAppliedMs} ms; first allocations ` +
        `(${entry.firstAllocations}) ${entry.firstAllocationsMs} ms later`,
    );
    if (scenario.workload.kind !== 'decline') return entry;
    return {
      ...entry,
      ...(await declineRounds(scenario, scenario.workload.refuseSeconds, rounds, stream, inbox, httpPort)),
    };
  } finally {
    stream.end();
    client.close();
    await stopProcess(child);
  }
}

async function declineRounds(
  scenario: Scenario,
  refuseSeconds: number,
  rounds: number,
  stream: ConnectStream,
  inbox: Inbox,
  httpPort: number,
): Promise<Partial<ServiceEntry>> {
  const roundMs: number[] = [];
  const firstBatchMs: number[] = [];
  const batches: number[] = [];
  const coreCycles: number[] = [];
  const coreCycleMs: number[] = [];
  const recovers: number[] = [];
  const allocations: number[] = [];
  let offered = inbox.batches.flatMap((b) => b.allocations);
  for (let round = 0; round < rounds; round++) {
    const requests = offered.map((allocation) => recoverRequest(allocation, refuseSeconds));
    const declinedAgents = new Set(offered.map((a) => a.agentId?.value ?? ''));
    const before = await cycleMetric(httpPort);
    const batchesBefore = inbox.batches.length;
    const started = performance.now();
    for (const request of requests) stream.write({ ...request, now: Date.now() / 1000 });
    // Every declined agent still has a framework that has not refused it, so
    // the round is over when each has been allocated again.
    const reallocated = new Set<string>();
    let seen = batchesBefore;
    await inbox.until(() => {
      for (; seen < inbox.batches.length; seen++) {
        for (const a of inbox.batches[seen]?.allocations ?? []) reallocated.add(a.agentId?.value ?? '');
      }
      return [...declinedAgents].every((id) => reallocated.has(id));
    }, `round ${round}: ${declinedAgents.size} declined agents allocated again`);
    const roundBatches = inbox.batches.slice(batchesBefore);
    const lastAt = roundBatches[roundBatches.length - 1]?.atMs ?? Number.NaN;
    const after = await cycleMetric(httpPort);
    roundMs.push(lastAt - started);
    firstBatchMs.push((roundBatches[0]?.atMs ?? Number.NaN) - started);
    batches.push(roundBatches.length);
    coreCycles.push(after.count - before.count);
    coreCycleMs.push((after.seconds - before.seconds) * 1000);
    recovers.push(requests.length);
    offered = roundBatches.flatMap((b) => b.allocations);
    allocations.push(offered.length);
    console.error(
      `${scenario.name}: service round ${round}: ${requests.length} recoveries → ${offered.length} allocations in ` +
        `${roundBatches.length} batches, ${(lastAt - started).toFixed(1)} ms (core ${coreCycleMs[coreCycleMs.length - 1]?.toFixed(1)} ms ` +
        `in ${coreCycles[coreCycles.length - 1]} cycles)`,
    );
  }
  return {
    roundMs: summarize(roundMs),
    firstBatchMs: summarize(firstBatchMs),
    batchesPerRound: summarize(batches),
    coreCyclesPerRound: summarize(coreCycles),
    coreCycleMsPerRound: summarize(coreCycleMs),
    recoversPerRound: summarize(recovers).median,
    allocationsPerRound: summarize(allocations).median,
  };
}
