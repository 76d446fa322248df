import { readdirSync, readFileSync } from 'node:fs';
import { Metadata, status as grpcStatus } from '@grpc/grpc-js';
import { agentClient, call, STREAM_ID_METADATA, type AgentClient } from '@tessera/client';
import { decodeMessage, type v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';
import { TestFramework } from './support/framework.js';

/** Request metadata carrying a session's stream ID, as the session sends it. */
function streamMetadata(streamId: string): Metadata {
  const metadata = new Metadata();
  metadata.set(STREAM_ID_METADATA, streamId);
  return metadata;
}

/** Process IDs whose process group is `pgid` (from /proc/<pid>/stat, field 5). */
function processesInGroup(pgid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After the command: state(3) ppid(4) pgrp(5) ...; zombies are gone in all but name.
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

describe('a task launched end to end through master, allocator and agent', () => {
  let cluster: Cluster;
  let framework: TestFramework;
  let agent: AgentClient;
  let nats: NatsConnection;
  const facts: v1.TaskUpdated__Output[] = [];

  beforeAll(async () => {
    cluster = await Cluster.start();
    nats = await connect({ servers: cluster.nats.url });
    nats.subscribe('tessera.task.updated', {
      callback: (_error, message) => {
        expect(message.headers?.get('tessera-type')).toBe('tessera.v1.TaskUpdated');
        facts.push(decodeMessage<v1.TaskUpdated__Output>('tessera.v1.TaskUpdated', message.data));
      },
    });
    framework = await TestFramework.subscribe(cluster.masterAddress);
    agent = agentClient(cluster.agentAddress);
  });

  afterAll(async () => {
    framework?.close();
    agent?.close();
    await nats?.close();
    await cluster?.stop();
  });

  it('runs `echo hello` to TASK_FINISHED with hello in the sandbox stdout', async () => {
    await framework.launch('echo-hello', { shell: true, value: 'echo hello' });
    await framework.waitForState('echo-hello', 'TASK_FINISHED');
    const states = framework.statesOf('echo-hello');
    expect(states.indexOf('TASK_RUNNING')).toBeGreaterThanOrEqual(0);
    expect(states.indexOf('TASK_RUNNING')).toBeLessThan(states.indexOf('TASK_FINISHED'));
    const stdout = await call<v1.ReadFileRequest, v1.ReadFileResponse__Output>(agent.ReadFile.bind(agent), {
      taskId: { value: 'echo-hello' },
      path: 'stdout',
    });
    expect(stdout.data.toString()).toBe('hello\n');
    // The fact was published on NATS as a protobuf TaskUpdated.
    await waitFor(
      () => facts.some((f) => f.status?.taskId?.value === 'echo-hello' && f.status.state === 'TASK_FINISHED'),
      {
        what: 'a TASK_FINISHED fact on NATS',
      },
    );
  });

  it('reports a failing command as TASK_FAILED with its exit code', async () => {
    await framework.launch('exit-3', { shell: true, value: 'exit 3' });
    const failed = await framework.waitForState('exit-3', 'TASK_FAILED');
    expect(failed.hasExitCode).toBe(true);
    expect(failed.exitCode).toBe(3);
    expect(failed.message).toContain('3');
  });

  it('runs argv commands with the environment and port numbers', async () => {
    await framework.launch(
      'argv-env',
      {
        shell: false,
        value: '/bin/sh',
        arguments: ['sh', '-c', 'echo "$GREETING $PORT0"'],
        environment: { variables: [{ name: 'GREETING', value: 'hi' }] },
      },
      'cpus:0.1;mem:32;ports:[31005-31005]',
    );
    await framework.waitForState('argv-env', 'TASK_FINISHED');
    const stdout = await call<v1.ReadFileRequest, v1.ReadFileResponse__Output>(agent.ReadFile.bind(agent), {
      taskId: { value: 'argv-env' },
      path: 'stdout',
    });
    expect(stdout.data.toString()).toBe('hi 31005\n');
  });

  it('kills `sleep 60` to TASK_KILLED and leaves no process of it', async () => {
    await framework.launch('sleeper', { shell: true, value: 'sleep 60 & sleep 60; wait' });
    await framework.waitForState('sleeper', 'TASK_RUNNING');
    const tasks = await call<v1.GetAgentTasksRequest, v1.GetAgentTasksResponse__Output>(agent.GetTasks.bind(agent), {});
    const pid = tasks.tasks.find((t) => t.task?.taskId?.value === 'sleeper')?.pid ?? 0;
    expect(pid).toBeGreaterThan(0);
    await waitFor(() => processesInGroup(pid).length >= 2, { what: 'the task and its child to be running' });
    await framework.session.kill('sleeper');
    await framework.waitForState('sleeper', 'TASK_KILLED');
    await waitFor(() => processesInGroup(pid).length === 0, { what: `no process left in group ${pid}` });
  });

  it('answers Reconcile with the latest state of named and of all tasks', async () => {
    const named = await framework.session.reconcile(['echo-hello', 'never-launched']);
    expect(named.map((s) => [s.taskId?.value, s.state])).toEqual([
      ['echo-hello', 'TASK_FINISHED'],
      ['never-launched', 'TASK_UNKNOWN'],
    ]);
    expect(named.every((s) => s.reason === 'REASON_RECONCILIATION' && s.uuid === '')).toBe(true);
  });

  describe('refuses bad input with a clear error and keeps serving', () => {
    const expectRefusal = async (promise: Promise<unknown>, text: string) => {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e as { code: number; details: string },
      );
      expect(error, `expected a refusal mentioning ${text}`).toBeDefined();
      expect(error?.code).toBe(grpcStatus.INVALID_ARGUMENT);
      expect(error?.details).toContain(text);
    };
    const task = (
      taskId: string,
      resources: v1.Resource[],
      command: v1.CommandInfo = { shell: true, value: 'true' },
    ): v1.TaskInfo => ({
      name: taskId,
      taskId: { value: taskId },
      resources,
      command,
    });
    const small: v1.Resource[] = [
      { name: 'cpus', type: 'SCALAR', scalar: 0.1 },
      { name: 'mem', type: 'SCALAR', scalar: 32 },
    ];

    it('an unknown offer', async () => {
      await expectRefusal(
        framework.session.launch(['no-such-offer'], [task('t-unknown-offer', small)]),
        'offer no-such-offer is unknown',
      );
      await framework.waitForState('t-unknown-offer', 'TASK_ERROR');
    });

    it('more resources than offered', async () => {
      const offer = await framework.offerWith('cpus:0.1;mem:32');
      const huge: v1.Resource[] = [{ name: 'cpus', type: 'SCALAR', scalar: 10_000 }];
      await expectRefusal(
        framework.session.launch([offer.id?.value ?? ''], [task('t-too-big', huge)]),
        'needs cpus:10000',
      );
      await framework.waitForState('t-too-big', 'TASK_ERROR');
    });

    it('a duplicate task ID', async () => {
      const offer = await framework.offerWith('cpus:0.2;mem:64');
      await expectRefusal(
        framework.session.launch([offer.id?.value ?? ''], [task('t-dup', small), task('t-dup', small)]),
        'task_id is already in use',
      );
      // A task that ended is remembered: its ID is not reused.
      const again = await framework.offerWith('cpus:0.1;mem:32');
      await expectRefusal(
        framework.session.launch([again.id?.value ?? ''], [task('echo-hello', small)]),
        'task_id is already in use',
      );
    });

    it('an empty command', async () => {
      const offer = await framework.offerWith('cpus:0.1;mem:32');
      await expectRefusal(
        framework.session.launch([offer.id?.value ?? ''], [task('t-empty', small, { shell: true, value: '  ' })]),
        'command is empty',
      );
    });

    it('no resources', async () => {
      const offer = await framework.offerWith('cpus:0.1;mem:32');
      await expectRefusal(
        framework.session.launch([offer.id?.value ?? ''], [task('t-none', [])]),
        'at least one resource',
      );
    });

    it('an acknowledgement batch naming an unknown task, refused whole', async () => {
      const session = framework.session;
      const error = await call<v1.AcknowledgeBatchRequest, v1.AcknowledgeBatchResponse__Output>(
        session.client.AcknowledgeBatch.bind(session.client),
        {
          frameworkId: { value: session.frameworkId },
          acknowledgements: [
            { taskId: { value: 'echo-hello' }, uuid: 'not-a-real-uuid' },
            { taskId: { value: 'no-such-task' }, uuid: 'x' },
          ],
        },
        10_000,
        streamMetadata(session.streamId),
      ).then(
        () => undefined,
        (e: unknown) => e as { code: number; details: string },
      );
      expect(error?.code).toBe(grpcStatus.INVALID_ARGUMENT);
      expect(error?.details).toContain('task no-such-task is unknown');
    });

    it('a call for the framework from outside its session, without or with another stream ID, is refused and changes nothing', async () => {
      const session = framework.session;
      const other = await TestFramework.subscribe(cluster.masterAddress, { name: 'intruder', roles: ['e2e'] });
      try {
        const teardown = (metadata?: Metadata) =>
          call<v1.TeardownRequest, v1.TeardownResponse__Output>(
            other.session.client.Teardown.bind(other.session.client),
            { frameworkId: { value: session.frameworkId } },
            10_000,
            metadata,
          ).then(
            () => undefined,
            (e: unknown) => e as { code: number; details: string },
          );
        // No stream ID, then the intruder's own (valid for its framework, not for this one).
        const withoutId = await teardown();
        expect(withoutId?.code).toBe(grpcStatus.PERMISSION_DENIED);
        expect(withoutId?.details).toContain('must carry the stream ID');
        const withAnother = await teardown(streamMetadata(other.session.streamId));
        expect(withAnother?.code).toBe(grpcStatus.PERMISSION_DENIED);
        expect(withAnother?.details).toContain('another subscription');
        // The framework is still there and acts.
        expect(session.state).toBe('subscribed');
        await session.reconcile([]);
      } finally {
        other.close();
      }
    });

    it('and another framework still launches tasks', async () => {
      const other = await TestFramework.subscribe(cluster.masterAddress, { name: 'other', roles: ['other'] });
      try {
        await other.launch('other-echo', { shell: true, value: 'echo still serving' });
        await other.waitForState('other-echo', 'TASK_FINISHED');
      } finally {
        other.close();
      }
      // ... and so does the one that sent bad calls.
      await framework.launch('after-bad-input', { shell: true, value: 'true' });
      await framework.waitForState('after-bad-input', 'TASK_FINISHED');
    });
  });
});
