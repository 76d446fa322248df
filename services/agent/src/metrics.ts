import { Counter, Gauge, type Registry } from 'prom-client';
import type { Agent } from './agent.js';
import { MIB, type ContainerUsage } from './isolation/types.js';

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
  registerTaskUsageMetrics(registry, agent);
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
    [
      'tessera_agent_port_violations_total',
      'Tasks found listening on TCP ports outside their ports resources (each new set of ports once)',
      () => agent.stats.portViolations,
    ],
    [
      'tessera_agent_sandboxes_collected_total',
      'Sandboxes and meta directories of ended runs removed by garbage collection',
      () => agent.stats.sandboxesCollected,
    ],
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

/**
 * Usage of every live task's container, read from the cgroup or /proc when
 * scraped (as `Agent.GetContainers`): cpu seconds by mode, memory and sandbox
 * disk bytes, labelled with the framework and task IDs.
 */
function registerTaskUsageMetrics(registry: Registry, agent: Agent): void {
  type Sample = { labels: { framework_id: string; task_id: string }; used: ContainerUsage }[];
  // NOTE: the registry collects every metric at once; the three gauges share one sample per scrape.
  let sampled: { atMs: number; sample: Promise<Sample> } | undefined;
  const sample = (): Promise<Sample> => {
    const now = Date.now();
    if (sampled !== undefined && now - sampled.atMs < SAMPLE_REUSE_MS) return sampled.sample;
    const live = agent.tracker.liveTasks();
    const taken = Promise.all(live.map((record) => agent.containerUsage(record.task.taskId))).then((usage) =>
      live.flatMap((record, index) => {
        const used = usage[index];
        const labels = { framework_id: record.task.frameworkId, task_id: record.task.taskId };
        return used === undefined ? [] : [{ labels, used }];
      }),
    );
    sampled = { atMs: now, sample: taken };
    return taken;
  };
  const labelNames = ['framework_id', 'task_id'] as const;
  new Gauge({
    name: 'tessera_agent_task_cpu_seconds',
    help: "CPU time used by a live task's container, by mode (user, system)",
    labelNames: [...labelNames, 'mode'],
    registers: [registry],
    async collect() {
      const taken = await sample();
      this.reset();
      for (const { labels, used } of taken) {
        this.set({ ...labels, mode: 'user' }, used.cpusUserTimeSeconds);
        this.set({ ...labels, mode: 'system' }, used.cpusSystemTimeSeconds);
      }
    },
  });
  new Gauge({
    name: 'tessera_agent_task_memory_bytes',
    help: "Memory of a live task's container (cgroup usage, or RSS summed over its processes)",
    labelNames,
    registers: [registry],
    async collect() {
      const taken = await sample();
      this.reset();
      for (const { labels, used } of taken) this.set(labels, used.memRssMb * MIB);
    },
  });
  new Gauge({
    name: 'tessera_agent_task_disk_bytes',
    help: "Disk used by a live task's sandbox, as last sampled",
    labelNames,
    registers: [registry],
    async collect() {
      const taken = await sample();
      this.reset();
      for (const { labels, used } of taken) if (used.diskUsedMb !== undefined) this.set(labels, used.diskUsedMb * MIB);
    },
  });
}

/** A usage sample serves every gauge of one scrape (and scrapes this close together). */
const SAMPLE_REUSE_MS = 500;
