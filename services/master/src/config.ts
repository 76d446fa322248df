import {
  addressListFlag,
  loadConfig,
  logLevelFlag,
  portFlag,
  tlsConfigFields,
  z,
  type LoadConfigOptions,
} from '@tessera/runtime';

/** The master's settings: flags (`--offer-timeout-ms`), environment (`TESSERA_OFFER_TIMEOUT_MS`) or a JSON file (`--config`). */
export const masterConfigSchema = z.object({
  /** Address to bind. */
  host: z.string().default('127.0.0.1'),
  /** Host that agents and frameworks should use to reach this master, if not `host`. */
  advertiseHost: z.string().optional(),
  /** gRPC port (Scheduler, AgentRegistry, Operator). */
  port: portFlag(5050),
  /** HTTP port for /metrics and /healthz. */
  httpPort: portFlag(5055),
  /**
   * The allocator's gRPC address, or several ("a:5051,b:5051"): the master uses one at a time and moves to the next
   * when its stream breaks.
   */
  allocator: addressListFlag('127.0.0.1:5051'),
  /** Redis URL of the state store; absent: in-memory (dev only, state dies with the process). */
  redisUrl: z.string().url().optional(),
  /** NATS URL of the event bus; absent: in-process (dev only). */
  natsUrl: z.string().optional(),
  /** Stable identity for leader election; default host name plus a random suffix. */
  masterId: z.string().min(1).optional(),
  /**
   * Leader lease time-to-live; renewed every third of it. A leader that cannot renew within it (Redis unreachable or
   * too slow, the process stopped) steps down, and a follower takes over once it lapses: after a kill -9 of the
   * leader, a new one serves within about this long plus `leaderCampaignIntervalMs` and the registry's load time.
   */
  leaderLeaseMs: z.coerce.number().int().min(300).default(1_500),
  /** How often a follower tries to win the lease (one Redis round trip each). */
  leaderCampaignIntervalMs: z.coerce.number().int().min(10).default(100),
  /** Outstanding offers are rescinded after this long; 0 keeps them until used or declined. */
  offerTimeoutMs: z.coerce.number().int().min(0).default(60_000),
  /** A disconnected agent (or one not back after a master failover) becomes unreachable after this long. */
  agentUnreachableTimeoutMs: z.coerce.number().int().min(100).default(75_000),
  /** Interval of HEARTBEAT events on framework streams. */
  heartbeatIntervalMs: z.coerce.number().int().min(100).default(15_000),
  /** Interval of pings to agents. */
  agentPingIntervalMs: z.coerce.number().int().min(100).default(5_000),
  /**
   * An agent that answers none of this many pings in a row is disconnected (its
   * stream is closed) and becomes unreachable after `agentUnreachableTimeoutMs`.
   */
  agentMaxMissedPings: z.coerce.number().int().min(1).max(1000).default(3),
  /**
   * Credentials file (JSON or YAML, see infra/examples/credentials.yaml): the principals and secrets callers may
   * present as `authorization: Bearer <secret>` or `Basic` metadata. Given (or `acls`, or TLS): every caller must
   * authenticate. Absent: a caller presenting a secret is refused; one presenting nothing is anonymous (dev only).
   */
  credentials: z.string().min(1).optional(),
  /** ACL file (JSON or YAML, see infra/examples/acls.yaml); absent: every authenticated request is allowed. */
  acls: z.string().min(1).optional(),
  /** Audit log file (JSON lines, appended): operator actions and refusals. Absent: audit records only go to NATS. */
  auditLog: z.string().min(1).optional(),
  /** Mutual TLS on every gRPC server and client of the master (`--tls-cert`, `--tls-key`, `--tls-ca`); none: plaintext. */
  ...tlsConfigFields,
  logLevel: logLevelFlag,
});

export type MasterConfig = z.infer<typeof masterConfigSchema>;

export function loadMasterConfig(options: Partial<LoadConfigOptions> = {}): MasterConfig {
  return loadConfig(masterConfigSchema, { name: 'master', ...options });
}
