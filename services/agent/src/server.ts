/**
 * The agent's composition root: config, machine facts, isolation, executor,
 * the Agent, its gRPC API and HTTP endpoints, wired and started.
 */
import { join } from 'node:path';
import { parseAttributes } from '@tessera/domain';
import { bearerTokenInterceptor } from '@tessera/client';
import { SERVICE_NAMES, tesseraGrpc, type v1 } from '@tessera/proto';
import {
  createGrpcClient,
  loadMasterSecret,
  loadTls,
  createLogger,
  createMetricsRegistry,
  parseConfig,
  startGrpcServer,
  startHttpServer,
  type Logger,
  type RunningGrpcServer,
  type RunningHttpServer,
} from '@tessera/runtime';
import type { Registry } from 'prom-client';
import { Agent } from './agent.js';
import { loadAgentAuth } from './auth.js';
import { agentApiImplementation } from './api/agent-service.js';
import { agentConfigSchema, type AgentConfig, type AgentConfigInput } from './config.js';
import { computeAgentResources } from './core/resources.js';
import { detectMachineFacts, readBootId } from './detect.js';
import { ProcessExecutor } from './executor/process-executor.js';
import { DirectSpawner, ForkServerSpawner } from './executor/spawner.js';
import { Fetcher } from './executor/fetcher.js';
import { SimulatedExecutor } from './executor/simulated-executor.js';
import type { Executor, Timer } from './executor/types.js';
import { registerFileRoutes } from './api/http-routes.js';
import { registerAgentMetrics } from './metrics.js';
import { selectIsolator } from './isolation/select-isolator.js';

export const SERVICE_NAME = 'tessera-agent';

export interface StartAgentOptions {
  /** Default: a JSON logger at `config.logLevel` (one per level per process, shared by agents started here). */
  readonly logger?: Logger;
  /** Default: the backend named by `config.executor`. */
  readonly executor?: Executor;
  /** Timers of the simulated backend (default: real, unref'd timers). */
  readonly timer?: Timer;
  /**
   * Makes the AgentRegistry client of one master of `config.master`. Default: a client of it over TLS when
   * configured, sending `--master-secret-file`'s secret when given.
   */
  readonly connectTo?: (address: string) => v1.AgentRegistryClient;
  /** Default: a new registry with Node's process metrics (only when the API is served). */
  readonly metricsRegistry?: Registry;
  /** Called once if the master refuses this agent (it stops connecting; its tasks keep running until stop()). */
  readonly onRefused?: (message: string) => void;
}

export interface RunningAgent {
  readonly config: AgentConfig;
  readonly agent: Agent;
  /** The agent ID once the master has given one (or the checkpointed one). */
  agentId(): string | undefined;
  /** Bound gRPC port of tessera.v1.Agent (0 when `serveApi` is false). */
  readonly grpcPort: number;
  /** Bound HTTP port (0 when `serveApi` is false). */
  readonly httpPort: number;
  /**
   * Closes the master stream and the servers. Kills the agent's tasks (dev
   * mode, SIGUSR1) unless `keepTasks` (an agent restart: the next agent process
   * recovers them). Idempotent.
   */
  stop(options?: { keepTasks?: boolean }): Promise<void>;
}

const sharedLoggers = new Map<string, Logger>();
function defaultLogger(level: string): Logger {
  let logger = sharedLoggers.get(level);
  if (logger === undefined) {
    logger = createLogger(SERVICE_NAME, { level });
    sharedLoggers.set(level, logger);
  }
  return logger;
}

function advertisedHost(config: AgentConfig): string {
  if (config.advertiseHost !== undefined) return config.advertiseHost;
  return config.host === '0.0.0.0' || config.host === '::' ? config.hostname : config.host;
}

/**
 * Starts an agent: measures the machine, computes its resources, serves its API
 * (unless `serveApi` is false) and connects to the master. `config` is validated
 * with the same schema as the command line; missing fields take their defaults.
 * Throws ConfigError for bad settings. Per agent without API servers: one
 * master stream (grpc-js shares the connection between clients of the same
 * address), a few timers, and the task state.
 */
