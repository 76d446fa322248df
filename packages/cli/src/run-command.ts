import { randomUUID } from 'node:crypto';
import { isTerminalTaskState, parseResources, type Resource } from '@tessera/domain';
import { agentClient, SchedulerSession, SessionDisconnectedError, type AgentClient } from '@tessera/client';
import {
  buildTaskInfo,
  matchOffer,
  offerFromProto,
  taskRequestFromResources,
  type CommandSpec,
  type LaunchSpec,
} from '@tessera/framework';
import { printSandboxFile } from './sandbox-output.js';
import { resourcesFromProto, taskStateFromProto, type v1 } from '@tessera/proto';
import { operatorCall } from './master-calls.js';
import { connection } from './connection.js';
import { whyNoAgentFits } from './task-fit.js';

export interface RunOptions {
  /** The master's gRPC address, or several ("a:5050,b:5050"): the run follows their leader. */
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

/** No agent of the cluster could ever hold the task; the message says what is missing. */
export class TaskCannotFitError extends Error {
  override readonly name = 'TaskCannotFitError';
}

/** `--resources` names something a task cannot ask for (a kind other than cpus, mem, disk, gpus and ports). */
export class InvalidTaskResourcesError extends Error {
  override readonly name = 'InvalidTaskResourcesError';
}

/** No offer that fits came within the offer timeout; the message carries the master's explanation. */
export class NoOfferError extends Error {
  override readonly name = 'NoOfferError';
}

/** Exit codes of a command ended by a signal, as shells report them: 128 + the signal's number. */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** The session's master first (the leader while subscribed), then the others it knows. */
const leaderFirst = (session: SchedulerSession): string[] => [session.address, ...session.masters];

/** Agents that are or may come back: their totals, for the fail-fast check. */
async function agentCapacities(masters: readonly string[]) {
  const response = await operatorCall<v1.GetAgentsRequest, v1.GetAgentsResponse__Output>(
    masters,
    (client) => client.GetAgents,
    {},
  );
  return response.agents
    .filter((a) => a.status === 'ACTIVE' || a.status === 'DISCONNECTED' || a.status === 'DRAINING')
    .map((a) => ({ hostname: a.info?.hostname ?? '', total: resourcesFromProto(a.info?.resources ?? []) }));
}

/** The leading master's one sentence on why the framework gets no offers ('' if it has none to give). */
async function explain(masters: readonly string[], frameworkId: string): Promise<string> {
  try {
    const response = await operatorCall<v1.ExplainRequest, v1.ExplainResponse__Output>(
      masters,
      (client) => client.ExplainAllocation,
      { frameworkId: { value: frameworkId }, role: '' },
    );
    return response.summary;
  } catch {
    return '';
  }
}

/**
 * `tessera run -- CMD ARGS…`: a one-task framework, like mesos-execute. Subscribes
 * (and re-subscribes with its framework ID if the master restarts or fails over),
 * launches the command on the first offer that fits, prints status changes and
 * the task's stderr on stderr and its stdout on stdout (tailed from the agent's
 * sandbox), tears the framework down and resolves with the task's exit code (1
 * for a failure without one, 0 for TASK_FINISHED).
 *
 * Fails at once (TaskCannotFitError) when no registered agent has the resources
 * at all, and with the master's explanation (NoOfferError) when no offer fits
 * within `offerTimeoutMs`. On SIGINT or SIGTERM it tears the framework down (the
 * master kills the task and frees its resources) and resolves with 130 or 143.
 */
export async function runCommand(argv: readonly string[], options: RunOptions): Promise<number> {
  const needs = parseResources(options.resources);
  // NOTE: ports are not asked for: the task gets none, and offers are matched without them.
  const taken: Resource[] = needs.filter((r) => r.name !== 'ports');
  const asked = taskRequestFromResources(taken);
  if (!asked.ok) {
    throw new InvalidTaskResourcesError(
      `--resources ${JSON.stringify(options.resources)}: ${asked.problems.join('; ')}`,
    );
  }
  const taskId = `run-${randomUUID().slice(0, 8)}`;
  const environment = Object.fromEntries(
    options.env.map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`--env ${JSON.stringify(pair)} must look like NAME=value`);
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }),
  );
  const command: CommandSpec = options.shell ? { shell: argv.join(' ') } : { argv: [...argv] };
  const launchSpec: LaunchSpec = { taskId, name: options.name, command, environment };
  const say = (text: string) => {
    if (!options.quiet) process.stderr.write(`${text}\n`);
  };

  const session = new SchedulerSession(
    options.master,
    {
      name: options.name,
      roles: [options.role],
      capabilities: ['PARTITION_AWARE', 'TASK_KILLING_STATE'],
      failoverTimeoutSeconds: 60,
    },
    connection(),
  );
  let agent: AgentClient | undefined;
  let agentEndpoint = '';
  const offsets = { stdout: 0, stderr: 0 };
  let launched = false;
  let settled = false;

  // Reads of the output are chained so that the periodic tail and the final read never overlap.
  let draining: Promise<void> = Promise.resolve();
  const drainOutput = (): Promise<void> => {
    draining = draining.then(async () => {
      if (agent === undefined) return;
      for (const [path, out] of [
        ['stdout', process.stdout],
        ['stderr', process.stderr],
      ] as const) {
        const file = { agent, endpoint: agentEndpoint, taskId, path, out };
        offsets[path] = await printSandboxFile(file, offsets[path]).catch(() => offsets[path]);
      }
    });
    return draining;
  };

  let noOffer: NodeJS.Timeout | undefined;
  let tail: NodeJS.Timeout | undefined;
  const signalHandlers = new Map<NodeJS.Signals, () => void>();
  try {
    return await new Promise<number>((resolve, reject) => {
      const finish = (outcome: { code: number } | { error: unknown }) => {
        if (settled) return;
        settled = true;
        if ('code' in outcome) resolve(outcome.code);
        else reject(outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error)));
      };
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        const handler = () => {
          say(`${signal === 'SIGINT' ? 'interrupted' : 'terminated'}: tearing down the framework (its task is killed)`);
          finish({ code: SIGNAL_EXIT_CODES[signal] });
        };
        signalHandlers.set(signal, handler);
        process.once(signal, handler);
      }
      noOffer = setTimeout(() => {
        void explain(leaderFirst(session), session.frameworkId).then((why) =>
          finish({
            error: new NoOfferError(
              `no offer with ${options.resources} within ${options.offerTimeoutMs} ms${why ? `: ${why}` : ''}`,
            ),
          }),
        );
      }, options.offerTimeoutMs);
      session.on('offers', (offers) => {
        for (const offer of offers) {
          // NOTE: GPU agents are not kept from the task: any offer that holds what it asks for will do.
          const match =
            launched || settled
              ? undefined
              : matchOffer(offerFromProto(offer), asked.request, { declineScarceResources: false });
          if (match === undefined || !match.fits) {
            session.decline([offer.id?.value ?? '']).catch(() => undefined);
            continue;
          }
          let task: v1.TaskInfo;
          try {
            task = buildTaskInfo(launchSpec, match);
          } catch (error) {
            session.decline([offer.id?.value ?? '']).catch(() => undefined);
            finish({ error });
            continue;
          }
          launched = true;
          clearTimeout(noOffer);
          agentEndpoint = offer.agentEndpoint;
          agent = offer.agentEndpoint === '' ? undefined : agentClient(offer.agentEndpoint, connection());
          session.launch([offer.id?.value ?? ''], [task]).then(
            () => say(`launched task ${taskId} on ${offer.hostname}`),
            (error: unknown) => {
              // The master went away under the launch: launch again on an offer after re-subscription
              // (the task ID makes it idempotent), unless reconciliation reports the task first.
              if (error instanceof SessionDisconnectedError) launched = false;
              else finish({ error });
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
          tail = setInterval(() => void drainOutput(), 200);
        }
        if (isTerminalTaskState(state)) {
          clearInterval(tail);
          drainOutput().then(
            () => finish({ code: status.hasExitCode ? status.exitCode : state === 'TASK_FINISHED' ? 0 : 1 }),
            (error: unknown) => finish({ error }),
          );
        }
      });
      // The session rides out a master restart by itself; reconciliation after it re-reports the task.
      session.on('disconnected', (cause) => say(`lost the master (${cause.message}); re-subscribing`));
      session.on('resubscribed', (id) => say(`re-subscribed as framework ${id} at ${session.address}`));
      session.on('closed', (error) => finish({ error: error ?? new Error('the master closed the subscription') }));
      session
        .subscribe()
        .then(async (id) => {
          say(`subscribed as framework ${id}${session.masters.length > 1 ? ` at ${session.address}` : ''}`);
          // Fail fast rather than wait out the offer timeout for a task no agent could ever hold.
          const why = whyNoAgentFits(taken, await agentCapacities(leaderFirst(session)));
          if (why !== undefined && !launched) finish({ error: new TaskCannotFitError(why) });
        })
        .catch((error: unknown) => finish({ error }));
    });
  } finally {
    clearTimeout(noOffer);
    clearInterval(tail);
    for (const [signal, handler] of signalHandlers) process.removeListener(signal, handler);
    if (session.frameworkId !== '') await session.teardown().catch(() => undefined);
    session.close();
    agent?.close();
  }
}
