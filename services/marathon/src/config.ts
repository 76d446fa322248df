import {
  addressListFlag,
  loadConfig,
  logLevelFlag,
  portFlag,
  masterSecretConfigFields,
  tlsConfigFields,
  z,
  type LoadConfigOptions,
} from '@tessera/runtime';
import { serviceAuthConfigFields } from '@tessera/framework/service';

/**
 * Marathon's settings: flags (`--http-port`), environment (`TESSERA_HTTP_PORT`)
 * or a JSON file (`--config`). Defaults follow Marathon 1.x where it has one
 * (REST on 8080, framework name "marathon", a failover timeout of one week).
 */
export const marathonConfigSchema = z.object({
  /** Address to bind (REST and gRPC). */
  host: z.string().default('127.0.0.1'),
  /** Host that other Marathons and clients should use to reach this one, if not `host`. */
  advertiseHost: z.string().optional(),
  /** REST API v2, /v2/events, /ping, /metrics and /healthz. */
  httpPort: portFlag(8080),
  /** gRPC (tessera.v1.Marathon, health, reflection). */
  port: portFlag(8090),
  /** The master's gRPC address, or several masters' ("a:5050,b:5050"): the framework follows their leader. */
  master: addressListFlag('127.0.0.1:5050'),
  /** Redis URL of the state store; absent: in-memory (dev only, state dies with the process). */
  redisUrl: z.string().url().optional(),
  /** NATS URL of the event bus; absent: in-process (dev only). */
  natsUrl: z.string().optional(),
  /** Stable identity for leader election; default host name plus a random suffix. */
  marathonId: z.string().min(1).optional(),
  /** Leader lease time-to-live; renewed every third of it. */
  leaderLeaseMs: z.coerce.number().int().min(300).default(10_000),
  /** The framework's name, as the master shows it. */
  frameworkName: z.string().min(1).default('marathon'),
  /** The role Marathon subscribes with, and every app's default `role`. */
  role: z.string().min(1).default('marathon'),
  /** The user tasks run as when an app names none; default the framework's (the master's rule). */
  user: z.string().optional(),
  /** How long the master keeps Marathon's tasks while no Marathon is subscribed (Marathon's default: one week). */
  failoverTimeoutSeconds: z.coerce.number().min(0).default(604_800),
  /** Service ports given to port definitions with port 0: [min, max). */
  localPortMin: z.coerce.number().int().min(1).max(65535).default(10_000),
  localPortMax: z.coerce.number().int().min(1).max(65535).default(20_000),
  /** How often every known task is reconciled with the master. */
  reconciliationIntervalMs: z.coerce.number().int().min(1000).default(600_000),
  /** Instances launched from one offer at most (Marathon's `max_instances_per_offer`). */
  maxInstancesPerOffer: z.coerce.number().int().min(1).default(100),
  /** Offers not used are declined for this long (Marathon's `decline_offer_duration`). */
  declineOfferSeconds: z.coerce.number().min(0).default(120),
  /** Mutual TLS on the gRPC server and the stream to the master (`--tls-cert`, `--tls-key`, `--tls-ca`); none: plaintext. */
  ...tlsConfigFields,
  /** The secret it proves itself to the masters with, in a file (`--master-secret-file`): sent as `authorization: Bearer`. */
  ...masterSecretConfigFields,
  /** REST callers authenticate against this credentials file (`--credentials`); none: anonymous, allowed. */
  ...serviceAuthConfigFields,
  logLevel: logLevelFlag,
});

export type MarathonConfig = z.infer<typeof marathonConfigSchema>;

export function loadMarathonConfig(options: Partial<LoadConfigOptions> = {}): MarathonConfig {
  return loadConfig(marathonConfigSchema, { name: 'marathon', ...options });
}
