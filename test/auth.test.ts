/*
 * Every attack of issue 11's list, against a real cluster (Redis, NATS, allocator, master and agent as their own
 * processes) run with `--credentials`, `--acls` and `--audit-log`: each is refused, says who was refused what by
 * which rule, and changes nothing. The in-process tests (services/master/test/auth.test.ts, the agent's and the
 * frameworks') cover each check's details; this one shows that the processes wire them together.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import {
  agentClient,
  call,
  operatorClient,
  schedulerClient,
  STREAM_ID_METADATA,
  type ClientOptions,
} from '@tessera/client';
import { parseResources } from '@tessera/domain';
import { resourcesToProto, tesseraGrpc, type v1 } from '@tessera/proto';
import { createGrpcClient } from '@tessera/runtime';
import { waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';
import { TestFramework } from './support/framework.js';
import { MarathonProcess } from './support/marathon.js';

const CREDENTIALS = `
credentials:
  - { principal: ops, secret: ops-secret, kind: operator }
  - { principal: team-a, secret: team-a-secret, kind: framework }
  - { principal: mallory, secret: mallory-secret, kind: framework }
  - { principal: agent-1, secret: agent-1-secret, kind: agent }
  - { principal: rogue, secret: rogue-secret, kind: agent }
  - { principal: marathon, secret: marathon-secret, kind: marathon }
`;
/** team-a and mallory are both legitimate frameworks; mallory tries everything against team-a. rogue is a real agent credential, for another machine. */
const ACLS = `
permissive: false
register_frameworks:
  - { principals: { values: [team-a] }, roles: { values: [team-a] } }
  - { principals: { values: [mallory] }, roles: { values: [mallory] } }
  - { principals: { values: [marathon] }, roles: { values: [marathon] } }
run_tasks:
  - { principals: { type: NONE }, users: { values: [root] } }
  - { principals: { values: [team-a, mallory, marathon] }, users: { type: ANY } }
register_agents:
  - { principals: { values: [agent-1] }, agents: { values: [node-1] } }
  - { principals: { values: [rogue] }, agents: { values: [node-9] } }
teardown_frameworks:
  - { principals: { values: [ops] }, framework_principals: { type: ANY } }
kill_tasks:
  - { principals: { values: [ops] }, framework_principals: { type: ANY } }
set_quotas:
  - { principals: { values: [ops] }, roles: { type: ANY } }
update_weights:
  - { principals: { values: [ops] }, roles: { type: ANY } }
reserve_resources:
  - { principals: { values: [ops] }, roles: { type: ANY } }
drain_agents:
  - { principals: { values: [ops] }, agents: { type: ANY } }
view_frameworks:
  - { principals: { values: [ops] }, framework_principals: { type: ANY } }
  - { principals: { values: [team-a] }, framework_principals: { values: [team-a] } }
  - { principals: { values: [mallory] }, framework_principals: { values: [mallory] } }
view_tasks:
  - { principals: { values: [ops] }, framework_principals: { type: ANY } }
  - { principals: { values: [team-a] }, framework_principals: { values: [team-a] } }
  - { principals: { values: [mallory] }, framework_principals: { values: [mallory] } }
view_apps:
  - { principals: { values: [ops] }, apps: { values: [/] } }
change_apps:
  - { principals: { values: [ops] }, apps: { values: [/] } }
view_sandboxes:
  - { principals: { values: [ops] }, framework_principals: { type: ANY } }
  - { principals: { values: [team-a] }, framework_principals: { values: [team-a] } }
`;

const v1grpc = tesseraGrpc().tessera.v1;
const as = (secret: string): ClientOptions => ({ token: secret });

/** The error a call ends with (the test fails if it succeeds). */
async function refusal(promise: Promise<unknown>): Promise<grpc.ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as grpc.ServiceError;
  }
  throw new Error('the call succeeded');
}

function withStreamId(streamId: string): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set(STREAM_ID_METADATA, streamId);
  return metadata;
}

