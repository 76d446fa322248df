/**
 * tessera.v1.Agent: the API every agent serves on its own address — its state,
 * its tasks and their containers, and read-only, sandbox-confined access to task
 * files (see sandbox-files.ts). Errors map through AGENT_ERRORS.
 */
import type * as grpc from '@grpc/grpc-js';
import { scalarOf } from '@tessera/domain';
import type { v1 } from '@tessera/proto';
import { unary, type Logger } from '@tessera/runtime';
import type { Agent } from '../agent.js';
import { AGENT_ERRORS } from '../errors.js';
import { taskForFiles } from './file-requests.js';
import { listSandbox, readSandboxFile } from '../sandbox-files.js';

/** "cgroups-v1" or "posix" for real processes (the isolator chosen at start), "simulated" for the simulated backend. */
export function isolationOf(agent: Agent): string {
  return agent.isolation;
}

export function agentStateResponse(agent: Agent): v1.GetAgentStateResponse {
  return {
    info: agent.info(),
    masterEndpoint: agent.registeredMaster(),
    registered: agent.isRegistered(),
    isolation: isolationOf(agent),
    workDir: agent.workDir,
    draining: agent.tracker.draining,
    tasks: agent.tasks().map((record) => agent.taskToProto(record)),
    pendingUpdates: agent.tracker.updates.pendingCount,
  };
}

export function agentApiImplementation(agent: Agent, logger: Logger): grpc.UntypedServiceImplementation {
  return {
    GetState: unary<v1.GetAgentStateRequest__Output, v1.GetAgentStateResponse>(AGENT_ERRORS, logger, () =>
      agentStateResponse(agent),
    ),
    GetTasks: unary<v1.GetAgentTasksRequest__Output, v1.GetAgentTasksResponse>(AGENT_ERRORS, logger, () => ({
      tasks: agent.tasks().map((record) => agent.taskToProto(record)),
    })),
    GetContainers: unary<v1.GetContainersRequest__Output, v1.GetContainersResponse>(AGENT_ERRORS, logger, async () => {
      const live = agent.tracker.liveTasks();
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
    }),
    ListFiles: unary<v1.ListFilesRequest__Output, v1.ListFilesResponse>(AGENT_ERRORS, logger, async (request) => {
      const record = taskForFiles(agent, request.taskId?.value ?? '');
      const entries = await listSandbox(record.sandbox, request.path);
      return {
        files: entries.map((e) => ({ path: e.path, size: e.size, isDir: e.isDir, mtime: e.mtime, mode: e.mode })),
      };
    }),
    ReadFile: unary<v1.ReadFileRequest__Output, v1.ReadFileResponse>(AGENT_ERRORS, logger, async (request) => {
      const record = taskForFiles(agent, request.taskId?.value ?? '');
      const read = await readSandboxFile(record.sandbox, request.path, request.offset, request.length);
      return { data: read.data, offset: read.offset, size: read.size };
    }),
  };
}
