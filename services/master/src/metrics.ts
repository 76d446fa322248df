import { createMetricsRegistry } from '@tessera/runtime';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { MasterCounters } from './master.js';

/** What the master's gauges read when /metrics is scraped. */
export interface MasterGaugeSources {
  agents(): number;
  frameworks(): number;
  tasks(): number;
  offers(): number;
  allocatorConnected(): boolean;
  leading(): boolean;
}

/** The master's Prometheus metrics (`tessera_master_*`). */
export class MasterMetrics {
  readonly registry: Registry = createMetricsRegistry('master');
  private readonly offersSent = this.counter('tessera_master_offers_sent_total', 'Offers sent to frameworks');
  private readonly offersRescinded = this.counter('tessera_master_offers_rescinded_total', 'Offers rescinded');
  private readonly stale = this.counter(
    'tessera_master_stale_allocations_total',
    'Allocations handed back as stale (the framework or agent went away, or more than the master had free)',
  );
  private readonly resyncs = this.counter(
    'tessera_master_agent_resyncs_total',
    'Times the allocator was resynced about an agent after it offered more than the master had free there',
  );
  private readonly launched = this.counter('tessera_master_tasks_launched_total', 'Tasks sent to agents');
  private readonly updates = new Counter({
    name: 'tessera_master_status_updates_total',
    help: 'Status updates by state',
    labelNames: ['state'],
    registers: [this.registry],
  });
  private readonly invalid = new Counter({
    name: 'tessera_master_invalid_calls_total',
    help: 'Refused framework calls',
    labelNames: ['call'],
    registers: [this.registry],
  });
  private readonly factFailures = this.counter(
    'tessera_master_fact_publish_failures_total',
    'Facts that could not be published',
  );

  private counter(name: string, help: string): Counter {
    return new Counter({ name, help, registers: [this.registry] });
  }

  /** The counters the master actor increments. */
  readonly counters: MasterCounters = {
    offersSent: (n) => this.offersSent.inc(n),
    offersRescinded: (n) => this.offersRescinded.inc(n),
    staleAllocations: (n) => this.stale.inc(n),
    agentResyncs: (n) => this.resyncs.inc(n),
    tasksLaunched: (n) => this.launched.inc(n),
    statusUpdates: (state) => this.updates.inc({ state }),
    invalidCalls: (call) => this.invalid.inc({ call }),
  };

  factPublishFailed(): void {
    this.factFailures.inc();
  }

  /** Registers the gauges, read from `sources` at every scrape. */
  watch(sources: MasterGaugeSources): void {
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    gauge('tessera_master_agents', 'Known agents', sources.agents);
    gauge('tessera_master_frameworks', 'Known frameworks', sources.frameworks);
    gauge('tessera_master_tasks', 'Live tasks and ended ones not yet acknowledged', sources.tasks);
    gauge('tessera_master_offers', 'Outstanding offers', sources.offers);
    gauge('tessera_master_allocator_connected', '1 when the allocator stream is up', () =>
      sources.allocatorConnected() ? 1 : 0,
    );
    gauge('tessera_master_leader', '1 while this master leads (loaded and serving), 0 while it follows', () =>
      sources.leading() ? 1 : 0,
    );
  }
}
