import os from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { startAgent } from '@tessera/agent';
import { startAllocator } from '@tessera/allocator';
import { createMemoryBus, createNatsBus } from '@tessera/bus';
import { chronosConfigSchema, startChronos } from '@tessera/chronos';
import { marathonConfigSchema, startMarathon } from '@tessera/marathon';
import { masterConfigSchema, startMaster } from '@tessera/master';
import { createLogger, parseConfig, PortInUseError } from '@tessera/runtime';
import { createMemoryStore, createRedisStore } from '@tessera/store';
import { devClusterCertificates, type TlsFiles } from './certs-command.js';

/** A port flag's value: a whole number from 0 (any free port) to 65535. */
function portArgument(text: string): string {
  const port = Number(text);
  if (text.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('a port is a whole number from 0 (any free port) to 65535.');
  }
  return text;
}

/**
 * Starts one service of the dev cluster; a port it finds taken is reported with
 * `tessera up`'s own flag for it (`flags` maps the service's setting, "port" or
 * "httpPort", to that flag), not the service's.
 */
async function starting<T>(flags: Record<string, string>, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    const flag = flags[error.setting] ?? `--${error.setting}`;
    throw new Error(`port ${error.port} is in use on ${error.host} (set ${flag}, or 0 for any free port)`, {
      cause: error,
    });
  }
}

interface UpOptions {
  host: string;
  masterPort: string;
  masterHttpPort: string;
  allocatorPort: string;
  allocatorHttpPort: string;
  agentPort: string;
  agentHttpPort: string;
  marathonPort: string;
  marathonGrpcPort: string;
  chronosPort: string;
  chronosGrpcPort: string;
  workDir: string;
  resources?: string;
  attributes?: string;
  redisUrl?: string;
  natsUrl?: string;
  tlsDir?: string;
  logLevel: string;
}

/**
 * `tessera up`: the whole dev cluster — allocator, master, one agent with the
 * process executor, Marathon and Chronos — in this one process. The store and bus are the embedded
 * in-memory ones unless REDIS_URL / NATS_URL (or the flags) name real servers.
 * Runs until SIGINT or SIGTERM, then stops everything (killing its tasks).
 */
