import type { Command, Option } from 'commander';
import { isTerminalTaskState } from '@tessera/domain';
import { agentClient, LeaderCalls, operatorClient, type AgentClient, type OperatorClient } from '@tessera/client';
import { printSandboxFile } from './sandbox-output.js';
import { taskStateFromProto, type v1 } from '@tessera/proto';
import { isGrpcError } from '@tessera/runtime';
import { status } from '@grpc/grpc-js';
import { connection } from './connection.js';

interface LogsOptions {
  master: string;
  stderr: boolean;
  follow: boolean;
  framework?: string;
  intervalMs: string;
}

/** The leading master's Operator API. */
type Operator = LeaderCalls<OperatorClient>;

/** The task's record and the gRPC address of the agent it ran on. */
async function locate(operator: Operator, taskId: string, frameworkId: string | undefined) {
  // NOTE: one call after the other: the first finds the leader, the second goes straight to it.
  const tasks = await operator.call<v1.GetTasksRequest, v1.GetTasksResponse__Output>((client) => client.GetTasks, {});
  const agents = await operator.call<v1.GetAgentsRequest, v1.GetAgentsResponse__Output>(
    (client) => client.GetAgents,
    {},
  );
  const matches = tasks.tasks.filter(
    (t) => t.task?.taskId?.value === taskId && (frameworkId === undefined || t.frameworkId?.value === frameworkId),
  );
  if (matches.length === 0) throw new Error(`task ${taskId} is unknown to the master`);
  if (matches.length > 1) {
    throw new Error(`task ID ${taskId} is used by several frameworks; name one with --framework`);
  }
  const record = matches[0] as v1.TaskRecord__Output;
  const agentId = record.agentId?.value ?? '';
  const endpoint = agents.agents.find((a) => a.info?.id?.value === agentId)?.info?.endpoint ?? '';
  if (endpoint === '') throw new Error(`the agent of task ${taskId} (${agentId}) has no reachable API`);
  return { endpoint, frameworkId: record.frameworkId?.value ?? '' };
}

async function taskEnded(operator: Operator, taskId: string, frameworkId: string): Promise<boolean> {
  const response = await operator.call<v1.GetTasksRequest, v1.GetTasksResponse__Output>((client) => client.GetTasks, {
    frameworkId: { value: frameworkId },
  });
  const record = response.tasks.find((t) => t.task?.taskId?.value === taskId);
  return record === undefined || isTerminalTaskState(taskStateFromProto(String(record.status?.state ?? '')));
}

/**
 * `tessera logs TASK_ID [--follow] [--stderr]`: a task's stdout (or stderr) from
 * its sandbox, through the agent's API. With --follow it keeps printing what the
 * task writes until the task has ended and the file holds nothing more.
 */
export function logsCommand(program: Command, masterOption: () => Option): void {
  program
    .command('logs <task>')
    .description("Print a task's stdout (or --stderr) from its sandbox; --follow keeps tailing until it ends.")
    .addOption(masterOption())
    .option('--stderr', 'print stderr instead of stdout', false)
    .option('-f, --follow', 'keep printing new output until the task ends', false)
    .option('--framework <id>', 'the framework, when several use the same task ID')
    .option('--interval-ms <ms>', 'how often --follow polls', '250')
    .action(async (taskId: string, options: LogsOptions) => {
      const operator = new LeaderCalls(options.master, (address) => operatorClient(address, connection()));
      let agent: AgentClient | undefined;
      try {
        const where = await locate(operator, taskId, options.framework);
        agent = agentClient(where.endpoint, connection());
        const file = { agent, endpoint: where.endpoint, taskId, path: options.stderr ? 'stderr' : 'stdout' };
        if (!options.follow) {
          await printSandboxFile(file, 0);
          return;
        }
        let offset = 0;
        for (;;) {
          const ended = await taskEnded(operator, taskId, where.frameworkId);
          // NOTE: a task still starting may have no sandbox file yet: nothing to print so far.
          offset = await printSandboxFile(file, offset).catch((error: unknown) => {
            if (isGrpcError(error) && error.code === status.NOT_FOUND && !ended) return offset;
            throw error;
          });
          if (ended) return;
          await new Promise((resolve) => setTimeout(resolve, Number(options.intervalMs)));
        }
      } finally {
        agent?.close();
        operator.close();
      }
    });
}
