import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { createMemoryBus, type BusMessage } from '@tessera/bus';
import { parseResources } from '@tessera/domain';
import { decodeMessage, resourcesToProto, tesseraGrpc, type v1 } from '@tessera/proto';
import { createGrpcClient, createLogger } from '@tessera/runtime';
import { createMemoryStore } from '@tessera/store';
import { freePort, waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticationRequired } from '../src/auth.js';
import { masterConfigSchema, startMaster, type MasterConfig, type RunningMaster } from '../src/index.js';
import type { Master } from '../src/master.js';

const logger = createLogger('test', { level: 'silent' });
const v1grpc = tesseraGrpc().tessera.v1;

const CREDENTIALS = `
credentials:
  - { principal: ops, secret: ops-secret, kind: operator }
  - { principal: alice, secret: alice-secret, kind: framework }
  - { principal: bob, secret: bob-secret, kind: framework }
  - { principal: node-1, secret: node-1-secret, kind: agent }
  - { principal: node-2, secret: node-2-secret, kind: agent }
`;
const ACLS = `
permissive: false
register_frameworks:
  - principals: { values: [alice, bob] }
    roles: { values: [team-a, team-b] }
register_agents:
  - principals: { type: ANY }
    agents: { values: [h1, h2, h3] }
run_tasks:
  - principals: { type: NONE }
    users: { values: [root] }
  - principals: { values: [alice, bob] }
    users: { type: ANY }
set_quotas:
  - principals: { values: [ops] }
    roles: { type: ANY }
  - principals: { values: [alice] }
    roles: { values: [team-a] }
reserve_resources:
  - principals: { values: [ops] }
    roles: { type: ANY }
unreserve_resources:
  - principals: { values: [ops] }
    reserver_principals: { type: ANY }
  - principals: { values: [alice] }
    reserver_principals: { values: [alice] }
view_frameworks:
  - principals: { values: [ops] }
    framework_principals: { type: ANY }
  - principals: { values: [alice] }
    framework_principals: { values: [alice] }
view_tasks:
  - principals: { values: [ops] }
    framework_principals: { type: ANY }
teardown_frameworks:
  - principals: { values: [ops] }
    framework_principals: { type: ANY }
kill_tasks:
  - principals: { values: [ops] }
    framework_principals: { type: ANY }
`;

const bearer = (secret: string | undefined, streamId?: string): grpc.Metadata => {
  const metadata = new grpc.Metadata();
  if (secret !== undefined) metadata.set('authorization', `Bearer ${secret}`);
  if (streamId !== undefined) metadata.set('tessera-stream-id', streamId);
  return metadata;
};

type Callback<T> = (error: grpc.ServiceError | null, response: T) => void;
type UnaryMethod<Req, Res> = (request: Req, metadata: grpc.Metadata, callback: Callback<Res>) => unknown;

/** A unary call's answer, or its error. */
function unary<Req, Res>(
  client: grpc.Client,
  method: string,
  request: Req,
  secret?: string,
  streamId?: string,
): Promise<Res> {
  const fn = (client as unknown as Record<string, UnaryMethod<Req, Res>>)[method]!.bind(client);
  return new Promise((resolve, reject) =>
    fn(request, bearer(secret, streamId), (error, response) => (error ? reject(error) : resolve(response))),
  );
}

function refusal(promise: Promise<unknown>): Promise<grpc.ServiceError> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: grpc.ServiceError) => error,
  );
}

interface Subscribed {
  frameworkId: string;
  streamId: string;
  stream: grpc.ClientReadableStream<v1.Event__Output>;
}

/** Subscribes; resolves with SUBSCRIBED, rejects with the stream's error. */
function subscribe(
  scheduler: grpc.Client,
  secret: string | undefined,
  info: Partial<v1.FrameworkInfo>,
): Promise<Subscribed> {
  const stream = (
    scheduler as unknown as {
      Subscribe(request: v1.SubscribeRequest, metadata: grpc.Metadata): grpc.ClientReadableStream<v1.Event__Output>;
    }
  ).Subscribe({ frameworkInfo: { name: 'f', user: 'u', roles: ['team-a'], ...info } }, bearer(secret));
  return new Promise((resolve, reject) => {
    stream.on('data', (event: v1.Event__Output) => {
      if (event.subscribed)
        resolve({
          frameworkId: event.subscribed.frameworkId?.value ?? '',
          streamId: event.subscribed.streamId,
          stream,
        });
    });
    stream.on('error', reject);
  });
}

