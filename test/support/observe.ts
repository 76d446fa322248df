/** What the agent e2e tests observe: task states, updates as text, the agent's own state. */
import { agentClient, call } from '@tessera/client';
import { isTaskState, isTerminalTaskState } from '@tessera/domain';
import type { v1 } from '@tessera/proto';
import type { Cluster } from './cluster.js';

/** Terminal task states, as the domain defines them. */
export const TERMINAL = { has: (state: string): boolean => isTaskState(state) && isTerminalTaskState(state) };

/** Updates one per line, for failure messages. */
export function describeUpdates(updates: readonly v1.TaskStatus__Output[]): string {
  return updates
    .map(
      (u) =>
        `${u.taskId?.value} ${String(u.state)} ${u.reason} uuid=${u.uuid} exit=${u.hasExitCode ? u.exitCode : '-'}`,
    )
    .join('\n');
}

/** Agent.GetState of the cluster's agent. */
export async function agentState(cluster: Cluster): Promise<v1.GetAgentStateResponse__Output> {
  const client = agentClient(cluster.agentAddress);
  try {
    return await call<v1.GetAgentStateRequest, v1.GetAgentStateResponse__Output>(client.GetState.bind(client), {});
  } finally {
    client.close();
  }
}
