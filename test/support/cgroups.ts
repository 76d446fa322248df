import { readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where the agent's cgroups v1 hierarchies are mounted (its --cgroups-root default). */
const CGROUPS_ROOT = '/sys/fs/cgroup';

/**
 * The cgroup directories (one per controller) of the containers of task
 * `taskId` on agent `agentId`: `<root>/<controller>/tessera/<agentId>/<taskId>.<hash>`.
 * Empty when there are none, or off cgroups v1.
 */
export function containerCgroups(agentId: string, taskId: string): string[] {
  const found: string[] = [];
  let controllers: string[];
  try {
    controllers = readdirSync(CGROUPS_ROOT);
  } catch {
    return found;
  }
  for (const controller of controllers) {
    const parent = join(CGROUPS_ROOT, controller, 'tessera', agentId);
    try {
      for (const entry of readdirSync(parent, { withFileTypes: true })) {
        if (entry.isDirectory() && entry.name.startsWith(`${taskId}.`)) found.push(join(parent, entry.name));
      }
    } catch {
      // no such controller or agent
    }
  }
  return found;
}

/**
 * Test cleanup: removes the (empty) cgroups of agent `agentId`, containers
 * first, as a reboot would. Best effort: a cgroup with a process left refuses.
 */
export function removeAgentCgroups(agentId: string): void {
  let controllers: string[];
  try {
    controllers = readdirSync(CGROUPS_ROOT);
  } catch {
    return;
  }
  for (const controller of controllers) {
    const parent = join(CGROUPS_ROOT, controller, 'tessera', agentId);
    let containers: string[] = [];
    try {
      containers = readdirSync(parent, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
    } catch {
      continue;
    }
    for (const container of containers) {
      try {
        rmdirSync(join(parent, container));
      } catch {
        // still busy
      }
    }
    try {
      rmdirSync(parent);
    } catch {
      // still busy
    }
  }
}

/**
 * Test cleanup after an agent that may have been killed: SIGKILLs every process
 * left in its containers (a task of an agent that never came back), waits for
 * them to be gone, then removes its cgroups.
 */
export async function killAgentContainers(agentId: string): Promise<void> {
  const parent = join(CGROUPS_ROOT, 'pids', 'tessera', agentId);
  let containers: string[] = [];
  try {
    containers = readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name, 'cgroup.procs'));
  } catch {
    return;
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    const pids = containers.flatMap((procs) => {
      try {
        return readFileSync(procs, 'utf8')
          .split('\n')
          .filter((line) => line !== '')
          .map(Number);
      } catch {
        return [];
      }
    });
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  removeAgentCgroups(agentId);
}