export async function startAgent(
  config: AgentConfigInput = {},
  options: StartAgentOptions = {},
): Promise<RunningAgent> {
  const settings = parseConfig(agentConfigSchema, SERVICE_NAME, config as Record<string, unknown>);
  const logger = (options.logger ?? defaultLogger(settings.logLevel)).child({ agentHost: settings.hostname });
  const tls = loadTls(settings, SERVICE_NAME);
  const masterSecret = loadMasterSecret(settings, SERVICE_NAME);
  const [bootId, facts] = await Promise.all([
    settings.bootId === undefined ? readBootId() : Promise.resolve(settings.bootId),
    detectMachineFacts(settings.workDir, { cgroupRoot: settings.cgroupsRoot }),
  ]);
  const resources = computeAgentResources(facts, settings.resources);
  const attributes = parseAttributes(settings.attributes ?? '');

  // The process executor reads the agent ID at launch time; the agent is created just below.
  const agentRef: { current?: Agent } = {};
  const agentId = (): string | undefined => agentRef.current?.agentId();
  const onError = (error: unknown, context: string): void => logger.warn({ err: error, context }, 'executor error');
  const selected =
    options.executor === undefined && settings.executor === 'process'
      ? await selectIsolator(settings.isolation, {
          root: settings.cgroupsRoot,
          agentId,
          enableCfs: settings.cgroupsEnableCfs,
          pidsMax: settings.cgroupsPidsMax,
          onError,
        })
      : undefined;
  const executor =
    options.executor ??
    (selected === undefined
      ? new SimulatedExecutor(options.timer)
      : new ProcessExecutor({
          agentId,
          fetcher: new Fetcher({ cacheDir: join(settings.workDir, 'fetch-cache') }),
          isolator: selected.isolator,
          spawner: settings.spawner === 'helper' ? new ForkServerSpawner(onError) : new DirectSpawner(),
          defaultUser: settings.defaultUser,
          allowRootTasks: settings.allowRootTasks,
          sandbox: {
            intervalMs: settings.sandboxCheckIntervalMs,
            enforceDisk: settings.enforceContainerDiskQuota,
            enforcePorts: settings.enforceContainerPorts,
            ...(settings.logRotateBytes > 0
              ? { rotation: { maxBytes: settings.logRotateBytes, keep: settings.logRotateKeep } }
              : {}),
          },
          onPortViolation: (taskId, ports) => agentRef.current?.portViolation(taskId, ports),
          onError,
        }));
  const isolation =
    settings.executor === 'simulated'
      ? 'simulated'
      : executor instanceof ProcessExecutor
        ? executor.isolator.kind
        : undefined;
  const connectTo =
    options.connectTo ??
    ((address: string) =>
      createGrpcClient(tesseraGrpc().tessera.v1.AgentRegistry, address, {
        tls,
        ...(masterSecret === undefined ? {} : { interceptors: [bearerTokenInterceptor(masterSecret)] }),
      }));
  // NOTE: loaded before anything is served or connected, so that a bad credentials or ACL file stops the agent at
  // start; and last before the `try` below, so that nothing thrown before it leaves the audit log open.
  const auth = await loadAgentAuth(settings, SERVICE_NAME, logger);
  const running = new Agent({
    masters: settings.master,
    connectTo,
    workDir: settings.workDir,
    hostname: settings.hostname,
    resources,
    attributes,
    bootId,
    executor,
    executorBackend: settings.executor,
    ...(isolation === undefined ? {} : { isolation }),
    logger,
    statusUpdateRetry: {
      initialMs: settings.statusUpdateRetryMs,
      maxMs: Math.max(settings.statusUpdateRetryMs, settings.statusUpdateRetryMaxMs),
    },
    checkpoint: settings.checkpoint,
    sandboxGcDelayMs: settings.sandboxGcDelayMs,
    ...(options.onRefused === undefined ? {} : { onRefused: options.onRefused }),
  });
  agentRef.current = running;

  let grpcServer: RunningGrpcServer | undefined;
  let httpServer: RunningHttpServer | undefined;
  try {
    if (settings.serveApi) {
      grpcServer = await startGrpcServer({
        host: settings.host,
        port: settings.port,
        logger,
        tls,
        services: [
          {
            name: SERVICE_NAMES.agent,
            definition: tesseraGrpc().tessera.v1.Agent.service,
            implementation: agentApiImplementation(running, logger, auth),
          },
        ],
      });
      const registry = options.metricsRegistry ?? createMetricsRegistry(SERVICE_NAME);
      registerAgentMetrics(registry, running);
      httpServer = await startHttpServer({
        host: settings.host,
        port: settings.httpPort,
        logger,
        metrics: registry,
        health: () => ({
          ok: running.refused() === undefined,
          details: {
            agentId: running.agentId() ?? null,
            registered: running.isRegistered(),
            tasks: running.tracker.liveTasks().length,
            pendingUpdates: running.tracker.updates.pendingCount,
          },
        }),
        routes: (app) => registerFileRoutes(app, running, auth),
      });
    }
    await running.start({
      endpoint: grpcServer === undefined ? '' : `${advertisedHost(settings)}:${grpcServer.port}`,
      httpPort: httpServer?.port ?? 0,
    });
  } catch (error) {
    await running.stop().catch(() => undefined);
    await Promise.all([grpcServer?.shutdown(), httpServer?.close()]);
    await auth.audit.close();
    throw error;
  }
  logger.info(
    {
      master: settings.master,
      grpcPort: grpcServer?.port ?? 0,
      httpPort: httpServer?.port ?? 0,
      workDir: settings.workDir,
      executor: settings.executor,
      isolation: isolation ?? 'custom executor',
      ...(executor instanceof ProcessExecutor
        ? { defaultUser: settings.defaultUser, allowRootTasks: settings.allowRootTasks }
        : {}),
      ...(selected?.fallbackReason === undefined ? {} : { isolationFallback: selected.fallbackReason }),
      ...(selected?.pidNamespace === undefined
        ? {}
        : {
            pidNamespace: selected.pidNamespace.enabled,
            ...(selected.pidNamespace.enabled ? {} : { pidNamespaceProblem: selected.pidNamespace.reason }),
          }),
      bootId,
    },
    'agent started',
  );
  let stopping: Promise<void> | undefined;
  return {
    config: settings,
    agent: running,
    agentId: () => running.agentId(),
    grpcPort: grpcServer?.port ?? 0,
    httpPort: httpServer?.port ?? 0,
    stop(stopOptions = {}) {
      stopping ??= (async () => {
        await running.stop(stopOptions);
        await Promise.all([grpcServer?.shutdown(), httpServer?.close()]);
        await auth.audit.close();
      })();
      return stopping;
    },
  };
}