/** An agent stream authenticated by `secret`: sends `first` and resolves with the master's first answer. */
function agentStream(
  address: string,
  secret: string,
  first: v1.AgentMessage,
): Promise<{
  answer: v1.MasterMessage__Output;
  stream: grpc.ClientDuplexStream<v1.AgentMessage, v1.MasterMessage__Output>;
  close(): void;
}> {
  const client = createGrpcClient(v1grpc.AgentRegistry, address);
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${secret}`);
  const stream = client.Connect(metadata) as grpc.ClientDuplexStream<v1.AgentMessage, v1.MasterMessage__Output>;
  return new Promise((resolve, reject) => {
    stream.once('data', (answer: v1.MasterMessage__Output) =>
      resolve({
        answer,
        stream,
        close: () => {
          stream.end();
          client.close();
        },
      }),
    );
    stream.on('error', reject);
    stream.write(first);
  });
}

const agentInfo = (hostname: string, id?: string): v1.AgentInfo => ({
  hostname,
  resources: resourcesToProto(parseResources('cpus:1;mem:256')),
  bootId: `${hostname}-boot`,
  ...(id === undefined ? {} : { id: { value: id } }),
});

describe('a cluster with credentials and ACLs, attacked by a framework of its own', () => {
  let dir = '';
  let cluster: Cluster | undefined;
  let teamA: TestFramework;
  let mallory: TestFramework;
  let auditFile = '';
  let credentialsFile = '';
  let aclsFile = '';
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text, { mode: 0o600 });
    return join(dir, name);
  };
  const TASK = 'team-a-task';

  const running = (): Cluster => {
    if (cluster === undefined) throw new Error('no cluster');
    return cluster;
  };
  /** The task as the operator sees it. */
  const taskAsOps = async (): Promise<v1.TaskRecord__Output | undefined> => {
    const client = operatorClient(running().masterAddress, as('ops-secret'));
    try {
      const response = await call<v1.GetTasksRequest, v1.GetTasksResponse__Output>(client.GetTasks.bind(client), {});
      return response.tasks.find((t) => t.task?.taskId?.value === TASK);
    } finally {
      client.close();
    }
  };
  const auditLines = (): { principal: string; action: string; allowed: boolean; rule: string }[] =>
    readFileSync(auditFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { principal: string; action: string; allowed: boolean; rule: string });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-auth-'));
    const credentials = (credentialsFile = file('credentials.yaml', CREDENTIALS));
    const acls = (aclsFile = file('acls.yaml', ACLS));
    auditFile = join(dir, 'audit.log');
    cluster = await Cluster.start({
      masterFlags: ['--credentials', credentials, '--acls', acls, '--audit-log', auditFile],
      agents: [{ hostname: 'node-1' }],
      agentFlags: [
        '--master-secret-file',
        file('agent-1.secret', 'agent-1-secret\n'),
        '--credentials',
        credentials,
        '--acls',
        acls,
      ],
      clientOptions: as('ops-secret'),
    });
    teamA = await TestFramework.subscribe(
      cluster.masterAddress,
      { name: 'team-a', roles: ['team-a'] },
      as('team-a-secret'),
    );
    mallory = await TestFramework.subscribe(
      cluster.masterAddress,
      { name: 'mallory', roles: ['mallory'] },
      as('mallory-secret'),
    );
    await teamA.launch(TASK, { shell: true, value: 'echo team-a-private-data > private.txt && exec sleep 600' });
    await teamA.waitForState(TASK, 'TASK_RUNNING');
  }, 120_000);

  afterAll(async () => {
    teamA?.close();
    mallory?.close();
    await cluster?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('refuses anonymous callers and wrong secrets on every door: master, agent gRPC, agent HTTP', async () => {
    const master = running().masterAddress;
    for (const options of [{}, as('not-a-secret')]) {
      const operator = operatorClient(master, options);
      const agent = agentClient(running().agentAddress, options);
      try {
        expect(await refusal(call(operator.GetFrameworks.bind(operator), {}))).toMatchObject({
          code: grpc.status.UNAUTHENTICATED,
        });
        expect(await refusal(call(agent.GetTasks.bind(agent), {}))).toMatchObject({
          code: grpc.status.UNAUTHENTICATED,
        });
      } finally {
        operator.close();
        agent.close();
      }
    }
    const files = await fetch(
      `http://127.0.0.1:${running().agent.httpPort}/files/read?task_id=${TASK}&path=private.txt`,
    );
    expect(files.status).toBe(401);
    expect(await refusal(TestFramework.subscribe(master, { name: 'anonymous', roles: ['mallory'] }))).toMatchObject({
      code: grpc.status.UNAUTHENTICATED,
    });
  });

  it("shows mallory neither team-a's framework (nor its ID) nor its task; the operator sees both", async () => {
    const operator = operatorClient(running().masterAddress, as('mallory-secret'));
    try {
      const frameworks = await call<v1.GetFrameworksRequest, v1.GetFrameworksResponse__Output>(
        operator.GetFrameworks.bind(operator),
        {},
      );
      expect(frameworks.frameworks.map((f) => f.info?.id?.value)).toEqual([mallory.id]);
      const state = await call<v1.GetStateRequest, v1.GetStateResponse__Output>(operator.GetState.bind(operator), {});
      expect(JSON.stringify(state)).not.toContain(teamA.id);
      const tasks = await call<v1.GetTasksRequest, v1.GetTasksResponse__Output>(operator.GetTasks.bind(operator), {});
      expect(tasks.tasks.map((t) => t.task?.taskId?.value)).not.toContain(TASK);
    } finally {
      operator.close();
    }
    const ops = running().operator;
    const all = await call<v1.GetFrameworksRequest, v1.GetFrameworksResponse__Output>(ops.GetFrameworks.bind(ops), {});
    expect(all.frameworks.map((f) => f.info?.id?.value).sort()).toEqual([teamA.id, mallory.id].sort());
    expect((await taskAsOps())?.status?.state).toBe('TASK_RUNNING');
  });

  it("refuses mallory taking over team-a's session, and calling for team-a with or without a stream ID", async () => {
    const master = running().masterAddress;
    const takeover = await refusal(
      TestFramework.subscribe(
        master,
        // In a role mallory may register, so that only the framework ID's owner refuses it.
        { name: 'team-a', roles: ['mallory'], id: { value: teamA.id } },
        as('mallory-secret'),
      ),
    );
    expect(takeover.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(takeover.message).toMatch(/"mallory".*"team-a"/);
    expect(takeover.message).not.toMatch(/register_frameworks/);

    const scheduler = schedulerClient(master, as('mallory-secret'));
    try {
      const frameworkId = { value: teamA.id };
      const taskId = { value: TASK };
      const ownStream = withStreamId(mallory.session.streamId);
      for (const [name, request] of [
        ['Kill', { frameworkId, taskId }],
        ['Reconcile', { frameworkId, tasks: [] }],
        ['Acknowledge', { frameworkId, taskId, uuid: teamA.updates.at(-1)?.uuid ?? '' }],
        ['Teardown', { frameworkId }],
      ] as const) {
        const method = (scheduler as unknown as Record<string, typeof scheduler.Kill>)[name]!.bind(scheduler);
        const refused = await refusal(call(method, request as never, 5_000, ownStream));
        expect(refused.code, name).toBe(grpc.status.PERMISSION_DENIED);
        expect(refused.details, name).toMatch(/"mallory" may not call/);
      }
    } finally {
      scheduler.close();
    }
    // team-a's own credential without its session's stream ID acts for nobody either.
    const withoutSession = schedulerClient(master, as('team-a-secret'));
    try {
      const refused = await refusal(
        call(withoutSession.Kill.bind(withoutSession), { frameworkId: { value: teamA.id }, taskId: { value: TASK } }),
      );
      expect(refused.code).toBe(grpc.status.PERMISSION_DENIED);
    } finally {
      withoutSession.close();
    }
    expect((await taskAsOps())?.status?.state).toBe('TASK_RUNNING');
  });

  it('refuses mallory the operator actions: teardown, kill, quota, weights, reserve, drain', async () => {
    const master = running().masterAddress;
    const operator = operatorClient(master, as('mallory-secret'));
    const agentId = { value: (await running().waitForAgents(1))[0]?.info?.id?.value ?? '' };
    try {
      const attempts: [string, Promise<unknown>, RegExp][] = [
        [
          'TeardownFramework',
          call(operator.TeardownFramework.bind(operator), { frameworkId: { value: teamA.id } }),
          /may not teardown_frameworks "team-a"/,
        ],
        [
          'KillTask',
          call(operator.KillTask.bind(operator), { frameworkId: { value: teamA.id }, taskId: { value: TASK } }),
          /may not kill_tasks "team-a"/,
        ],
        [
          'SetQuota',
          call(operator.SetQuota.bind(operator), {
            quota: { role: 'team-a', guarantee: resourcesToProto(parseResources('cpus:1')), limit: [] },
          }),
          /may not set_quotas "team-a"/,
        ],
        [
          'UpdateWeights',
          call(operator.UpdateWeights.bind(operator), { weights: [{ role: 'mallory', weight: 100 }] }),
          /may not update_weights "mallory"/,
        ],
        [
          'ReserveResources',
          call(operator.ReserveResources.bind(operator), {
            agentId,
            resources: resourcesToProto(parseResources('cpus(mallory):1')).map((r) => ({
              ...r,
              reservations: [{ type: 'DYNAMIC', role: 'mallory' }],
            })) as never,
          }),
          /may not reserve_resources "mallory"/,
        ],
        ['DrainAgent', call(operator.DrainAgent.bind(operator), { agentId }), /may not drain_agents "node-1"/],
      ];
      for (const [name, attempt, message] of attempts) {
        const refused = await refusal(attempt);
        expect(refused.code, name).toBe(grpc.status.PERMISSION_DENIED);
        expect(refused.details, name).toMatch(message);
        expect(refused.details, name).toMatch(/^principal "mallory" may not .*: refused by acls\.yaml: /);
      }
    } finally {
      operator.close();
    }
    // Nothing changed: the task runs, no quota, no weight, the agent is not draining.
    expect((await taskAsOps())?.status?.state).toBe('TASK_RUNNING');
    const ops = running().operator;
    const quota = await call<v1.GetQuotaRequest, v1.GetQuotaResponse__Output>(ops.GetQuota.bind(ops), {});
    expect(quota.quotas).toEqual([]);
    const weights = await call<v1.GetWeightsRequest, v1.GetWeightsResponse__Output>(ops.GetWeights.bind(ops), {});
    expect(weights.weights.some((w) => w.role === 'mallory')).toBe(false);
    const [agent] = await running().waitForAgents(1);
    expect(agent?.status).toBe('ACTIVE');
    await waitFor(() => auditLines().filter((r) => r.principal === 'mallory' && !r.allowed).length >= 6, {
      what: "mallory's refusals in the audit log",
    });
  });

  it('refuses a fake agent, an agent on a host not its own, and an agent re-registering with the real agent ID', async () => {
    const master = running().masterAddress;
    const [real] = await running().waitForAgents(1);
    const realId = real?.info?.id?.value ?? '';
    const fake = await agentStream(master, 'mallory-secret', { register: { agentInfo: agentInfo('node-1') } });
    expect(fake.answer.refused?.message).toMatch(/"mallory" is not an agent/);
    fake.close();
    const wrongHost = await agentStream(master, 'rogue-secret', { register: { agentInfo: agentInfo('node-1') } });
    expect(wrongHost.answer.refused?.message).toMatch(/principal "rogue" may not register_agents "node-1"/);
    wrongHost.close();
    // rogue, on its own host, re-registers with the real agent's ID reporting no tasks (so that they would be dropped).
    const impostor = await agentStream(master, 'rogue-secret', {
      reregister: { agentInfo: agentInfo('node-9', realId), tasks: [] },
    });
    expect(impostor.answer.refused?.message).toMatch(/"rogue" may not re-register agent .*"agent-1"/);
    impostor.close();
    // The real agent and its task are as they were.
    const agents = await running().waitForAgents(1);
    expect(agents.map((a) => [a.info?.id?.value, a.principal])).toEqual([[realId, 'agent-1']]);
    expect((await taskAsOps())?.status?.state).toBe('TASK_RUNNING');
  });

  it('takes no status update for a task from an agent it does not run on', async () => {
    const master = running().masterAddress;
    const rogue = await agentStream(master, 'rogue-secret', { register: { agentInfo: agentInfo('node-9') } });
    expect(rogue.answer.registered).toBeTruthy();
    try {
      rogue.stream.write({
        statusUpdate: {
          frameworkId: { value: teamA.id },
          status: {
            taskId: { value: TASK },
            state: 'TASK_FINISHED',
            agentId: rogue.answer.registered?.agentId ?? null,
            uuid: 'forged-update',
            message: 'forged',
          } as never,
        },
      });
      await waitFor(
        async () => {
          const metrics = await (await fetch(`http://127.0.0.1:${running().masterHttpPort}/metrics`)).text();
          return /tessera_master_invalid_calls_total\{[^}]*call="statusUpdateFromAnotherAgent"[^}]*\} [1-9]/.test(
            metrics,
          );
        },
        { what: 'the master to refuse the forged update' },
      );
    } finally {
      rogue.close();
    }
    expect((await taskAsOps())?.status?.state).toBe('TASK_RUNNING');
    expect(teamA.updates.filter((u) => u.taskId?.value === TASK).map((u) => u.state)).not.toContain('TASK_FINISHED');
  });

  it("lets team-a and the operator read team-a's sandbox, and refuses mallory over gRPC and HTTP", async () => {
    const read = (secret: string) => {
      const agent = agentClient(running().agentAddress, as(secret));
      return call<v1.ReadFileRequest, v1.ReadFileResponse__Output>(agent.ReadFile.bind(agent), {
        taskId: { value: TASK },
        path: 'private.txt',
      }).finally(() => agent.close());
    };
    expect((await read('team-a-secret')).data.toString()).toBe('team-a-private-data\n');
    expect((await read('ops-secret')).data.toString()).toBe('team-a-private-data\n');
    const refused = await refusal(read('mallory-secret'));
    expect(refused.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(refused.details).toMatch(/^principal "mallory" may not view_sandboxes "team-a": refused by acls\.yaml/);

    const http = (secret: string) =>
      fetch(`http://127.0.0.1:${running().agent.httpPort}/files/read?task_id=${TASK}&path=private.txt`, {
        headers: { authorization: `Bearer ${secret}` },
      });
    expect((await http('mallory-secret')).status).toBe(403);
    const allowed = await http('team-a-secret');
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as { data: string }).data).toBe('team-a-private-data\n');

    // Nor does the agent list team-a's task (and its environment) to mallory.
    const agent = agentClient(running().agentAddress, as('mallory-secret'));
    try {
      const tasks = await call<v1.GetAgentTasksRequest, v1.GetAgentTasksResponse__Output>(
        agent.GetTasks.bind(agent),
        {},
      );
      expect(tasks.tasks.map((t) => t.task?.taskId?.value)).not.toContain(TASK);
    } finally {
      agent.close();
    }
  });

  it('runs Marathon against the master with its secret file, and its REST API with the same credentials and ACLs', async () => {
    const marathon = await MarathonProcess.start(running(), {
      waitLeader: false,
      flags: [
        '--master-secret-file',
        file('marathon.secret', 'marathon-secret\n'),
        '--credentials',
        credentialsFile,
        '--acls',
        aclsFile,
      ],
    });
    try {
      const asOps = { authorization: 'Bearer ops-secret' };
      await waitFor(async () => (await marathon.rest('GET', '/v2/info', undefined, asOps)).status === 200, {
        what: 'Marathon to lead',
      });
      expect((await marathon.rest('GET', '/v2/apps')).status).toBe(401);
      const app = { id: '/web', cmd: 'exec sleep 600', cpus: 0.1, mem: 32, instances: 1 };
      expect((await marathon.rest('POST', '/v2/apps', app, { authorization: 'Bearer mallory-secret' })).status).toBe(
        403,
      );
      expect((await marathon.rest('POST', '/v2/apps', app, asOps)).status).toBe(201);
      // Marathon subscribed as principal "marathon" and its launch passed run_tasks: the instance runs.
      await waitFor(
        async () => {
          const answer = await marathon.rest<{ app: { tasksRunning: number } }>(
            'GET',
            '/v2/apps/web',
            undefined,
            asOps,
          );
          return answer.status === 200 && answer.body.app.tasksRunning === 1;
        },
        { what: "Marathon's instance to run", timeoutMs: 60_000 },
      );
      const frameworks = await call<v1.GetFrameworksRequest, v1.GetFrameworksResponse__Output>(
        running().operator.GetFrameworks.bind(running().operator),
        {},
      );
      expect(frameworks.frameworks.find((f) => f.info?.name === 'marathon')?.info?.principal).toBe('marathon');
    } finally {
      await marathon.stop();
    }
  }, 120_000);
});
