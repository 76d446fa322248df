import { Counter, Gauge, type Registry } from 'prom-client';
import type { Agent } from './agent.js';

/** Registers the agent's metrics; every value is read from the agent when scraped. */
export function registerAgentMetrics(registry: Registry, agent: Agent): void {
  new Gauge({
    name: 'tessera_agent_registered',
    help: '1 while the agent is registered with a master',
    registers: [registry],
    collect() {
      this.set(agent.isRegistered() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'tessera_agent_tasks',
    help: 'Live tasks on this agent by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const record of agent.tracker.liveTasks()) this.inc({ state: record.state });
    },
  });
  new Gauge({
    name: 'tessera_agent_pending_status_updates',
    help: 'Status updates not yet acknowledged by their frameworks',
    registers: [registry],
    collect() {
      this.set(agent.tracker.updates.pendingCount);
    },
  });
  const counters: [string, string, () => number][] = [
    [
      'tessera_agent_status_updates_sent_total',
      'Status updates sent to the master, resends included',
      () => agent.stats.statusUpdatesSent,
    ],
    [
      'tessera_agent_status_updates_acknowledged_total',
      'Status updates acknowledged',
      () => agent.stats.statusUpdatesAcknowledged,
    ],
    ['tessera_agent_tasks_launched_total', 'Task launches started', () => agent.stats.tasksLaunched],
    ['tessera_agent_master_connects_total', 'Connection attempts to the master', () => agent.stats.connects],
  ];
  for (const [name, help, read] of counters) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  }
}
