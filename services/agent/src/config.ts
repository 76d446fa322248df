import os from 'node:os';
import { resolve } from 'node:path';
import { parseAttributes, ResourceParseError } from '@tessera/domain';
import {
  addressListFlag,
  masterSecretConfigFields,
  booleanFlag,
  logLevelFlag,
  portFlag,
  tlsConfigFields,
  z,
} from '@tessera/runtime';
import { computeAgentResources } from './core/resources.js';
import { DEFAULT_PIDS_MAX } from './isolation/cgroups-v1-isolator.js';

/** Reports malformed Mesos text as a config problem naming the position. */
function mesosText(parse: (text: string) => unknown) {
  return (text: string, context: z.RefinementCtx): void => {
    try {
      parse(text);
    } catch (error) {
      if (!(error instanceof ResourceParseError)) throw error;
      context.addIssue({ code: z.ZodIssueCode.custom, message: error.message });
    }
  };
}

/**
 * The agent's settings: flags (`--work-dir /var/lib/tessera`), environment
 * (`TESSERA_WORK_DIR`) or a JSON file (`--config`).
 */
export const agentConfigSchema = z.object({
  /**
   * gRPC address of the master ("host:port"), or of several masters
   * ("a:5050,b:5050"): the agent registers with their leader and follows it.
   */
  master: addressListFlag('127.0.0.1:5050'),
  /** Address the agent's own gRPC and HTTP servers bind. */
  host: z.string().min(1).default('127.0.0.1'),
  /** Host the master and clients should use to reach this agent, if not `host` (default: `host`, or `hostname` when binding all interfaces). */
  advertiseHost: z.string().min(1).optional(),
  /** gRPC port of tessera.v1.Agent; 0 picks a free port. */
  port: portFlag(5060),
  /** HTTP port (/metrics, /healthz, /files/*); 0 picks a free port. */
  httpPort: portFlag(5061),
  /** Sandboxes and checkpoints live here; relative paths are resolved against the working directory. */
  workDir: z
    .string()
    .min(1)
    .default('.tessera/agent')
    .transform((path) => resolve(path)),
  /** Mesos resource text, e.g. "cpus:4;mem:8192;ports:[31000-32000];cpus(eng):2"; named resources replace detected ones. */
  resources: z
    .string()
    .superRefine(mesosText((text) => computeAgentResources({ cpuCount: 1, memTotalMb: 0, diskTotalMb: 0 }, text)))
    .optional(),
  /** Mesos attribute text, e.g. "rack:r1;zone:a". */
  attributes: z.string().superRefine(mesosText(parseAttributes)).optional(),
  /** Host name reported to the master. */
  hostname: z.string().min(1).default(os.hostname()),
  /** "process": real processes; "simulated": no processes (benchmarks, tests). */
  executor: z.enum(['process', 'simulated']).default('process'),
  /**
   * How process tasks are isolated: "cgroups" (cgroups v1; the agent must run as
   * root on Linux with the memory, cpu, cpuacct and pids controllers mounted, or
   * it refuses to start), "posix" (process groups, memory enforced by sampling
   * /proc every second), or "auto": cgroups when possible, else posix. The choice
   * is logged at start and reported in Agent.GetState. Ignored by the simulated executor.
   */
  isolation: z.enum(['auto', 'cgroups', 'posix']).default('auto'),
  /**
   * Who forks task processes: "helper" (a small helper process, so that the
   * agent's own memory does not slow every fork and its event loop is not
   * blocked by them) or "direct" (the agent itself).
   */
  spawner: z.enum(['helper', 'direct']).default('helper'),
  /** Where the cgroup v1 hierarchies are mounted (one directory per controller). */
  cgroupsRoot: z.string().min(1).default('/sys/fs/cgroup'),
  /** With cgroups: also a hard cpu limit per task (cpu.cfs_quota_us = cpus × 100 ms per 100 ms), not only shares. */
  cgroupsEnableCfs: booleanFlag(false),
  /** With cgroups: the most processes (and threads) one task may have at once (pids.max). */
  cgroupsPidsMax: z.coerce.number().int().min(1).default(DEFAULT_PIDS_MAX),
  /**
   * When the agent runs as root: the user of tasks whose TaskInfo (and
   * framework) name none. Default "nobody", as Nomad's exec driver. Tasks of a
   * non-root agent run as the agent's user.
   */
  defaultUser: z.string().min(1).default('nobody'),
  /** When the agent runs as root: allow tasks to run as root. Default false: such launches fail with REASON_TASK_UNAUTHORIZED. */
  allowRootTasks: booleanFlag(false),
  /** Between two samples of each task's sandbox (disk usage, listening ports, log sizes). */
  sandboxCheckIntervalMs: z.coerce.number().int().min(10).default(5_000),
  /** End a task whose sandbox outgrows its `disk` resource (TASK_FAILED, REASON_CONTAINER_LIMITATION_DISK). */
  enforceContainerDiskQuota: booleanFlag(true),
  /** End a task that listens on a TCP port outside its `ports` resources (REASON_CONTAINER_LIMITATION_PORTS); it is always logged and counted. */
  enforceContainerPorts: booleanFlag(false),
  /** Rotate a task's stdout and stderr once larger than this (bytes, copy-truncate); 0: never. */
  logRotateBytes: z.coerce
    .number()
    .int()
    .min(0)
    .default(10 * 1024 * 1024),
  /** Rotated copies kept (stdout.1 … stdout.N). */
  logRotateKeep: z.coerce.number().int().min(0).default(5),
  /** Sandboxes (and meta directories) of ended runs are removed this long after their last change (Mesos's --gc_delay). */
  sandboxGcDelayMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(7 * 24 * 3600 * 1000),
  /** Overrides the kernel's boot ID (tests, simulated agents). */
  bootId: z.string().min(1).optional(),
  /** First resend delay of an unacknowledged status update; doubles per resend. */
  statusUpdateRetryMs: z.coerce.number().int().min(1).default(2_000),
  /** Upper bound of the resend delay (raised to statusUpdateRetryMs if lower). */
  statusUpdateRetryMaxMs: z.coerce.number().int().min(1).default(60_000),
  /** Serve tessera.v1.Agent and the HTTP endpoint; false for many simulated agents in one process. */
  serveApi: booleanFlag(true),
  /** Keep agent.json and unacknowledged status updates in the work directory. */
  checkpoint: booleanFlag(true),
  /** Mutual TLS on the agent's gRPC server and its stream to the master (`--tls-cert`, `--tls-key`, `--tls-ca`); none: plaintext. */
  ...tlsConfigFields,
  /**
   * Credentials file (JSON or YAML, the master's format; see infra/examples/credentials.yaml): the principals and
   * secrets callers of the agent's API (gRPC `authorization` metadata, HTTP `Authorization`) may present. Given (or
   * `acls`, or TLS): every caller of the API but /healthz and /metrics must authenticate. Absent: a caller presenting
   * a secret is refused; one presenting nothing is anonymous (dev only).
   */
  credentials: z.string().min(1).optional(),
  /** ACL file (JSON or YAML, the master's format): `view_sandboxes` and `view_tasks` on the agent. Absent: all allowed. */
  acls: z.string().min(1).optional(),
  /** Audit log file (JSON lines, appended): refusals of the agent's API. Absent: none kept. */
  auditLog: z.string().min(1).optional(),
  /**
   * A file holding this agent's secret (one of the master's `--credentials`, of kind agent), sent to the master as
   * `authorization: Bearer <secret>` on the agent's stream; surrounding whitespace is trimmed. Absent: the agent
   * authenticates with its TLS certificate, if any. An empty or unreadable file stops the agent at start.
   */
  ...masterSecretConfigFields,
  logLevel: logLevelFlag,
});

export type AgentConfig = z.infer<typeof agentConfigSchema>;
/** What callers may pass: every field optional, strings accepted where flags would give them. */
export type AgentConfigInput = z.input<typeof agentConfigSchema>;
