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
 * Chronos's settings: flags (`--http-port`), environment (`TESSERA_HTTP_PORT`)
 * or a JSON file (`--config`). Defaults follow Chronos where it has one (a
 * task's 0.1 cpus, 128 MB and 256 MB of disk, an epsilon of 60 s, a failover
 * timeout of one week); its REST port is 4400 as the issue's dev cluster has it
 * (Chronos itself used 8080, which Marathon takes here).
 */
export const chronosConfigSchema = z.object({
  /** Address to bind (REST and gRPC). */
  host: z.string().default('127.0.0.1'),
  /** Host that other Chronos processes and clients should use to reach this one, if not `host`. */
  advertiseHost: z.string().optional(),
  /** REST API (/v1/scheduler/...), /ping, /metrics and /healthz. */
  httpPort: portFlag(4400),
  /** gRPC (tessera.v1.Chronos, health, reflection). */
  port: portFlag(4410),
  /** The master's gRPC address, or several masters' ("a:5050,b:5050"): the framework follows their leader. */
  master: addressListFlag('127.0.0.1:5050'),
  /** Redis URL of the state store; absent: in-memory (dev only, state dies with the process). */
  redisUrl: z.string().url().optional(),
  /** NATS URL of the event bus; absent: in-process (dev only). */
  natsUrl: z.string().optional(),
  /** Stable identity for leader election; default host name plus a random suffix. */
  chronosId: z.string().min(1).optional(),
  /** Leader lease time-to-live; renewed every third of it. */
  leaderLeaseMs: z.coerce.number().int().min(300).default(10_000),
  /** The framework's name, as the master shows it. */
  frameworkName: z.string().min(1).default('chronos'),
  /** The role Chronos subscribes with. */
  role: z.string().min(1).default('chronos'),
  /** The user tasks run as when a job names none (`runAsUser`); default the framework's (the master's rule). */
  user: z.string().optional(),
  /** How long the master keeps Chronos's tasks while no Chronos is subscribed (one week). */
  failoverTimeoutSeconds: z.coerce.number().min(0).default(604_800),
  /** How often every active run's task is reconciled with the master. */
  reconciliationIntervalMs: z.coerce.number().int().min(1000).default(600_000),
  /** A job's cpus when it asks for 0 (Chronos's `--mesos_task_cpu`). */
  taskCpus: z.coerce.number().positive().default(0.1),
  /** A job's mem in MB when it asks for 0 (`--mesos_task_mem`). */
  taskMemMb: z.coerce.number().positive().default(128),
  /** A job's disk in MB when it asks for 0 (`--mesos_task_disk`). */
  taskDiskMb: z.coerce.number().positive().default(256),
  /** A job's epsilon when it gives none (`--task_epsilon`), seconds. */
  taskEpsilonSeconds: z.coerce.number().min(0).default(60),
  /**
   * Labels added to every task, "key=value,key=value" (e.g.
   * `tessera.simulated.duration_ms=100` for the benchmark's simulated agents).
   */
  taskLabels: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const labels: Record<string, string> = {};
      for (const pair of text
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '')) {
        const at = pair.indexOf('=');
        if (at <= 0) {
          ctx.addIssue({ code: 'custom', message: `"${pair}" is not key=value` });
          return z.NEVER;
        }
        labels[pair.slice(0, at)] = pair.slice(at + 1);
      }
      return labels;
    }),
  /** Ended runs kept per job in the history (older ones are dropped; the counters keep counting). */
  historyPerJob: z.coerce.number().int().min(1).default(100),
  /** Mutual TLS on the gRPC server and the stream to the master (`--tls-cert`, `--tls-key`, `--tls-ca`); none: plaintext. */
  ...tlsConfigFields,
  /** The secret it proves itself to the masters with, in a file (`--master-secret-file`): sent as `authorization: Bearer`. */
  ...masterSecretConfigFields,
  /** REST callers authenticate against this credentials file (`--credentials`); none: anonymous, allowed. */
  ...serviceAuthConfigFields,
  logLevel: logLevelFlag,
});

export type ChronosConfig = z.infer<typeof chronosConfigSchema>;

export function loadChronosConfig(options: Partial<LoadConfigOptions> = {}): ChronosConfig {
  return loadConfig(chronosConfigSchema, { name: 'chronos', ...options });
}
