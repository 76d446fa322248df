import { parseResources } from '@tessera/domain';
import { resourcesToProto, type v1 } from '@tessera/proto';
import { createLogger } from '@tessera/runtime';
import { createMemoryStore, type StateStore } from '@tessera/store';
import { createMemoryBus } from '@tessera/bus';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentGoneError } from '../src/errors.js';
import { FactPublisher } from '../src/facts.js';
import {
  acceptFromProto,
  allocationsFromProto,
  registerFromProto,
  reconcileTasksFromProto,
  statusToProto,
  reregisterFromProto,
  revocationsFromProto,
  subscribeFromProto,
} from '../src/convert.js';
import { Master, type AgentConnection, type AgentRecord, type FrameworkConnection } from '../src/master.js';
import { RegistryStore } from '../src/persistence.js';

const logger = createLogger('test', { level: 'silent' });

class Recorder<T> {
  readonly sent: T[] = [];
  closed = false;
  send = (message: T) => void this.sent.push(message);
  close = () => void (this.closed = true);
}

/** Publishes to an in-memory bus and remembers the subjects. */
class RecordingFacts extends FactPublisher {
  readonly subjects: string[] = [];
  override publish(subject: string, typeName: string, message: object): void {
    this.subjects.push(subject);
    super.publish(subject, typeName, message);
  }
}

/** A master on `store` (a fresh in-memory one by default), with a recording allocator and fact publisher. */
function newMaster(store: StateStore = createMemoryStore()) {
  const requests: v1.AllocatorRequest[] = [];
  const facts = new RecordingFacts(createMemoryBus(), logger);
  const registry = new RegistryStore(store, () => undefined);
  const master = new Master({
    info: { id: 'test-master', endpoint: '127.0.0.1:0' },
    registry,
    facts,
    allocator: { send: (request) => void requests.push(request), connected: () => true },
    logger,
    counters: {
      offersSent: () => {},
      offersRescinded: () => {},
      staleAllocations: () => {},
      tasksLaunched: () => {},
      statusUpdates: () => {},
      invalidCalls: () => {},
    },
    offerTimeoutMs: 0,
    agentUnreachableTimeoutMs: 60_000,
    heartbeatIntervalMs: 60_000,
    agentPingIntervalMs: 60_000,
  });
  return { master, requests, facts, registry };
}

const resources = (text: string) => resourcesToProto(parseResources(text)) as v1.Resource__Output[];

