import { formatResources } from '@tessera/domain';
import { resourcesFromProto, type v1 } from '@tessera/proto';
import { operatorCall } from './master-calls.js';
import { renderTable } from './table.js';

const since = (seconds: number): string => (seconds > 0 ? new Date(seconds * 1000).toISOString() : '-');

/** `tessera agents|frameworks|tasks`: tables from the leading master's Operator API, or JSON with --json. */
export async function printState(
  what: 'agents' | 'frameworks' | 'tasks',
  master: string,
  json: boolean,
): Promise<void> {
  if (what === 'agents') {
    const response = await operatorCall<v1.GetAgentsRequest, v1.GetAgentsResponse__Output>(
      master,
      (client) => client.GetAgents,
      {},
    );
    if (json) return void process.stdout.write(JSON.stringify(response.agents, null, 2) + '\n');
    process.stdout.write(
      renderTable(
        ['ID', 'HOSTNAME', 'STATUS', 'RESOURCES', 'USED', 'REGISTERED'],
        response.agents.map((a) => [
          a.info?.id?.value ?? '',
          a.info?.hostname ?? '',
          String(a.status),
          formatResources(resourcesFromProto(a.info?.resources ?? [])),
          formatResources(resourcesFromProto(a.used)),
          since(a.registeredTime),
        ]),
      ),
    );
  } else if (what === 'frameworks') {
    const response = await operatorCall<v1.GetFrameworksRequest, v1.GetFrameworksResponse__Output>(
      master,
      (client) => client.GetFrameworks,
      {},
    );
    if (json) return void process.stdout.write(JSON.stringify(response.frameworks, null, 2) + '\n');
    process.stdout.write(
      renderTable(
        ['ID', 'NAME', 'ROLES', 'CONNECTED', 'TASKS', 'ALLOCATED'],
        response.frameworks.map((f) => [
          f.info?.id?.value ?? '',
          f.info?.name ?? '',
          (f.info?.roles ?? []).join(','),
          f.connected ? 'yes' : 'no',
          String(f.taskCount),
          formatResources(resourcesFromProto(f.allocated)),
        ]),
      ),
    );
  } else {
    const response = await operatorCall<v1.GetTasksRequest, v1.GetTasksResponse__Output>(
      master,
      (client) => client.GetTasks,
      {},
    );
    if (json) return void process.stdout.write(JSON.stringify(response.tasks, null, 2) + '\n');
    process.stdout.write(
      renderTable(
        ['ID', 'NAME', 'STATE', 'FRAMEWORK', 'AGENT', 'RESOURCES'],
        response.tasks.map((t) => [
          t.task?.taskId?.value ?? '',
          t.task?.name ?? '',
          String(t.status?.state ?? ''),
          t.frameworkId?.value ?? '',
          t.agentId?.value ?? '',
          formatResources(resourcesFromProto(t.task?.resources ?? [])),
        ]),
      ),
    );
  }
}