export function upCommand(program: Command): void {
  program
    .command('up')
    .description(
      'Start a dev cluster (master, allocator, one agent, Marathon, Chronos) in one process and print its endpoints.',
    )
    .option('--host <host>', 'address every service binds', '127.0.0.1')
    .option('--master-port <port>', 'master gRPC port', portArgument, '5050')
    .option('--master-http-port <port>', 'master /metrics and /healthz port', portArgument, '5055')
    .option('--allocator-port <port>', 'allocator gRPC port', portArgument, '5051')
    .option('--allocator-http-port <port>', 'allocator HTTP port', portArgument, '5052')
    .option('--agent-port <port>', 'agent gRPC port', portArgument, '5060')
    .option('--agent-http-port <port>', 'agent HTTP port', portArgument, '5061')
    .option('--marathon-port <port>', 'Marathon REST API v2 port', portArgument, '8080')
    .option('--marathon-grpc-port <port>', 'Marathon gRPC port', portArgument, '8090')
    .option('--chronos-port <port>', 'Chronos REST API port', portArgument, '4400')
    .option('--chronos-grpc-port <port>', 'Chronos gRPC port', portArgument, '4410')
    .option('--work-dir <dir>', 'agent work directory', join(process.cwd(), '.tessera', 'agent'))
    .option('--resources <text>', 'agent resources in Mesos syntax (default: detected)')
    .option('--attributes <text>', 'agent attributes, e.g. rack:r1')
    .option('--redis-url <url>', 'use this Redis as the store (env REDIS_URL)', process.env['REDIS_URL'])
    .option('--nats-url <url>', 'use this NATS as the bus (env NATS_URL)', process.env['NATS_URL'])
    .option(
      '--tls-dir <dir>',
      'mutual TLS between every service, with a development CA and certificates kept in DIR (made on first use)',
    )
    .option('--log-level <level>', 'log level of the services (JSON logs on stdout)', 'warn')
    .action(async (options: UpOptions) => {
      const logger = createLogger('tessera-up', { level: options.logLevel });
      // With --tls-dir: each service's certificate, for the host it binds and the loopback names.
      const certificates =
        options.tlsDir === undefined
          ? undefined
          : await devClusterCertificates(
              options.tlsDir,
              [...new Set([options.host, 'localhost', '127.0.0.1'].filter((h) => h !== '0.0.0.0' && h !== '::'))],
              new Date(),
            );
      const tlsOf = (name: keyof NonNullable<typeof certificates>): Partial<TlsFiles> => certificates?.[name] ?? {};
      const redisUrl = options.redisUrl === '' ? undefined : options.redisUrl;
      const natsUrl = options.natsUrl === '' ? undefined : options.natsUrl;
      const store = redisUrl ? await createRedisStore({ url: redisUrl, logger }) : createMemoryStore();
      const bus = natsUrl ? await createNatsBus({ servers: natsUrl, name: 'tessera-up', logger }) : createMemoryBus();

      // What has started, stopped in reverse order if a later start fails (or at the end).
      const started: { stop(): Promise<void> }[] = [{ stop: () => store.close() }, { stop: () => bus.close() }];
      const stopAll = async () => {
        for (const part of started.reverse()) await part.stop().catch(() => undefined);
      };
      let allocator, master, agent, marathon, chronos;
      try {
        allocator = await starting({ port: '--allocator-port', httpPort: '--allocator-http-port' }, () =>
          startAllocator({
            host: options.host,
            port: Number(options.allocatorPort),
            httpPort: Number(options.allocatorHttpPort),
            logLevel: options.logLevel as 'warn',
            ...tlsOf('allocator'),
          }),
        );
        started.push(allocator);
        const masterConfig = parseConfig(
          masterConfigSchema,
          'master',
          {
            host: options.host,
            port: options.masterPort,
            httpPort: options.masterHttpPort,
            allocator: `${options.host}:${allocator.grpcPort}`,
            logLevel: options.logLevel,
            masterId: 'tessera-up',
            // One master, in this process, renewing in this thread: a lease of 10 s rides out a busy
            // start-up on a loaded machine; a restart takes it back at once (same master ID).
            leaderLeaseMs: 10_000,
            ...tlsOf('master'),
          },
          {
            host: 'flag --host',
            port: 'flag --master-port',
            httpPort: 'flag --master-http-port',
            logLevel: 'flag --log-level',
          },
        );
        const runningMaster = await starting({ port: '--master-port', httpPort: '--master-http-port' }, () =>
          startMaster(masterConfig, { store, bus, logger: createLogger('master', { level: options.logLevel }) }),
        );
        // The only master: it wins the lease at once; the agent and the frameworks come once it serves.
        await runningMaster.elected;
        master = runningMaster;
        started.push(master);
        agent = await starting({ port: '--agent-port', httpPort: '--agent-http-port' }, () =>
          startAgent({
            master: runningMaster.address,
            host: options.host,
            port: Number(options.agentPort),
            httpPort: Number(options.agentHttpPort),
            workDir: options.workDir,
            executor: 'process',
            // A one-machine dev cluster: tasks run as whoever ran `tessera up` (as Nomad's dev mode), root included.
            defaultUser: os.userInfo().username,
            allowRootTasks: true,
            logLevel: options.logLevel as 'warn',
            ...tlsOf('agent'),
            ...(options.resources ? { resources: options.resources } : {}),
            ...(options.attributes ? { attributes: options.attributes } : {}),
          }),
        );
        started.push(agent);
        const marathonConfig = parseConfig(
          marathonConfigSchema,
          'marathon',
          {
            host: options.host,
            httpPort: options.marathonPort,
            port: options.marathonGrpcPort,
            master: runningMaster.address,
            logLevel: options.logLevel,
            marathonId: 'tessera-up',
            ...tlsOf('marathon'),
          },
          {
            host: 'flag --host',
            httpPort: 'flag --marathon-port',
            port: 'flag --marathon-grpc-port',
            logLevel: 'flag --log-level',
          },
        );
        marathon = await starting({ port: '--marathon-grpc-port', httpPort: '--marathon-port' }, () =>
          startMarathon(marathonConfig, {
            store,
            bus,
            logger: createLogger('marathon', { level: options.logLevel }),
          }),
        );
        started.push(marathon);
        const chronosConfig = parseConfig(
          chronosConfigSchema,
          'chronos',
          {
            host: options.host,
            httpPort: options.chronosPort,
            port: options.chronosGrpcPort,
            master: runningMaster.address,
            logLevel: options.logLevel,
            chronosId: 'tessera-up',
            ...tlsOf('chronos'),
          },
          {
            host: 'flag --host',
            httpPort: 'flag --chronos-port',
            port: 'flag --chronos-grpc-port',
            logLevel: 'flag --log-level',
          },
        );
        chronos = await starting({ port: '--chronos-grpc-port', httpPort: '--chronos-port' }, () =>
          startChronos(chronosConfig, {
            store,
            bus,
            logger: createLogger('chronos', { level: options.logLevel }),
          }),
        );
        started.push(chronos);
        await Promise.all([marathon.elected, chronos.elected]);
      } catch (error) {
        await stopAll();
        throw error;
      }

      const line = (name: string, value: string) => `  ${name.padEnd(10)} ${value}\n`;
      // The CLI's flags for the `dev` operator certificate (gRPC needs it; the REST APIs stay plain HTTP).
      const dev = certificates?.dev;
      const cliTls =
        dev === undefined ? '' : ` --tls-cert ${dev.tlsCert} --tls-key ${dev.tlsKey} --tls-ca ${dev.tlsCa}`;
      process.stdout.write(
        'Tessera dev cluster\n' +
          line('master', `${master.address}   (http ${options.host}:${master.httpPort}: /metrics /healthz)`) +
          line('allocator', `${options.host}:${allocator.grpcPort}   (http ${options.host}:${allocator.httpPort})`) +
          line(
            'agent',
            `${options.host}:${agent.grpcPort}   (http ${options.host}:${agent.httpPort}; work dir ${options.workDir})`,
          ) +
          line('marathon', `http://${marathon.httpAddress}   (REST API v2, /v2/events)`) +
          line('chronos', `http://${chronos.httpAddress}   (REST API /v1/scheduler)`) +
          line('store', redisUrl ?? 'in-memory (set REDIS_URL for Redis)') +
          line('bus', natsUrl ?? 'in-process (set NATS_URL for NATS)') +
          line(
            'tls',
            cliTls === ''
              ? 'none (plaintext gRPC; --tls-dir for mutual TLS)'
              : `mutual TLS, certificates in ${options.tlsDir}`,
          ) +
          `Try: tessera run --master ${master.address}${cliTls} -- echo hello\n` +
          `     curl -X POST http://${marathon.httpAddress}/v2/apps -d '{"id": "hello", "cmd": "sleep 1000", "cpus": 0.1, "mem": 32}'\n` +
          `     curl -X POST http://${chronos.httpAddress}/v1/scheduler/iso8601 -d '{"name": "tick", "command": "date", "schedule": "R//PT1M"}'\n` +
          'cluster is up (Ctrl-C stops it)\n',
      );

      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      process.stdout.write('stopping\n');
      await stopAll();
    });
}