describe('Master', () => {
  let master: Master;
  let requests: v1.AllocatorRequest[];
  let agent: AgentRecord;
  let agentLink: Recorder<v1.MasterMessage>;
  let frameworkLink: Recorder<v1.Event>;
  let frameworkId: string;

  beforeEach(async () => {
    ({ master, requests } = newMaster());
    agentLink = new Recorder();
    agent = await master.registerAgent(
      registerFromProto(
        {
          agentInfo: {
            hostname: 'h',
            endpoint: '',
            resources: resources('cpus:4;mem:1024'),
            attributes: [],
            bootId: 'b',
            executorBackend: 'simulated',
            httpPort: 0,
            id: null,
          },
          version: '',
          previousAgentId: null,
        },
        '',
      )!,
      agentLink as AgentConnection,
    );
    frameworkLink = new Recorder();
    frameworkId = await master.subscribe(
      subscribeFromProto(
        {
          frameworkInfo: {
            name: 'f',
            roles: ['eng'],
            capabilities: ['REVOCABLE_RESOURCES'],
            failoverTimeoutSeconds: 60,
          } as v1.FrameworkInfo__Output,
          suppressedRoles: [],
        },
        '',
      )!,
      frameworkLink as FrameworkConnection,
    );
  });

  const allocation = (frameworkIdValue: string, agentIdValue: string, text: string): v1.Allocation__Output => ({
    frameworkId: { value: frameworkIdValue },
    agentId: { value: agentIdValue },
    role: 'eng',
    resources: resources(text),
  });
  const offersSent = () => frameworkLink.sent.flatMap((e) => e.offers?.offers ?? []);

  it('turns an allocation into an offer', () => {
    master.offer(allocationsFromProto([allocation(frameworkId, agent.id, 'cpus:1;mem:128')]));
    expect(offersSent()).toHaveLength(1);
  });

  it.each([
    ['an unknown agent', () => allocation(frameworkId, 'gone-agent', 'cpus:1')],
    ['an unknown framework', () => allocation('gone-framework', agent.id, 'cpus:1')],
    ['more than the agent has free', () => allocation(frameworkId, agent.id, 'cpus:5')],
  ])('hands back a stale allocation for %s, never offering it', (_label, make) => {
    const stale = make();
    master.offer(allocationsFromProto([stale]));
    expect(offersSent()).toHaveLength(0);
    const recovered = requests.filter((r) => r.recover).map((r) => r.recover);
    expect(recovered).toEqual([
      expect.objectContaining({ frameworkId: stale.frameworkId, agentId: stale.agentId, resources: stale.resources }),
    ]);
  });

  it('preempts only tasks on revocable resources when the allocator revokes them', async () => {
    // 2 regular cpus and 2 lent (revocable) cpus, offered together.
    const lent = resourcesToProto(
      parseResources('cpus:2').map((r) => ({ ...r, revocable: true })),
    ) as v1.Resource__Output[];
    master.offer(
      allocationsFromProto([
        {
          ...allocation(frameworkId, agent.id, 'cpus:2;mem:256'),
          resources: [...resources('cpus:2;mem:256'), ...lent],
        },
      ]),
    );
    const [offer] = offersSent();
    const task = (id: string, list: v1.Resource[]): v1.TaskInfo__Output =>
      ({
        name: id,
        taskId: { value: id },
        resources: list,
        command: { shell: true, value: 'sleep 1', arguments: [], uris: [], user: '', environment: null },
        labels: [],
      }) as unknown as v1.TaskInfo__Output;
    await master.accept(
      acceptFromProto({
        frameworkId: { value: frameworkId },
        offerIds: [offer?.id ?? { value: '' }],
        operations: [
          {
            launch: {
              taskInfos: [
                task('regular', resources('cpus:2;mem:128')),
                task('borrowed', [...lent, ...resources('mem:128')]),
              ],
            },
          },
        ],
        filters: null,
      } as unknown as v1.AcceptRequest__Output),
    );
    master.revoke(
      revocationsFromProto([
        {
          frameworkId: { value: frameworkId },
          agentId: { value: agent.id },
          role: 'eng',
          resources: lent,
          reason: 'owner',
        },
      ]),
    );
    const kills = agentLink.sent.filter((m) => m.killTask).map((m) => m.killTask);
    expect(kills).toEqual([expect.objectContaining({ taskId: { value: 'borrowed' }, reason: 'REASON_PREEMPTED' })]);
    // A second revocation of the same resources kills nothing more.
    master.revoke(
      revocationsFromProto([
        {
          frameworkId: { value: frameworkId },
          agentId: { value: agent.id },
          role: 'eng',
          resources: lent,
          reason: 'owner',
        },
      ]),
    );
    expect(agentLink.sent.filter((m) => m.killTask)).toHaveLength(1);
  });
});

