import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The allocator's Prometheus metrics. One instance per registry. */
export class AllocatorMetrics {
  readonly cycles: Counter;
  readonly targetedCycles: Counter;
  readonly cycleDurationSeconds: Histogram;
  readonly allocations: Counter;
  readonly agents: Gauge;
  readonly frameworks: Gauge;
  readonly masterConnected: Gauge;
  readonly streamsFailed: Counter<'code'>;
  readonly revocations: Counter;
  readonly fragmentation: Gauge<'resource'>;
  readonly lentCpus: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.cycles = new Counter({
      name: 'tessera_allocator_cycles_total',
      help: 'Allocation cycles run.',
      registers,
    });
    this.targetedCycles = new Counter({
      name: 'tessera_allocator_targeted_cycles_total',
      help:
        'Allocation cycles that offered only the agents changed since the previous cycle (recovered, added, ' +
        'updated); included in tessera_allocator_cycles_total.',
      registers,
    });
    this.cycleDurationSeconds = new Histogram({
      name: 'tessera_allocator_cycle_duration_seconds',
      help: 'Time one allocation cycle took in the core.',
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.allocations = new Counter({
      name: 'tessera_allocator_allocations_total',
      help: 'Allocations sent to the master (one per framework, role and agent).',
      registers,
    });
    this.agents = new Gauge({ name: 'tessera_allocator_agents', help: 'Agents in the model.', registers });
    this.frameworks = new Gauge({ name: 'tessera_allocator_frameworks', help: 'Frameworks in the model.', registers });
    this.masterConnected = new Gauge({
      name: 'tessera_allocator_master_connected',
      help: '1 while a master Connect stream with an applied snapshot is open.',
      registers,
    });
    this.streamsFailed = new Counter({
      name: 'tessera_allocator_streams_failed_total',
      help: 'Connect streams the allocator ended with an error status, by gRPC code.',
      labelNames: ['code'],
      registers,
    });
    this.revocations = new Counter({
      name: 'tessera_allocator_revocations_total',
      help: 'Revocations of lent resources sent to the master (one per framework, role and agent).',
      registers,
    });
    this.fragmentation = new Gauge({
      name: 'tessera_allocator_fragmentation_ratio',
      help:
        'Free resources no allocation can use, as a fraction of what is free on active agents, after the last cycle: ' +
        'cpus on agents with less than the minimum fragment of mem free, and mem on agents with less than the ' +
        'minimum fragment of cpus free.',
      labelNames: ['resource'],
      registers,
    });
    this.lentCpus = new Gauge({
      name: 'tessera_allocator_lent_cpus',
      help: 'Cpus of idle guarantees lent as revocable resources and not yet recovered.',
      registers,
    });
  }
}
