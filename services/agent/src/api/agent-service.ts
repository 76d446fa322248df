/**
 * tessera.v1.Agent: the API every agent serves on its own address — its state,
 * its tasks and their containers, and read-only, sandbox-confined access to task
 * files (see sandbox-files.ts). Errors map through AGENT_ERRORS.
 *
 * Every call is authenticated first (callerOf: refused UNAUTHENTICATED when the
 * agent requires authentication and the caller is anonymous, or presents a
 * credential that proves nothing). Reads of tasks (GetState, GetTasks,
 * GetContainers) show only the tasks the caller may `view_tasks`; ListFiles and
 * ReadFile are refused PERMISSION_DENIED unless the caller may `view_sandboxes`,
 * both on the task's framework principal.
 */
import type * as grpc from '@grpc/grpc-js';
import type { ServiceAuth } from '@tessera/auth';
import { scalarOf } from '@tessera/domain';
import type { v1 } from '@tessera/proto';
import { unary, type Logger } from '@tessera/runtime';
import type { Agent } from '../agent.js';
import { authorizeSandbox, callerOf, openAgentAuth, viewableTasks } from '../auth.js';
import type { TaskRecord } from '../core/task-tracker.js';
import { AGENT_ERRORS } from '../errors.js';
import { taskForFiles } from './file-requests.js';
import { listSandbox, readSandboxFile } from '../sandbox-files.js';

/** "cgroups-v1" or "posix" for real processes (the isolator chosen at start), "simulated" for the simulated backend. */
export function isolationOf(agent: Agent): string {
  return agent.isolation;
}

/** The agent's state, with the tasks `shown` keeps (default: all). */
export function agentStateResponse(
  agent: Agent,
  shown: (records: readonly TaskRecord[]) => readonly TaskRecord[] = (records) => records,
): v1.GetAgentStateResponse {
  return {
    info: agent.info(),
    masterEndpoint: agent.registeredMaster(),
    registered: agent.isRegistered(),
    isolation: isolationOf(agent),
    workDir: agent.workDir,
    draining: agent.tracker.draining,
    tasks: shown(agent.tasks()).map((record) => agent.taskToProto(record)),
    pendingUpdates: agent.tracker.updates.pendingCount,
  };
}

/** The Agent service's handlers; `auth` defaults to the dev default (everybody anonymous, everything allowed). */
export function agentApiImplementation(
  agent: Agent,
  logger: Logger,
  auth: ServiceAuth = openAgentAuth(),
): grpc.UntypedServiceImplementation {
  return {
    GetState: unary<v1.GetAgentStateRequest__Output, v1.GetAgentStateResponse>(AGENT_ERRORS, logger, (_, call) => {
      const principal = callerOf(call, auth);
      return agentStateResponse(agent, (records) => viewableTasks(auth, principal, records));
    }),
    GetTasks: unary<v1.GetAgentTasksRequest__Output, v1.GetAgentTasksResponse>(AGENT_ERRORS, logger, (_, call) => {
      const principal = callerOf(call, auth);
      return { tasks: viewableTasks(auth, principal, agent.tasks()).map((record) => agent.taskToProto(record)) };
    }),
    GetContainers: unary<v1.GetContainersRequest__Output, v1.GetContainersResponse>(
      AGENT_ERRORS,
      logger,
      async (_, call) => {
        const principal = callerOf(call, auth);
        const live = viewableTasks(auth, principal, agent.tracker.liveTasks());
        const usage = await Promise.all(live.map((record) => agent.containerUsage(record.task.taskId)));
        return {
          containers: live.map((record, index) => {
            const used = usage[index];
            return {
              frameworkId: { value: record.task.frameworkId },
              taskId: { value: record.task.taskId },
              pid: record.pid ?? 0,
              usage: {
                cpusUserTimeSeconds: used?.cpusUserTimeSeconds ?? 0,
                cpusSystemTimeSeconds: used?.cpusSystemTimeSeconds ?? 0,
                memRssMb: used?.memRssMb ?? 0,
                diskUsedMb: used?.diskUsedMb ?? 0,
                cpusLimit: scalarOf(record.task.resources, 'cpus'),
                memLimitMb: scalarOf(record.task.resources, 'mem'),
              },
            };
          }),
        };
      },
    ),
    ListFiles: unary<v1.ListFilesRequest__Output, v1.ListFilesResponse>(AGENT_ERRORS, logger, async (request, call) => {
      const principal = callerOf(call, auth);
      const record = taskForFiles(agent, request.taskId?.value ?? '');
      authorizeSandbox(auth, principal, record);
      const entries = await listSandbox(record.sandbox, request.path);
      return {
        files: entries.map((e) => ({ path: e.path, size: e.size, isDir: e.isDir, mtime: e.mtime, mode: e.mode })),
      };
    }),
    ReadFile: unary<v1.ReadFileRequest__Output, v1.ReadFileResponse>(AGENT_ERRORS, logger, async (request, call) => {
      const principal = callerOf(call, auth);
      const record = taskForFiles(agent, request.taskId?.value ?? '');
      authorizeSandbox(auth, principal, record);
      const read = await readSandboxFile(record.sandbox, request.path, request.offset, request.length);
      return { data: read.data, offset: read.offset, size: read.size };
    }),
  };
}
