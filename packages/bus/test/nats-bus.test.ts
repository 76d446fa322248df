import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startNats, waitFor, type NatsServer } from '@tessera/testkit';
import { BusUnavailableError, createNatsBus, type EventBus } from '../src/index.js';
import { collector, describeEventBusContract, recordingLogger, text } from './contract.js';

describeEventBusContract('nats', async ({ logger }) => {
  const server = await startNats();
  const bus = await createNatsBus({ servers: server.url, logger });
  return {
    bus,
    cleanup: async () => {
      await bus.close();
      await server.kill();
    },
  };
});

describe('NatsEventBus', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  async function nats(): Promise<NatsServer> {
    const server = await startNats();
    cleanups.push(() => server.kill());
    return server;
  }

  async function busOn(server: NatsServer, logger = recordingLogger()): Promise<EventBus> {
    const bus = await createNatsBus({ servers: server.url, name: 'test', logger, reconnectTimeWaitMs: 100 });
    cleanups.push(() => bus.close());
    return bus;
  }

  it('rejects with BusUnavailableError when no server listens', async () => {
    const port = await freePort();
    await expect(createNatsBus({ servers: `nats://127.0.0.1:${port}` })).rejects.toBeInstanceOf(BusUnavailableError);
  });

  it('carries facts between connections, and splits queue groups across them', async () => {
    const server = await nats();
    const publisher = await busOn(server);
    const workerA = await busOn(server);
    const workerB = await busOn(server);
    const a = collector();
    const b = collector();
    workerA.subscribe('jobs.run', a.handler, { queue: 'workers' });
    workerB.subscribe('jobs.run', b.handler, { queue: 'workers' });
    await Promise.all([workerA.flush(), workerB.flush()]);
    const sent = Array.from({ length: 40 }, (_, index) => `job-${index}`);
    for (const job of sent) {
      await publisher.publish('jobs.run', text(job), { 'tessera-type': 'Job' });
    }
    await waitFor(() => a.messages.length + b.messages.length === sent.length, { what: 'all jobs' });
    expect([...a.texts(), ...b.texts()].sort()).toEqual([...sent].sort());
    expect(a.messages.length).toBeGreaterThan(0);
    expect(b.messages.length).toBeGreaterThan(0);
    expect(a.messages[0]?.headers).toEqual({ 'tessera-type': 'Job' });
  });

  it('rejects publishes while the server is down and delivers again after it restarts on the same port', async () => {
    const server = await nats();
    const logger = recordingLogger();
    const publisher = await busOn(server, logger);
    const subscriber = await busOn(server);
    const received = collector();
    subscriber.subscribe('facts.>', received.handler);
    await subscriber.flush();
    await publisher.publish('facts.before', text('before'));
    await waitFor(() => received.texts().includes('before'), { what: 'the fact published before the outage' });

    await server.kill();
    await waitFor(
      async () => {
        try {
          await publisher.publish('facts.during', text('during'));
          return false;
        } catch (err) {
          return err instanceof BusUnavailableError;
        }
      },
      { what: 'publish to reject while NATS is down' },
    );
    await expect(publisher.flush()).rejects.toBeInstanceOf(BusUnavailableError);
    expect(logger.entries.map((entry) => entry.msg)).toContain('NATS connection lost; reconnecting');

    await server.restart();
    // Both connections must be back (the subscriber re-subscribes itself) before a fact can get through; publishes
    // that race the reconnection are rejected or, at most once, lost, so keep publishing until one arrives.
    let attempt = 0;
    await waitFor(
      async () => {
        attempt += 1;
        await publisher.publish(`facts.after`, text(`after-${attempt}`)).catch(() => undefined);
        return received.texts().some((value) => value.startsWith('after-'));
      },
      { what: 'a fact published after the restart to be delivered', timeoutMs: 10_000, intervalMs: 50 },
    );
    await publisher.flush();
    expect(received.texts()).not.toContain('during');
    expect(logger.entries.map((entry) => entry.msg)).toContain('NATS connection restored');
  });
});
