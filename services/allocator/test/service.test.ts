/**
 * The service over real gRPC: startAllocator on free ports, a grpc-js client
 * playing the master. No fixed sleeps: every wait is for a message or a status.
 */
import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { parseResources, formatResources } from '@tessera/domain';
import {
  decodeMessage,
  encodeMessage,
  resourcesFromProto,
  resourcesToProto,
  tesseraGrpc,
  type v1,
} from '@tessera/proto';
import { createLogger } from '@tessera/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AllocatorService, mulberry32, startAllocator, type RunningAllocator } from '../src/index.js';

type Stream = grpc.ClientDuplexStream<v1.AllocatorRequest, v1.AllocatorResponse__Output>;

/** Buffers a stream's responses and its final status, and hands them out in order. */
class StreamReader {
  private readonly responses: v1.AllocatorResponse__Output[] = [];
  private readonly waiters: ((response: v1.AllocatorResponse__Output) => void)[] = [];
  readonly status: Promise<grpc.StatusObject>;

  constructor(readonly stream: Stream) {
    stream.on('data', (response: v1.AllocatorResponse__Output) => {
      const waiter = this.waiters.shift();
      if (waiter) waiter(response);
      else this.responses.push(response);
    });
    this.status = new Promise((resolve) => stream.on('status', resolve));
    stream.on('error', () => undefined); // the status promise reports it
  }

  get buffered(): number {
    return this.responses.length;
  }

