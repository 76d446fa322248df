import { randomUUID } from 'node:crypto';
import { containsResources, isTerminalTaskState, parseResources, type Resource } from '@tessera/domain';
import { agentClient, SchedulerSession, SessionDisconnectedError, type AgentClient } from '@tessera/client';
import { printSandboxFile } from './sandbox-output.js';
import { resourcesFromProto, resourcesToProto, taskStateFromProto, type v1 } from '@tessera/proto';

export interface RunOptions {
  master: string;
  /** Mesos resource text for the task, e.g. "cpus:0.1;mem:32". */
  resources: string;
  name: string;
  role: string;
  /** Run `argv` through /bin/sh -c (joined with spaces) instead of executing it directly. */
  shell: boolean;
  env: string[];
  quiet: boolean;
  /** Give up if no suitable offer arrives within this time. */
  offerTimeoutMs: number;
}

/**
 * `tessera run -- CMD ARGS…`: a one-task framework, like mesos-execute. Subscribes
 * (and re-subscribes with its framework ID if the master restarts or fails over),
 * launches the command on the first offer that fits, prints status changes on
 * stderr and the task's stdout on stdout (tailed from the agent's sandbox), tears
 * the framework down and resolves with the task's exit code (1 for a failure
 * without one, 0 for TASK_FINISHED).
 */
export async function runCommand(argv: readonly string[], options: RunOptions): Promise<number> {
  const needs = parseResources(options.resources);
  const taskId = `run-${randomUUID().slice(0, 8)}`;
  const environment = options.env.map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--env ${JSON.stringify(pair)} must look like NAME=value`);
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
  });
  const command: v1.CommandInfo = options.shell
    ? { shell: true, value: argv.join(' '), environment: { variables: environment } }
    : { shell: false, value: argv[0] ?? '', arguments: [...argv], environment: { variables: environment } };
  const say = (text: string) => {
    if (!options.quiet) process.stderr.write(`${text}\n`);
  };

  const session = new SchedulerSession(options.master, {
    name: options.name,
    roles: [options.role],
    capabilities: ['PARTITION_AWARE', 'TASK_KILLING_STATE'],
    failoverTimeoutSeconds: 60,
  });
  let agent: AgentClient | undefined;
  let stdoutOffset = 0;
  let launched = false;

  // Reads of stdout are chained so that the periodic tail and the final read never overlap.
  let draining: Promise<void> = Promise.resolve();
  const drainStdout = (): Promise<void> => {
    draining = draining.then(async () => {
      if (agent === undefined) return;
      stdoutOffset = await printSandboxFile(agent, taskId, 'stdout', stdoutOffset).catch(() => stdoutOffset);
    });
    return draining;
  };

  try {
    return await new Promise<number>((resolve, reject) => {
      const noOffer = setTimeout(
        () => reject(new Error(`no offer with ${options.resources} within ${options.offerTimeoutMs} ms`)),
        options.offerTimeoutMs,
      );
      let tail: NodeJS.Timeout | undefined;
      session.on('offers', (offers) => {
        for (const offer of offers) {
          const offered: Resource[] = resourcesFromProto(offer.resources);
          const fits =
            !launched &&
            containsResources(
              offered,
              needs.filter((r) => r.name !== 'ports'),
            );
          if (!fits) {
            session.decline([offer.id?.value ?? '']).catch(() => undefined);
            continue;
          }
          launched = true;
          clearTimeout(noOffer);
          const taken = needs.filter((r) => r.name !== 'ports');
          agent = offer.agentEndpoint === '' ? undefined : agentClient(offer.agentEndpoint);
          session
            .launch(
              [offer.id?.value ?? ''],
              [{ name: options.name, taskId: { value: taskId }, resources: resourcesToProto(taken), command }],
            )
            .then(
              () => say(`launched task ${taskId} on ${offer.hostname}`),
              (error: unknown) => {
                // The master went away under the launch: launch again on an offer after re-subscription
                // (the task ID makes it idempotent), unless reconciliation reports the task first.
                if (error instanceof SessionDisconnectedError) launched = false;
                else reject(error instanceof Error ? error : new Error(String(error)));
              },
            );
        }
      });
      session.on('update', (status) => {
        if (status.taskId?.value !== taskId) return;
        launched = true;
        const state = taskStateFromProto(status.state);
        say(`task ${taskId} is ${state}${status.message ? `: ${status.message}` : ''}`);
        if (state === 'TASK_RUNNING' && tail === undefined) {
          tail = setInterval(() => void drainStdout(), 200);
        }
        if (isTerminalTaskState(state)) {
          if (tail) clearInterval(tail);
          drainStdout().then(() => {
            if (status.hasExitCode) resolve(status.exitCode);
            else resolve(state === 'TASK_FINISHED' ? 0 : 1);
          }, reject);
        }
      });
      // The session rides out a master restart by itself; reconciliation after it re-reports the task.
      session.on('disconnected', (cause) => say(`lost the master (${cause.message}); re-subscribing`));
      session.on('resubscribed', (id) => say(`re-subscribed as framework ${id}`));
      session.on('closed', (error) => reject(error ?? new Error('the master closed the subscription')));
      session.subscribe().then((id) => say(`subscribed as framework ${id}`), reject);
    });
  } finally {
    if (session.frameworkId !== '') await session.teardown().catch(() => undefined);
    session.close();
    agent?.close();
  }
}
