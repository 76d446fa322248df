/**
 * The allocator's composition root: config, logger, metrics, the gRPC service
 * and the HTTP endpoints, wired and started.
 */
import { randomInt } from 'node:crypto';
import { SERVICE_NAMES, tesseraGrpc } from '@tessera/proto';
import {
  createLogger,
  createMetricsRegistry,
  parseConfig,
  loadTls,
  startGrpcServer,
  startHttpServer,
  type Logger,
} from '@tessera/runtime';
import type { Registry } from 'prom-client';
import { allocatorConfigSchema, type AllocatorConfig, type AllocatorConfigInput } from './config.js';
import { mulberry32 } from './core/index.js';
import { AllocatorMetrics } from './metrics.js';
import { AllocatorService } from './grpc/allocator-service.js';

/** The largest message the allocator takes: the master's snapshot of a cluster of 100,000+ agents. */
export const ALLOCATOR_MAX_RECEIVE_BYTES = 256 * 1024 * 1024;

export const SERVICE_NAME = 'tessera-allocator';

export interface StartAllocatorOptions {
  /** Default: a JSON logger at `config.logLevel`. */
  readonly logger?: Logger;
  /** Default: a new registry with Node's process metrics. */
  readonly metricsRegistry?: Registry;
}

export interface RunningAllocator {
  readonly config: AllocatorConfig;
  /** gRPC address "host:port". */
  readonly address: string;
  /** The bound gRPC port (useful with port 0). */
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly service: AllocatorService;
  /** Ends the master stream (UNAVAILABLE), then stops the gRPC and HTTP servers. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the allocator: gRPC server (tessera.v1.Allocator, health, reflection)
 * and HTTP server (/metrics, /healthz). `config` is validated with the same
 * schema as the command line; missing fields take their defaults. Throws
 * ConfigError for bad settings.
 */
export async function startAllocator(
  config: AllocatorConfigInput = {},
  options: StartAllocatorOptions = {},
): Promise<RunningAllocator> {
  const settings = parseConfig(allocatorConfigSchema, SERVICE_NAME, config as Record<string, unknown>);
  const logger = options.logger ?? createLogger(SERVICE_NAME, { level: settings.logLevel });
  const tls = loadTls(settings, SERVICE_NAME);
  const registry = options.metricsRegistry ?? createMetricsRegistry(SERVICE_NAME);
  const seed = settings.seed ?? randomInt(2 ** 31);
  const service = new AllocatorService({
    allocationIntervalMs: settings.allocationIntervalMs,
    core: {
      minAllocatableCpus: settings.minAllocatableCpus,
      minAllocatableMemMb: settings.minAllocatableMemMb,
      fairnessExcludeResourceNames: settings.fairnessExcludeResourceNames,
      placement: settings.placement,
      random: mulberry32(seed),
    },
    logger,
    metrics: new AllocatorMetrics(registry),
  });
  const grpcServer = await startGrpcServer({
    host: settings.host,
    port: settings.port,
    logger,
    tls,
    // NOTE: the master's snapshot carries every agent and allocation: 19 MB for 50,000 agents (bench/allocator).
    maxReceiveMessageBytes: ALLOCATOR_MAX_RECEIVE_BYTES,
    services: [
      {
        name: SERVICE_NAMES.allocator,
        definition: tesseraGrpc().tessera.v1.Allocator.service,
        implementation: service.implementation,
        // Over mutual TLS, only masters: the allocator's stream carries the whole cluster and decides its offers.
        callerKinds: ['master'],
      },
    ],
  });
  let httpServer;
  try {
    httpServer = await startHttpServer({
      host: settings.host,
      port: settings.httpPort,
      logger,
      metrics: registry,
      health: () => ({ ok: true, details: { ...service.stats() } }),
    });
  } catch (error) {
    await grpcServer.shutdown();
    throw error;
  }
  const http = httpServer;
  logger.info(
    {
      grpc: grpcServer.address,
      httpPort: http.port,
      seed,
      placement: settings.placement,
      allocationIntervalMs: settings.allocationIntervalMs,
    },
    'allocator started',
  );
  let stopping: Promise<void> | undefined;
  return {
    config: settings,
    address: grpcServer.address,
    grpcPort: grpcServer.port,
    httpPort: http.port,
    service,
    stop() {
      stopping ??= (async () => {
        service.stop();
        await Promise.all([grpcServer.shutdown(), http.close()]);
      })();
      return stopping;
    },
  };
}