describe("Master, when an agent's machine reboots", () => {
  let store: StateStore;
  let master: Master;
  let requests: v1.AllocatorRequest[];
  let facts: RecordingFacts;
  let oldAgent: AgentRecord;
  let oldAgentLink: Recorder<v1.MasterMessage>;
  let awareLink: Recorder<v1.Event>;
  let legacyLink: Recorder<v1.Event>;
  let awareId: string;
  let legacyId: string;

  const agentInfo = (bootId: string, hostname = 'h'): v1.AgentInfo__Output => ({
    hostname,
    endpoint: '',
    resources: resources('cpus:4;mem:1024'),
    attributes: [],
    bootId,
    executorBackend: 'simulated',
    httpPort: 0,
    id: null,
  });
  const register = (
    on: Master,
    bootId: string,
    previousAgentId: string | null,
    link = new Recorder<v1.MasterMessage>(),
    hostname = 'h',
  ) =>
    on.registerAgent(
      registerFromProto(
        {
          agentInfo: agentInfo(bootId, hostname),
          version: '',
          previousAgentId: previousAgentId === null ? null : { value: previousAgentId },
        },
        '',
      )!,
      link as AgentConnection,
    );
  const reregisterOldAgent = (on: Master) =>
    on.reregisterAgent(
      reregisterFromProto(
        {
          agentInfo: { ...agentInfo('boot-1'), id: { value: oldAgent.id } },
          tasks: [],
          version: '',
        },
        '',
      )!,
      new Recorder<v1.MasterMessage>() as AgentConnection,
    );
  const frameworkInfo = (name: string, capabilities: string[], id = ''): v1.FrameworkInfo__Output =>
    ({
      name,
      roles: ['eng'],
      capabilities,
      failoverTimeoutSeconds: 60,
      id: id === '' ? null : { value: id },
    }) as unknown as v1.FrameworkInfo__Output;
  /** Offers `text` of the old agent to the framework and launches one task on all of it. */
  const launch = async (frameworkId: string, link: Recorder<v1.Event>, taskId: string, text: string) => {
    master.offer(
      allocationsFromProto([
        {
          frameworkId: { value: frameworkId },
          agentId: { value: oldAgent.id },
          role: 'eng',
          resources: resources(text),
        },
      ]),
    );
    const offerId = link.sent.flatMap((e) => e.offers?.offers ?? []).at(-1)?.id ?? { value: '' };
    await master.accept(
      acceptFromProto({
        frameworkId: { value: frameworkId },
        offerIds: [offerId],
        operations: [
          {
            launch: {
              taskInfos: [
                {
                  name: taskId,
                  taskId: { value: taskId },
                  resources: resources(text),
                  command: { shell: true, value: 'sleep 100', arguments: [] },
                  labels: [],
                },
              ],
            },
          },
        ],
        filters: null,
      } as unknown as v1.AcceptRequest__Output),
    );
  };
  const updates = (link: Recorder<v1.Event>) => link.sent.flatMap((e) => (e.update?.status ? [e.update.status] : []));
  const reconcileOne = (on: Master, frameworkId: string, taskId: string) =>
    on
      .reconcile(
        frameworkId,
        reconcileTasksFromProto({
          frameworkId: { value: frameworkId },
          tasks: [{ taskId: { value: taskId }, agentId: { value: oldAgent.id } }],
        } as unknown as v1.ReconcileRequest__Output),
      )
      .map(statusToProto);

  beforeEach(async () => {
    store = createMemoryStore();
    ({ master, requests, facts } = newMaster(store));
    oldAgentLink = new Recorder();
    oldAgent = await register(master, 'boot-1', null, oldAgentLink);
    awareLink = new Recorder();
    legacyLink = new Recorder();
    awareId = await master.subscribe(
      subscribeFromProto({ frameworkInfo: frameworkInfo('aware', ['PARTITION_AWARE']), suppressedRoles: [] }, '')!,
      awareLink as FrameworkConnection,
    );
    legacyId = await master.subscribe(
      subscribeFromProto({ frameworkInfo: frameworkInfo('legacy', []), suppressedRoles: [] }, '')!,
      legacyLink as FrameworkConnection,
    );
    await launch(awareId, awareLink, 'aware-task', 'cpus:1;mem:128');
    await launch(legacyId, legacyLink, 'legacy-task', 'cpus:1;mem:128');
    // An offer still outstanding on the old agent when it is replaced.
    master.offer(
      allocationsFromProto([
        {
          frameworkId: { value: awareId },
          agentId: { value: oldAgent.id },
          role: 'eng',
          resources: resources('cpus:1'),
        },
      ]),
    );
    requests.length = 0;
    facts.subjects.length = 0;
  });

  afterEach(() => master.close());

  it('marks the previous agent gone and registers the new boot under a new ID', async () => {
    const newAgent = await register(master, 'boot-2', oldAgent.id);

    expect(newAgent.id).not.toBe(oldAgent.id);
    expect(newAgent.status).toBe('ACTIVE');
    expect(master.agents.get(oldAgent.id)?.status).toBe('GONE');
    // Master-generated updates: no uuid, so nothing to acknowledge.
    expect(updates(awareLink)).toEqual([
      expect.objectContaining({
        taskId: { value: 'aware-task' },
        state: 'TASK_GONE',
        reason: 'REASON_AGENT_RESTARTED',
        source: 'SOURCE_MASTER',
        uuid: '',
      }),
    ]);
    expect(updates(legacyLink)).toEqual([
      expect.objectContaining({
        taskId: { value: 'legacy-task' },
        state: 'TASK_LOST',
        reason: 'REASON_AGENT_RESTARTED',
        source: 'SOURCE_MASTER',
        uuid: '',
      }),
    ]);
    // The outstanding offer is rescinded, the allocator forgets the old agent and learns the new one.
    expect(awareLink.sent.filter((e) => e.rescind)).toHaveLength(1);
    expect(master.offers.size).toBe(0);
    expect(requests.filter((r) => r.agentRemoved).map((r) => r.agentRemoved?.agentId?.value)).toEqual([oldAgent.id]);
    expect(requests.filter((r) => r.agentAdded).map((r) => r.agentAdded?.id?.value)).toEqual([newAgent.id]);
    // The old stream, were it still open, is refused.
    expect(oldAgentLink.sent.filter((m) => m.refused)).toHaveLength(1);
    expect(oldAgentLink.closed).toBe(true);
    expect(facts.subjects).toEqual(
      expect.arrayContaining(['tessera.agent.removed', 'tessera.task.updated', 'tessera.agent.added']),
    );
    // Reconciliation answers TASK_GONE (TASK_LOST for frameworks that are not partition-aware).
    expect(reconcileOne(master, awareId, 'aware-task')).toEqual([expect.objectContaining({ state: 'TASK_GONE' })]);
    expect(reconcileOne(master, legacyId, 'legacy-task')).toEqual([expect.objectContaining({ state: 'TASK_LOST' })]);
    // The old agent cannot come back, nor be drained.
    await expect(reregisterOldAgent(master)).rejects.toThrow(AgentGoneError);
    expect(() => master.drainAgent(oldAgent.id, undefined)).toThrow(AgentGoneError);
  });

  it('persists the gone agent: a master recovering from the same store still knows it is gone', async () => {
    await register(master, 'boot-2', oldAgent.id);
    master.close();

    const restarted = newMaster(store);
    restarted.master.recover(await restarted.registry.load());
    expect(restarted.master.agents.get(oldAgent.id)?.status).toBe('GONE');
    await restarted.master.subscribe(
      subscribeFromProto(
        { frameworkInfo: frameworkInfo('aware', ['PARTITION_AWARE'], awareId), suppressedRoles: [] },
        '',
      )!,
      new Recorder<v1.Event>() as FrameworkConnection,
    );
    expect(reconcileOne(restarted.master, awareId, 'aware-task')).toEqual([
      expect.objectContaining({ state: 'TASK_GONE' }),
    ]);
    // A task the restarted master does not know, on the gone agent, is gone too.
    expect(reconcileOne(restarted.master, awareId, 'never-launched')).toEqual([
      expect.objectContaining({ state: 'TASK_GONE' }),
    ]);
    await expect(reregisterOldAgent(restarted.master)).rejects.toThrow(AgentGoneError);
    restarted.master.close();
  });

  it.each([
    ['an unknown agent', () => Promise.resolve('no-such-agent'), 'h'],
    [
      'an agent already gone (a retried Register)',
      async () => {
        await register(master, 'boot-2', oldAgent.id);
        requests.length = 0;
        facts.subjects.length = 0;
        return oldAgent.id;
      },
      'h',
    ],
    // A machine speaks only for its own previous boot.
    ['an agent of another host', () => Promise.resolve(oldAgent.id), 'another-host'],
  ])(
    'registers normally and changes nothing else when previous_agent_id names %s',
    async (_label, prepare, hostname) => {
      const previousId = await prepare();
      const sentBefore = {
        aware: awareLink.sent.length,
        legacy: legacyLink.sent.length,
        agent: oldAgentLink.sent.length,
      };
      const statusBefore = master.agents.get(oldAgent.id)?.status;

      const newAgent = await register(master, 'boot-3', previousId, new Recorder<v1.MasterMessage>(), hostname);

      expect(newAgent.status).toBe('ACTIVE');
      expect(master.agents.get(oldAgent.id)?.status).toBe(statusBefore);
      expect(awareLink.sent).toHaveLength(sentBefore.aware);
      expect(legacyLink.sent).toHaveLength(sentBefore.legacy);
      expect(oldAgentLink.sent).toHaveLength(sentBefore.agent);
      expect(requests.map((r) => Object.keys(r))).toEqual([['agentAdded']]);
      expect(facts.subjects).toEqual(['tessera.agent.added']);
    },
  );
});
