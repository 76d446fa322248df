import { join } from 'node:path';
import { startAgent, type RunningAgent } from '@tessera/agent';
import { LeaderCalls, operatorClient } from '@tessera/client';
import type { v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';

/**
 * Starts `count` agents with the simulated backend in this process (no API
 * servers of their own; tasks reach TASK_RUNNING without processes), named
 * `sim-<i>`, each with `resources`, and waits until the master lists all of
 * them ACTIVE.
 */
export async function startSimulatedAgents(
  master: string,
  count: number,
  workDir: string,
  resources: string,
): Promise<RunningAgent[]> {
  const agents: RunningAgent[] = [];
  for (let i = 0; i < count; i++) {
    agents.push(
      await startAgent({
        master,
        executor: 'simulated',
        serveApi: false,
        hostname: `sim-${i}`,
        workDir: join(workDir, `agent-${i}`),
        resources,
        checkpoint: false,
        bootId: `bench-boot-${i}`,
        logLevel: 'warn',
      }),
    );
  }
  await waitForActiveAgents(master, count);
  return agents;
}

/** Waits until the leading master (of `masters`: one address or a list) lists `count` agents ACTIVE (at most 120 s). */
export async function waitForActiveAgents(masters: string, count: number): Promise<void> {
  const operator = new LeaderCalls(masters, operatorClient);
  try {
    await waitFor(
      async () => {
        const response = await operator.call<v1.GetAgentsRequest, v1.GetAgentsResponse__Output>(
          (client) => client.GetAgents.bind(client),
          {},
          { timeoutMs: 30_000 },
        );
        return response.agents.filter((a) => a.status === 'ACTIVE').length === count;
      },
      { timeoutMs: 120_000, intervalMs: 250, what: `${count} agents to register` },
    );
  } finally {
    operator.close();
  }
}