/** Opens an agent stream, sends `message`, and resolves with the master's first answer (or the stream's error). */
function agentSays(
  registry: grpc.Client,
  secret: string | undefined,
  message: v1.AgentMessage,
): Promise<{
  answer: v1.MasterMessage__Output;
  stream: grpc.ClientDuplexStream<v1.AgentMessage, v1.MasterMessage__Output>;
}> {
  const stream = (
    registry as unknown as {
      Connect(metadata: grpc.Metadata): grpc.ClientDuplexStream<v1.AgentMessage, v1.MasterMessage__Output>;
    }
  ).Connect(bearer(secret));
  return new Promise((resolve, reject) => {
    stream.once('data', (answer: v1.MasterMessage__Output) => resolve({ answer, stream }));
    stream.on('error', reject);
    stream.write(message);
  });
}

const agentInfo = (hostname: string, id?: string): v1.AgentInfo => ({
  hostname,
  resources: resourcesToProto(parseResources('cpus:4;mem:1024')),
  bootId: `${hostname}-boot`,
  ...(id !== undefined ? { id: { value: id } } : {}),
});

describe('the master with --credentials and --acls', () => {
  let running: RunningMaster;
  let master: Master;
  let auditFile: string;
  const facts: BusMessage[] = [];
  let scheduler: grpc.Client;
  let operator: grpc.Client;
  let registry: grpc.Client;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'master-auth-'));
    writeFileSync(join(dir, 'credentials.yaml'), CREDENTIALS);
    writeFileSync(join(dir, 'acls.yaml'), ACLS);
    auditFile = join(dir, 'audit.log');
    const bus = createMemoryBus();
    bus.subscribe('tessera.audit.>', (message) => void facts.push(message));
    const config = masterConfigSchema.parse({
      port: 0,
      httpPort: 0,
      allocator: `127.0.0.1:${await freePort()}`,
      credentials: join(dir, 'credentials.yaml'),
      acls: join(dir, 'acls.yaml'),
      auditLog: auditFile,
      logLevel: 'silent',
    });
    running = await startMaster(config, { store: createMemoryStore(), bus, logger, onDeposed: () => undefined });
    master = await running.elected;
    scheduler = createGrpcClient(v1grpc.Scheduler, running.address) as unknown as grpc.Client;
    operator = createGrpcClient(v1grpc.Operator, running.address) as unknown as grpc.Client;
    registry = createGrpcClient(v1grpc.AgentRegistry, running.address) as unknown as grpc.Client;
  });
  afterAll(async () => {
    scheduler.close();
    operator.close();
    registry.close();
    await running.stop();
  });

  const auditLines = (): { principal: string; action: string; allowed: boolean; rule: string; outcome?: string }[] =>
    readFileSync(auditFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { principal: string; action: string; allowed: boolean; rule: string });

  it('refuses anonymous callers and wrong secrets UNAUTHENTICATED, on unary calls and streams', async () => {
    const anonymous = await refusal(unary(operator, 'GetState', {}));
    expect(anonymous.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(anonymous.details).toMatch(/requires authentication/);
    const wrong = await refusal(unary(operator, 'GetState', {}, 'not-a-secret'));
    expect(wrong.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(wrong.details).not.toContain('not-a-secret');
    const stream = await refusal(subscribe(scheduler, undefined, {}));
    expect(stream.code).toBe(grpc.status.UNAUTHENTICATED);
    const agent = await refusal(agentSays(registry, undefined, { register: { agentInfo: agentInfo('h1') } }));
    expect(agent.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(master.agents.size).toBe(0);
    await waitFor(() => auditLines().some((r) => r.action === 'authenticate' && !r.allowed), {
      what: 'the refusals to be audited',
    });
  });

  it("binds a framework to its subscriber's principal: another principal can neither take over its session nor call for it", async () => {
    const alice = await subscribe(scheduler, 'alice-secret', {});
    expect(master.frameworks.get(alice.frameworkId)?.info.principal).toBe('alice');

    // bob subscribes with alice's framework ID: refused, and alice's session stays.
    const takeover = await refusal(subscribe(scheduler, 'bob-secret', { id: { value: alice.frameworkId } }));
    expect(takeover.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(takeover.details).toMatch(/"bob".*"alice"/);
    expect(master.frameworks.get(alice.frameworkId)?.connection).toBeDefined();

    // bob calls for alice's framework, even with her stream ID: refused before the stream ID is looked at.
    const metadataSecret = 'bob-secret';
    const call = await refusal(
      unary(scheduler, 'Revive', { frameworkId: { value: alice.frameworkId }, roles: [] }, metadataSecret),
    );
    expect(call.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(call.details).toMatch(/"bob" may not call Revive for framework/);

    // A FrameworkInfo claiming another principal is refused.
    const claimed = await refusal(subscribe(scheduler, 'bob-secret', { principal: 'alice' }));
    expect(claimed.code).toBe(grpc.status.PERMISSION_DENIED);

    // alice herself may re-subscribe (failover of her own scheduler).
    const again = await subscribe(scheduler, 'alice-secret', { id: { value: alice.frameworkId } });
    expect(again.frameworkId).toBe(alice.frameworkId);
    alice.stream.cancel();
    again.stream.cancel();

    const refusedBob = (action: string) => () =>
      auditLines().some((r) => !r.allowed && r.action === action && r.principal === 'bob');
    await waitFor(refusedBob('subscribe_framework'), { what: 'the refused take-over to be audited' });
    await waitFor(refusedBob('act_for_framework'), { what: 'the refused call to be audited' });
    await waitFor(() => facts.some((f) => f.subject === 'tessera.audit.subscribe_framework'), {
      what: 'the refusal published as a fact',
    });
    const fact = facts.find((f) => f.subject === 'tessera.audit.subscribe_framework')!;
    expect(decodeMessage<v1.AuditRecord__Output>('tessera.v1.AuditRecord', fact.data)).toMatchObject({
      service: 'master',
      principal: 'bob',
      allowed: false,
    });
  });

  it('authorises Subscribe by register_frameworks on each role, saying which principal, action and ACL refused', async () => {
    const refused = await refusal(subscribe(scheduler, 'alice-secret', { roles: ['team-a', 'prod'] }));
    expect(refused.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(refused.details).toMatch(
      /^principal "alice" may not register_frameworks "prod": refused by .*acls\.yaml: no register_frameworks rule matched/,
    );
    expect([...master.frameworks.values()].some((f) => f.info.roles.includes('prod'))).toBe(false);
  });

  it('requires an agent identity to register, authorises the host name, and binds the agent ID to its principal', async () => {
    // An operator credential is not an agent.
    const notAgent = await agentSays(registry, 'ops-secret', { register: { agentInfo: agentInfo('h1') } });
    expect(notAgent.answer.refused?.message).toMatch(/"ops" is not an agent/);
    // A host name register_agents does not allow.
    const badHost = await agentSays(registry, 'node-1-secret', { register: { agentInfo: agentInfo('h9') } });
    expect(badHost.answer.refused?.message).toMatch(/principal "node-1" may not register_agents "h9"/);
    expect(master.agents.size).toBe(0);

    const first = await agentSays(registry, 'node-1-secret', { register: { agentInfo: agentInfo('h1') } });
    const agentId = first.answer.registered?.agentId?.value ?? '';
    expect(master.agents.get(agentId)?.principal).toBe('node-1');
    const before = master.agentView(master.agents.get(agentId)!);

    // node-2 re-registers with node-1's agent ID (reporting no tasks, so that they would be dropped): refused.
    const impostor = await agentSays(registry, 'node-2-secret', {
      reregister: { agentInfo: agentInfo('h1', agentId), tasks: [] },
    });
    expect(impostor.answer.refused?.message).toMatch(
      /"node-2" may not re-register agent .*registered by principal "node-1"/,
    );
    expect(master.agentView(master.agents.get(agentId)!)).toEqual(before);
    // Nor may it declare node-1's agent gone by naming it as its previous boot.
    const reboot = await agentSays(registry, 'node-2-secret', {
      register: { agentInfo: agentInfo('h1'), previousAgentId: { value: agentId } },
    });
    expect(reboot.answer.registered).toBeTruthy();
    expect(master.agents.get(agentId)?.status).toBe('ACTIVE');
    await waitFor(() => auditLines().some((r) => r.action === 'reregister_agent' && r.principal === 'node-2'), {
      what: 'the refused re-registration to be audited',
    });
    for (const s of [notAgent, badHost, first, impostor, reboot]) s.stream.end();
  });

  it('authorises operator actions by ACL, changes nothing on a refusal, and audits each with its outcome', async () => {
    const quota = (role: string) => ({
      quota: { role, guarantee: resourcesToProto(parseResources('cpus:1')), limit: [] },
    });
    await unary(operator, 'SetQuota', quota('team-a'), 'alice-secret');
    expect(master.quotas.has('team-a')).toBe(true);
    const refused = await refusal(unary(operator, 'SetQuota', quota('prod'), 'alice-secret'));
    expect(refused.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(refused.details).toMatch(/^principal "alice" may not set_quotas "prod": refused by /);
    expect(master.quotas.has('prod')).toBe(false);
    await unary(operator, 'SetQuota', quota('prod'), 'ops-secret');
    expect(master.quotas.has('prod')).toBe(true);
    await waitFor(() => auditLines().filter((r) => r.action === 'set_quotas').length === 3, {
      what: 'the quota changes to be audited',
    });
    const records = auditLines().filter((r) => r.action === 'set_quotas');
    expect(records.map((r) => [r.principal, r.allowed, r.outcome])).toEqual([
      ['alice', true, 'ok'],
      ['alice', false, undefined],
      ['ops', true, 'ok'],
    ]);
  });

  it('filters reads by view_frameworks and view_tasks, and tears down or kills for others only by ACL', async () => {
    const alice = await subscribe(scheduler, 'alice-secret', { name: 'a' });
    const bob = await subscribe(scheduler, 'bob-secret', { name: 'b', roles: ['team-b'] });
    const seen = async (secret: string) =>
      (await unary<object, v1.GetFrameworksResponse__Output>(operator, 'GetFrameworks', {}, secret)).frameworks.map(
        (f) => f.info?.id?.value,
      );
    expect(await seen('ops-secret')).toEqual(expect.arrayContaining([alice.frameworkId, bob.frameworkId]));
    const aliceSees = await seen('alice-secret');
    expect(aliceSees).toContain(alice.frameworkId);
    expect(aliceSees).not.toContain(bob.frameworkId);
    expect(await seen('bob-secret')).toEqual([]);

    const teardown = await refusal(
      unary(operator, 'TeardownFramework', { frameworkId: { value: bob.frameworkId } }, 'alice-secret'),
    );
    expect(teardown.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(teardown.details).toMatch(/^principal "alice" may not teardown_frameworks "bob"/);
    expect(master.frameworks.has(bob.frameworkId)).toBe(true);
    const kill = await refusal(
      unary(operator, 'KillTask', { frameworkId: { value: bob.frameworkId }, taskId: { value: 't' } }, 'alice-secret'),
    );
    expect(kill.details).toMatch(/^principal "alice" may not kill_tasks "bob"/);

    await unary(operator, 'TeardownFramework', { frameworkId: { value: bob.frameworkId } }, 'ops-secret');
    expect(master.frameworks.has(bob.frameworkId)).toBe(false);
    // The audit line is written after the answer: wait for it.
    await waitFor(() => auditLines().filter((r) => r.action === 'teardown_frameworks').length === 2, {
      what: 'the teardown to be audited',
    });
    const teardowns = auditLines().filter((r) => r.action === 'teardown_frameworks');
    expect(teardowns.map((r) => [r.principal, r.allowed])).toEqual([
      ['alice', false],
      ['ops', true],
    ]);
    alice.stream.cancel();
    bob.stream.cancel();
  });

  it('authorises Accept by run_tasks on each task user, refusing it whole with nothing launched', async () => {
    const agent = await agentSays(registry, 'node-1-secret', { register: { agentInfo: agentInfo('h3') } });
    const agentId = agent.answer.registered?.agentId?.value ?? '';
    const alice = await subscribe(scheduler, 'alice-secret', { name: 'runner' });
    const offerIds: string[] = [];
    alice.stream.on('data', (event: v1.Event__Output) => {
      for (const offer of event.offers?.offers ?? []) offerIds.push(offer.id?.value ?? '');
    });
    const offer = async (): Promise<string> => {
      const before = offerIds.length;
      master.offer([
        { frameworkId: alice.frameworkId, agentId, role: 'team-a', resources: parseResources('cpus:2;mem:512') },
      ]);
      return waitFor(() => offerIds.length > before && offerIds.at(-1), { what: 'an offer' });
    };
    const accept = (offerId: string, users: string[]) =>
      unary(
        scheduler,
        'Accept',
        {
          frameworkId: { value: alice.frameworkId },
          offerIds: [{ value: offerId }],
          operations: [
            {
              launch: {
                taskInfos: users.map((user, index) => ({
                  name: `t${index}`,
                  taskId: { value: `${user || 'default'}-${index}` },
                  resources: resourcesToProto(parseResources('cpus:0.1;mem:32')),
                  command: { shell: true, value: 'true', user },
                })),
              },
            },
          ],
        },
        'alice-secret',
        alice.streamId,
      );

    const first = await offer();
    // One task as root among allowed ones: the whole Accept is refused, nothing is launched.
    const refused = await refusal(accept(first, ['', 'root']));
    expect(refused.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(refused.details).toMatch(/^principal "alice" may not run_tasks "root": refused by .*run_tasks\[0\]/);
    expect([...master.tasks.values()].filter((t) => t.frameworkId === alice.frameworkId)).toEqual([]);

    // The framework's own user (FrameworkInfo.user "u") and another user are allowed.
    const second = master.offers.has(first) ? first : await offer();
    await accept(second, ['', 'nobody']);
    expect([...master.tasks.values()].filter((t) => t.frameworkId === alice.frameworkId)).toHaveLength(2);
    alice.stream.cancel();
    agent.stream.end();
  });

  it("records the operator's principal on a reservation and authorises unreserving it by that principal", async () => {
    const agent = await agentSays(registry, 'node-1-secret', { register: { agentInfo: agentInfo('h2') } });
    const agentId = agent.answer.registered?.agentId?.value ?? '';
    const dynamic = (principal?: string): v1.Resource[] =>
      resourcesToProto(parseResources('cpus(eng):1')).map((r) => ({
        ...r,
        reservation: { type: 'DYNAMIC', role: 'eng', ...(principal !== undefined ? { principal } : {}) },
      }));
    const reservedBy = () =>
      master.agents
        .get(agentId)!
        .total.filter((r) => r.reservation?.type === 'dynamic')
        .map((r) => r.reservation?.principal);
    // The request claims "alice"; the reservation records who made it.
    await unary(
      operator,
      'ReserveResources',
      { agentId: { value: agentId }, resources: dynamic('alice') },
      'ops-secret',
    );
    expect(reservedBy()).toEqual(['ops']);
    const refused = await refusal(
      unary(operator, 'UnreserveResources', { agentId: { value: agentId }, resources: dynamic('ops') }, 'alice-secret'),
    );
    expect(refused.details).toMatch(/^principal "alice" may not unreserve_resources "ops"/);
    expect(reservedBy()).toEqual(['ops']);
    // Naming no principal unreserves the caller's own.
    await unary(operator, 'UnreserveResources', { agentId: { value: agentId }, resources: dynamic() }, 'ops-secret');
    expect(reservedBy()).toEqual([]);
    agent.stream.end();
  });
});

describe("the master's authentication policy", () => {
  const base = masterConfigSchema.parse({});
  it.each<[string, Partial<MasterConfig> & { tlsCert?: string }, boolean]>([
    ['no flags: anonymous allowed (dev)', {}, false],
    ['--credentials', { credentials: 'c.yaml' }, true],
    ['--acls', { acls: 'a.yaml' }, true],
    ['TLS', { tlsCert: 'cert.pem' }, true],
  ])('%s', (_what, settings, required) => {
    expect(authenticationRequired({ ...base, ...settings })).toBe(required);
  });
});