  next(): Promise<v1.AllocatorResponse__Output> {
    const response = this.responses.shift();
    if (response !== undefined) return Promise.resolve(response);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

const nowSeconds = () => Date.now() / 1000;
const resources = (text: string) => resourcesToProto(parseResources(text));
const describeAllocation = (a: v1.Allocation__Output) =>
  `${a.frameworkId?.value}@${a.agentId?.value}/${a.role}=${formatResources(resourcesFromProto(a.resources))}`;

const snapshot: v1.AllocatorRequest = {
  now: nowSeconds(),
  snapshot: {
    agents: [{ id: { value: 'agent-1' }, hostname: 'a1', total: resources('cpus:4;mem:4096'), active: true }],
    frameworks: [
      {
        info: { id: { value: 'fw-1' }, name: 'one', roles: ['web'], capabilities: ['MULTI_ROLE'] },
        active: true,
        subscriptionSequence: 1,
      },
    ],
  },
};

describe('Allocator service over gRPC', () => {
  let allocator: RunningAllocator;
  let client: v1.AllocatorClient;
  const streams: Stream[] = [];

  const connect = (): StreamReader => {
    const stream = client.Connect();
    streams.push(stream);
    return new StreamReader(stream);
  };

  const explain = (frameworkId: string) =>
    new Promise<v1.ExplainResponse__Output>((resolve, reject) =>
      client.Explain({ frameworkId: { value: frameworkId } }, (error, response) =>
        error || response === undefined ? reject(error) : resolve(response),
      ),
    );

  beforeAll(async () => {
    allocator = await startAllocator(
      // A long interval: only the cycles triggered by requests run during a test.
      { port: 0, httpPort: 0, allocationIntervalMs: 600_000, seed: 1 },
      { logger: createLogger('tessera-allocator', { level: 'silent' }) },
    );
    client = new (tesseraGrpc().tessera.v1.Allocator)(allocator.address, grpc.credentials.createInsecure());
  });

  afterEach(() => {
    for (const stream of streams.splice(0)) stream.cancel();
  });

  afterAll(async () => {
    client.close();
    await allocator.stop();
  });

  it('allocates after a snapshot, honours a recover filter, and allocates again after revive', async () => {
    const master = connect();
    master.stream.write(snapshot);
    expect((await master.next()).snapshotApplied).toEqual({ agents: 1, frameworks: 1 });

    const first = await master.next();
    expect(first.allocations?.allocations.map(describeAllocation)).toEqual(['fw-1@agent-1/web=cpus:4;mem:4096']);
    const firstCycle = first.allocations?.cycle ?? 0;
    expect(firstCycle).toBeGreaterThan(0);

    // The framework declines everything for an hour.
    master.stream.write({
      now: nowSeconds(),
      recover: {
        frameworkId: { value: 'fw-1' },
        agentId: { value: 'agent-1' },
        role: 'web',
        resources: resources('cpus:4;mem:4096'),
        filters: { refuseSeconds: 3600 },
        hasFilters: true,
      },
    });
    await expect.poll(async () => (await explain('fw-1')).reasons.map((r) => r.code)).toContain('FILTERED');
    const filtered = (await explain('fw-1')).reasons.find((r) => r.code === 'FILTERED');
    expect(filtered?.agentIds).toEqual([{ value: 'agent-1' }]);
    expect(filtered?.until).toBeGreaterThan(nowSeconds() + 3500);
    expect(master.buffered).toBe(0); // the cycle after the recover allocated nothing

    master.stream.write({ now: nowSeconds(), revive: { frameworkId: { value: 'fw-1' }, roles: [] } });
    const again = await master.next();
    expect(again.allocations?.allocations.map(describeAllocation)).toEqual(['fw-1@agent-1/web=cpus:4;mem:4096']);
    expect(again.allocations?.cycle).toBeGreaterThan(firstCycle);
    expect((await explain('fw-1')).summary).toContain('Framework fw-1');
  });

  it('ends a stream whose first request is not a snapshot with FAILED_PRECONDITION', async () => {
    const master = connect();
    master.stream.write({ now: nowSeconds(), revive: { frameworkId: { value: 'fw-1' } } });
    const status = await master.status;
    expect(status.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(status.details).toContain('first request must be a snapshot');
    expect(status.metadata.get('tessera-error')).toEqual(['SnapshotRequiredError']);
  });

  it('ends a stream whose request the model refuses, with the error table status', async () => {
    const master = connect();
    master.stream.write(snapshot);
    await master.next(); // snapshot_applied
    // Withholding from an unknown agent or framework is a no-op; making one allocatable is not.
    master.stream.write({ now: nowSeconds(), agentActive: { agentId: { value: 'no-such-agent' }, active: false } });
    master.stream.write({ now: nowSeconds(), suppress: { frameworkId: { value: 'no-such-framework' } } });
    master.stream.write({ now: nowSeconds(), agentActive: { agentId: { value: 'no-such-agent' }, active: true } });
    const status = await master.status;
    expect(status.code).toBe(grpc.status.NOT_FOUND);
    expect(status.details).toBe('unknown agent "no-such-agent"');
  });

  it('serves one master at a time: a new Connect ends the old one with ABORTED', async () => {
    const old = connect();
    old.stream.write(snapshot);
    expect((await old.next()).snapshotApplied).toBeDefined();
    const current = connect();
    current.stream.write(snapshot);
    expect((await old.status).code).toBe(grpc.status.ABORTED);
    expect((await current.next()).snapshotApplied).toEqual({ agents: 1, frameworks: 1 });
    expect((await current.next()).allocations?.allocations).toHaveLength(1);
  });

  it('drops the model when the master closes its stream', async () => {
    const master = connect();
    master.stream.write(snapshot);
    await master.next();
    expect((await explain('fw-1')).reasons.length).toBeGreaterThan(0);
    master.stream.end();
    expect((await master.status).code).toBe(grpc.status.OK);
    await expect(explain('fw-1')).rejects.toMatchObject({ code: grpc.status.FAILED_PRECONDITION });
  });

  it('answers Explain with NOT_FOUND for an unknown framework, and serves metrics and health', async () => {
    const master = connect();
    master.stream.write(snapshot);
    await master.next();
    await expect(explain('ghost')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    const metrics = await (await fetch(`http://127.0.0.1:${allocator.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/tessera_allocator_cycles_total\{service="tessera-allocator"\} [1-9]/);
    expect(metrics).toContain('tessera_allocator_agents{service="tessera-allocator"} 1');
    const health = (await (await fetch(`http://127.0.0.1:${allocator.httpPort}/healthz`)).json()) as Record<
      string,
      unknown
    >;
    expect(health).toMatchObject({ status: 'ok', masterConnected: true, agents: 1, frameworks: 1 });
  });
});

describe('Allocator service: lending and revocation over gRPC', () => {
  it('lends an idle guarantee as revocable, then sends revocations when the owner revives', async () => {
    const allocator = await startAllocator(
      { port: 0, httpPort: 0, allocationIntervalMs: 600_000, seed: 1 },
      { logger: createLogger('tessera-allocator', { level: 'silent' }) },
    );
    const client = new (tesseraGrpc().tessera.v1.Allocator)(allocator.address, grpc.credentials.createInsecure());
    const master = new StreamReader(client.Connect());
    try {
      // owner is guaranteed 2 cpus and suppressed (idle); the borrower may take revocable resources.
      master.stream.write({
        now: nowSeconds(),
        snapshot: {
          agents: [{ id: { value: 'agent-1' }, hostname: 'a1', total: resources('cpus:4;mem:4096'), active: true }],
          frameworks: [
            {
              info: { id: { value: 'owner' }, name: 'owner', roles: ['owner'] },
              active: true,
              suppressedRoles: ['owner'],
              subscriptionSequence: 1,
            },
            {
              info: { id: { value: 'borrower' }, name: 'b', roles: ['batch'], capabilities: ['REVOCABLE_RESOURCES'] },
              active: true,
              subscriptionSequence: 2,
            },
          ],
          quotas: [{ role: 'owner', guarantee: resources('cpus:2') }],
        },
      });
      expect((await master.next()).snapshotApplied).toEqual({ agents: 1, frameworks: 2 });
      // 4 cpus - 2 held for owner = 2 non-revocable; the 2 held back are lent. mem is not guaranteed.
      const allocations = await master.next();
      expect(allocations.allocations?.allocations.map(describeAllocation)).toEqual([
        'borrower@agent-1/batch=cpus:2;cpus{REV}:2;mem:4096',
      ]);
      master.stream.write({ now: nowSeconds(), revive: { frameworkId: { value: 'owner' }, roles: [] } });
      const revocations = (await master.next()).revocations?.revocations ?? [];
      expect(
        revocations.map(
          (r) =>
            `${r.frameworkId?.value}@${r.agentId?.value}/${r.role}=${formatResources(resourcesFromProto(r.resources))}`,
        ),
      ).toEqual(['borrower@agent-1/batch=cpus{REV}:2']);
      expect(revocations[0]?.reason).toBe('the guarantee of role owner needs them back');
      const metrics = await (await fetch(`http://127.0.0.1:${allocator.httpPort}/metrics`)).text();
      expect(metrics).toContain('tessera_allocator_revocations_total{service="tessera-allocator"} 1');
      expect(metrics).toMatch(/tessera_allocator_fragmentation_ratio\{resource="cpus",service="tessera-allocator"\} 0/);
    } finally {
      master.stream.cancel();
      client.close();
      await allocator.stop();
    }
  });
});

describe('Allocator service shutdown', () => {
  it('ends the master stream with UNAVAILABLE when it closes', async () => {
    const allocator = await startAllocator(
      { port: 0, httpPort: 0, allocationIntervalMs: 600_000 },
      { logger: createLogger('tessera-allocator', { level: 'silent' }) },
    );
    const client = new (tesseraGrpc().tessera.v1.Allocator)(allocator.address, grpc.credentials.createInsecure());
    const master = new StreamReader(client.Connect());
    master.stream.write(snapshot);
    await master.next();
    await allocator.stop();
    expect((await master.status).code).toBe(grpc.status.UNAVAILABLE);
    client.close();
  });
});

/**
 * A fake Connect call: the service reads requests from 'data' events and writes
 * responses; requests emitted in one synchronous loop arrive in one tick, as a
 * burst read off the socket does.
 */
class FakeConnectCall extends EventEmitter {
  readonly written: v1.AllocatorResponse[] = [];
  getPeer(): string {
    return 'fake-master';
  }
  write(response: v1.AllocatorResponse): boolean {
    this.written.push(response);
    return true;
  }
  end(): void {
    this.emit('finish');
  }
  /** Delivers a request as the gRPC runtime does: decoded, with proto defaults. */
  send(request: v1.AllocatorRequest): void {
    const bytes = encodeMessage('tessera.v1.AllocatorRequest', request);
    this.emit('data', decodeMessage<v1.AllocatorRequest__Output>('tessera.v1.AllocatorRequest', bytes));
  }
}

/** Resolves after the immediates queued so far have run (the service's triggered cycle among them). */
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Allocator service: triggered cycles', () => {
  const AGENTS = 50;
  const allocatedAgents = (call: FakeConnectCall, from: number) =>
    call.written
      .slice(from)
      .flatMap((r) => r.allocations?.allocations ?? [])
      .map((a) => a.agentId?.value ?? '')
      .sort();

  const start = () => {
    const service = new AllocatorService({
      allocationIntervalMs: 600_000,
      core: { random: mulberry32(1) },
      logger: createLogger('tessera-allocator', { level: 'silent' }),
    });
    const call = new FakeConnectCall();
    service.implementation.Connect(call as unknown as Parameters<typeof service.implementation.Connect>[0]);
    return { service, call };
  };

  it('runs one cycle per burst, offering only the agents the recoveries named', async () => {
    const { service, call } = start();
    const agentIds = Array.from({ length: AGENTS }, (_, i) => `agent-${String(i).padStart(2, '0')}`);
    call.send({
      now: nowSeconds(),
      snapshot: {
        agents: agentIds.map((id) => ({
          id: { value: id },
          hostname: id,
          total: resources('cpus:2;mem:1024'),
          active: true,
        })),
        frameworks: [
          { info: { id: { value: 'fw-1' }, name: 'one', roles: ['web'] }, active: true, subscriptionSequence: 1 },
        ],
      },
    });
    await nextTick();
    expect(service.stats()).toMatchObject({ cycles: 1, targetedCycles: 0 });
    expect(allocatedAgents(call, 0)).toEqual(agentIds);

    // 30 declines (no filter) in one burst: one targeted cycle re-offers exactly those 30 agents.
    const declined = agentIds.slice(0, 30);
    const before = call.written.length;
    for (const id of declined) {
      call.send({
        now: nowSeconds(),
        recover: {
          frameworkId: { value: 'fw-1' },
          agentId: { value: id },
          role: 'web',
          resources: resources('cpus:2;mem:1024'),
        },
      });
    }
    await nextTick();
    expect(service.stats()).toMatchObject({ cycles: 2, targetedCycles: 1 });
    expect(allocatedAgents(call, before)).toEqual(declined);

    // Declines and a revive in one burst: the revive makes the one cycle a full one.
    for (const id of agentIds.slice(0, 2)) {
      call.send({
        now: nowSeconds(),
        recover: {
          frameworkId: { value: 'fw-1' },
          agentId: { value: id },
          role: 'web',
          resources: resources('cpus:2;mem:1024'),
        },
      });
    }
    call.send({ now: nowSeconds(), revive: { frameworkId: { value: 'fw-1' } } });
    await nextTick();
    expect(service.stats()).toMatchObject({ cycles: 3, targetedCycles: 1 });

    // Removals trigger nothing.
    call.send({ now: nowSeconds(), agentRemoved: { agentId: { value: 'agent-49' } } });
    await nextTick();
    expect(service.stats().cycles).toBe(3);
    service.stop();
  });
});
