import os from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { startAgent } from '@tessera/agent';
import { startAllocator } from '@tessera/allocator';
import { createMemoryBus, createNatsBus } from '@tessera/bus';
import { masterConfigSchema, startMaster } from '@tessera/master';
import { createLogger, parseConfig } from '@tessera/runtime';
import { createMemoryStore, createRedisStore } from '@tessera/store';

interface UpOptions {
  host: string;
  masterPort: string;
  masterHttpPort: string;
  allocatorPort: string;
  allocatorHttpPort: string;
  agentPort: string;
  agentHttpPort: string;
  workDir: string;
  resources?: string;
  attributes?: string;
  redisUrl?: string;
  natsUrl?: string;
  logLevel: string;
}

/**
 * `tessera up`: the whole dev cluster — allocator, master and one agent with the
 * process executor — in this one process. The store and bus are the embedded
 * in-memory ones unless REDIS_URL / NATS_URL (or the flags) name real servers.
 * Runs until SIGINT or SIGTERM, then stops everything (killing its tasks).
 */
export function upCommand(program: Command): void {
  program
    .command('up')
    .description('Start a dev cluster (master, allocator, one agent) in one process and print its endpoints.')
    .option('--host <host>', 'address every service binds', '127.0.0.1')
    .option('--master-port <port>', 'master gRPC port', '5050')
    .option('--master-http-port <port>', 'master /metrics and /healthz port', '5055')
    .option('--allocator-port <port>', 'allocator gRPC port', '5051')
    .option('--allocator-http-port <port>', 'allocator HTTP port', '5052')
    .option('--agent-port <port>', 'agent gRPC port', '5060')
    .option('--agent-http-port <port>', 'agent HTTP port', '5061')
    .option('--work-dir <dir>', 'agent work directory', join(process.cwd(), '.tessera', 'agent'))
    .option('--resources <text>', 'agent resources in Mesos syntax (default: detected)')
    .option('--attributes <text>', 'agent attributes, e.g. rack:r1')
    .option('--redis-url <url>', 'use this Redis as the store (env REDIS_URL)', process.env['REDIS_URL'])
    .option('--nats-url <url>', 'use this NATS as the bus (env NATS_URL)', process.env['NATS_URL'])
    .option('--log-level <level>', 'log level of the services (JSON logs on stdout)', 'warn')
    .action(async (options: UpOptions) => {
      const logger = createLogger('tessera-up', { level: options.logLevel });
      const redisUrl = options.redisUrl === '' ? undefined : options.redisUrl;
      const natsUrl = options.natsUrl === '' ? undefined : options.natsUrl;
      const store = redisUrl ? await createRedisStore({ url: redisUrl, logger }) : createMemoryStore();
      const bus = natsUrl ? await createNatsBus({ servers: natsUrl, name: 'tessera-up', logger }) : createMemoryBus();

      const allocator = await startAllocator({
        host: options.host,
        port: Number(options.allocatorPort),
        httpPort: Number(options.allocatorHttpPort),
        logLevel: options.logLevel as 'warn',
      });
      const masterConfig = parseConfig(masterConfigSchema, 'master', {
        host: options.host,
        port: options.masterPort,
        httpPort: options.masterHttpPort,
        allocator: `${options.host}:${allocator.grpcPort}`,
        logLevel: options.logLevel,
        masterId: 'tessera-up',
        // One master, in this process: a restart may take the lease at once.
        leaderLeaseMs: 1000,
      });
      const master = await startMaster(masterConfig, {
        store,
        bus,
        logger: createLogger('master', { level: options.logLevel }),
      });
      const agent = await startAgent({
        master: master.address,
        host: options.host,
        port: Number(options.agentPort),
        httpPort: Number(options.agentHttpPort),
        workDir: options.workDir,
        executor: 'process',
        // A one-machine dev cluster: tasks run as whoever ran `tessera up` (as Nomad's dev mode), root included.
        defaultUser: os.userInfo().username,
        allowRootTasks: true,
        logLevel: options.logLevel as 'warn',
        ...(options.resources ? { resources: options.resources } : {}),
        ...(options.attributes ? { attributes: options.attributes } : {}),
      });

      const line = (name: string, value: string) => `  ${name.padEnd(10)} ${value}\n`;
      process.stdout.write(
        'Tessera dev cluster\n' +
          line('master', `${master.address}   (http ${options.host}:${master.httpPort}: /metrics /healthz)`) +
          line('allocator', `${options.host}:${allocator.grpcPort}   (http ${options.host}:${allocator.httpPort})`) +
          line(
            'agent',
            `${options.host}:${agent.grpcPort}   (http ${options.host}:${agent.httpPort}; work dir ${options.workDir})`,
          ) +
          line('store', redisUrl ?? 'in-memory (set REDIS_URL for Redis)') +
          line('bus', natsUrl ?? 'in-process (set NATS_URL for NATS)') +
          `Try: tessera run --master ${master.address} -- echo hello\n` +
          'cluster is up (Ctrl-C stops it)\n',
      );

      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      process.stdout.write('stopping\n');
      await agent.stop();
      await master.stop();
      await allocator.stop();
      await bus.close();
      await store.close();
    });
}
