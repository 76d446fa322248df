import { listFlag, logLevelFlag, portFlag, tlsConfigFields, z } from '@tessera/runtime';

/**
 * The allocator's configuration: flags (`--allocation-interval-ms 500`),
 * environment (`TESSERA_ALLOCATION_INTERVAL_MS=500`) or a JSON file (`--config`).
 *
 * Flags: --host, --port, --http-port, --allocation-interval-ms,
 * --min-allocatable-cpus, --min-allocatable-mem-mb,
 * --fairness-exclude-resource-names (default gpus), --placement
 * shuffle|binpack (default shuffle), --seed, --tls-cert, --tls-key, --tls-ca,
 * --log-level.
 */
export const allocatorConfigSchema = z.object({
  /** Interface for the gRPC and HTTP servers. */
  host: z.string().min(1).default('127.0.0.1'),
  /** gRPC port (tessera.v1.Allocator, health, reflection); 0 picks a free port. */
  port: portFlag(5051),
  /** HTTP port for /metrics and /healthz; 0 picks a free port. */
  httpPort: portFlag(5052),
  /** Time between periodic allocation cycles. */
  allocationIntervalMs: z.coerce.number().int().min(1).default(1000),
  /** An allocation must hold at least this many cpus or `minAllocatableMemMb` of mem. */
  minAllocatableCpus: z.coerce.number().min(0).default(0.01),
  minAllocatableMemMb: z.coerce.number().min(0).default(32),
  /** Resource kinds left out of dominant shares. */
  fairnessExcludeResourceNames: listFlag(['gpus']),
  /**
   * Order in which agents are visited each cycle: `shuffle` (Mesos's; a seeded
   * random order) or `binpack` (best fit: agents with the least free cpus, then
   * mem, first, so that whole agents stay free for large tasks).
   */
  placement: z.enum(['shuffle', 'binpack']).default('shuffle'),
  /** Seed for the agent shuffle; random (and logged) when absent, so a run can be replayed. */
  seed: z.coerce.number().int().optional(),
  /** Mutual TLS on the gRPC server (`--tls-cert`, `--tls-key`, `--tls-ca`): only clients with a certificate of the CA; none: plaintext. */
  ...tlsConfigFields,
  logLevel: logLevelFlag,
});

export type AllocatorConfig = z.infer<typeof allocatorConfigSchema>;
/** What callers may pass: every field optional, strings accepted where flags would give them. */
export type AllocatorConfigInput = z.input<typeof allocatorConfigSchema>;
