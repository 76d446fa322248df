import { parseResources } from '@tessera/domain';
import { resourcesToProto, type v1 } from '@tessera/proto';
import { createLogger } from '@tessera/runtime';
import { createMemoryStore } from '@tessera/store';
import { createMemoryBus } from '@tessera/bus';
import { beforeEach, describe, expect, it } from 'vitest';
import { FactPublisher } from '../src/facts.js';
import { Master, type AgentConnection, type AgentRecord, type FrameworkConnection } from '../src/master.js';
import { RegistryStore } from '../src/persistence.js';

const logger = createLogger('test', { level: 'silent' });

class Recorder<T> {
  readonly sent: T[] = [];
  closed = false;
  send = (message: T) => void this.sent.push(message);
  close = () => void (this.closed = true);
}

function newMaster() {
  const requests: v1.AllocatorRequest[] = [];
  const master = new Master({
    info: { id: 'test-master', endpoint: '127.0.0.1:0' },
    registry: new RegistryStore(createMemoryStore(), () => undefined),
    facts: new FactPublisher(createMemoryBus(), logger),
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
  return { master, requests };
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
      },
      agentLink as AgentConnection,
    );
    frameworkLink = new Recorder();
    frameworkId = await master.subscribe(
      {
        frameworkInfo: {
          name: 'f',
          roles: ['eng'],
          capabilities: ['REVOCABLE_RESOURCES'],
          failoverTimeoutSeconds: 60,
        } as v1.FrameworkInfo__Output,
        suppressedRoles: [],
      },
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
    master.offer([allocation(frameworkId, agent.id, 'cpus:1;mem:128')]);
    expect(offersSent()).toHaveLength(1);
  });

  it.each([
    ['an unknown agent', () => allocation(frameworkId, 'gone-agent', 'cpus:1')],
    ['an unknown framework', () => allocation('gone-framework', agent.id, 'cpus:1')],
    ['more than the agent has free', () => allocation(frameworkId, agent.id, 'cpus:5')],
  ])('hands back a stale allocation for %s, never offering it', (_label, make) => {
    const stale = make();
    master.offer([stale]);
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
    master.offer([
      { ...allocation(frameworkId, agent.id, 'cpus:2;mem:256'), resources: [...resources('cpus:2;mem:256'), ...lent] },
    ]);
    const [offer] = offersSent();
    const task = (id: string, list: v1.Resource[]): v1.TaskInfo__Output =>
      ({
        name: id,
        taskId: { value: id },
        resources: list,
        command: { shell: true, value: 'sleep 1', arguments: [], uris: [], user: '', environment: null },
        labels: [],
      }) as unknown as v1.TaskInfo__Output;
    await master.accept({
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
    } as unknown as v1.AcceptRequest__Output);
    master.revoke([
      {
        frameworkId: { value: frameworkId },
        agentId: { value: agent.id },
        role: 'eng',
        resources: lent,
        reason: 'owner',
      },
    ]);
    const kills = agentLink.sent.filter((m) => m.killTask).map((m) => m.killTask);
    expect(kills).toEqual([expect.objectContaining({ taskId: { value: 'borrowed' }, reason: 'REASON_PREEMPTED' })]);
    // A second revocation of the same resources kills nothing more.
    master.revoke([
      {
        frameworkId: { value: frameworkId },
        agentId: { value: agent.id },
        role: 'eng',
        resources: lent,
        reason: 'owner',
      },
    ]);
    expect(agentLink.sent.filter((m) => m.killTask)).toHaveLength(1);
  });
});
