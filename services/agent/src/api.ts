/**
 * tessera.v1.Agent: the API every agent serves on its own address — its state,
 * its tasks and their containers, and read-only, sandbox-confined access to task
 * files (see sandbox-files.ts). Errors map through AGENT_ERRORS.
 */
import type * as grpc from '@grpc/grpc-js';
import { readdir, readFile } from 'node:fs/promises';
import { scalarOf } from '@tessera/domain';
import type { v1 } from '@tessera/proto';
import { unary, type Logger } from '@tessera/runtime';
import type { Agent } from './agent.js';
import type { TaskRecord } from './core/task-tracker.js';
import { AGENT_ERRORS, UnknownTaskError } from './errors.js';
import { listSandbox, readSandboxFile } from './sandbox-files.js';

/** "posix" for real processes (no cgroups yet), "simulated" for the simulated backend. */
export function isolationOf(agent: Agent): string {
  return agent.executorBackend === 'simulated' ? 'simulated' : 'posix';
}

function taskOrThrow(agent: Agent, taskId: string): TaskRecord {
  const record = taskId === '' ? undefined : agent.tracker.find(taskId);
  if (record === undefined) throw new UnknownTaskError(`task ${JSON.stringify(taskId)} is unknown to this agent`);
  return record;
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
      const usage = await processGroupUsage(new Set(live.map((r) => r.pid ?? 0).filter((pid) => pid > 0)));
      return {
        containers: live.map((record) => {
          const used = usage.get(record.pid ?? 0);
          return {
            frameworkId: { value: record.task.frameworkId },
            taskId: { value: record.task.taskId },
            pid: record.pid ?? 0,
            usage: {
              cpusUserTimeSeconds: used?.userSeconds ?? 0,
              cpusSystemTimeSeconds: used?.systemSeconds ?? 0,
              memRssMb: used?.rssMb ?? 0,
              diskUsedMb: 0,
              cpusLimit: scalarOf(record.task.resources, 'cpus'),
              memLimitMb: scalarOf(record.task.resources, 'mem'),
            },
          };
        }),
      };
    }),
    ListFiles: unary<v1.ListFilesRequest__Output, v1.ListFilesResponse>(AGENT_ERRORS, logger, async (request) => {
      const record = taskOrThrow(agent, request.taskId?.value ?? '');
      const entries = await listSandbox(record.sandbox, request.path);
      return {
        files: entries.map((e) => ({ path: e.path, size: e.size, isDir: e.isDir, mtime: e.mtime, mode: e.mode })),
      };
    }),
    ReadFile: unary<v1.ReadFileRequest__Output, v1.ReadFileResponse>(AGENT_ERRORS, logger, async (request) => {
      const record = taskOrThrow(agent, request.taskId?.value ?? '');
      const read = await readSandboxFile(record.sandbox, request.path, request.offset, request.length);
      return { data: read.data, offset: read.offset, size: read.size };
    }),
  };
}

interface GroupUsage {
  userSeconds: number;
  systemSeconds: number;
  rssMb: number;
}

// NOTE: Linux reports times in clock ticks and RSS in pages; USER_HZ is 100 and
// pages are 4 KiB on every platform Tessera targets (Node cannot ask sysconf).
const CLOCK_TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

/**
 * CPU time and RSS summed over every process in each task's process group (keyed
 * by the root pid = group ID), from one scan of /proc; includes the CPU time of
 * children already reaped. Empty off Linux.
 */
async function processGroupUsage(groups: ReadonlySet<number>): Promise<Map<number, GroupUsage>> {
  const usage = new Map<number, GroupUsage>();
  if (groups.size === 0) return usage;
  const entries = await readdir('/proc').catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
        // Fields after "(comm) ": state(3) ppid(4) pgrp(5) ... utime(14) stime(15) cutime(16) cstime(17) ... rss(24)
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const group = Number(fields[2]);
        if (!groups.has(group)) return;
        const field = (n: number) => Number(fields[n - 3] ?? 0) || 0;
        const total = usage.get(group) ?? { userSeconds: 0, systemSeconds: 0, rssMb: 0 };
        total.userSeconds += (field(14) + field(16)) / CLOCK_TICKS_PER_SECOND;
        total.systemSeconds += (field(15) + field(17)) / CLOCK_TICKS_PER_SECOND;
        total.rssMb += (field(24) * PAGE_BYTES) / (1024 * 1024);
        usage.set(group, total);
      }),
  );
  return usage;
}
