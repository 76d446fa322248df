import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startNats, startRedis, waitFor, type NatsServer, type RedisServer } from '../src/index.js';
import { firstLine, redisCommand } from './helpers.js';

const started: Array<RedisServer | NatsServer> = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.kill()));
});

async function redis(options?: Parameters<typeof startRedis>[0]): Promise<RedisServer> {
  const server = await startRedis(options);
  started.push(server);
  return server;
}

async function nats(options?: Parameters<typeof startNats>[0]): Promise<NatsServer> {
  const server = await startNats(options);
  started.push(server);
  return server;
}

describe('freePort', () => {
  it('returns a port that can be listened on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('startRedis', () => {
  it('starts on a free port and answers PING', async () => {
    const server = await redis();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(await redisCommand(server.port, 'PING')).toBe('+PONG');
  });

  it('stop and kill end the process; restart comes back on the same port without the data', async () => {
    const server = await redis();
    expect(await redisCommand(server.port, 'SET k v')).toBe('+OK');
    await server.stop();
    expect(await redisCommand(server.port, 'PING')).toBeUndefined();
    await server.stop(); // idempotent
    await server.restart();
    expect(await redisCommand(server.port, 'GET k')).toBe('$-1');
    await server.kill();
    expect(await redisCommand(server.port, 'PING')).toBeUndefined();
    await server.restart();
    expect(await redisCommand(server.port, 'PING')).toBe('+PONG');
  });

  it('restart keeps the data when persistent, even after SIGKILL', async () => {
    const server = await redis({ persistent: true });
    expect(await redisCommand(server.port, 'SET k kept')).toBe('+OK');
    await server.kill();
    await server.restart();
    expect(await redisCommand(server.port, 'GET k')).toBe('$4');
  });

  it('honours an explicit port', async () => {
    const port = await freePort();
    const server = await redis({ port });
    expect(server.port).toBe(port);
    expect(await redisCommand(port, 'PING')).toBe('+PONG');
  });
});

describe('startNats', () => {
  it('starts on a free port and sends INFO', async () => {
    const server = await nats();
    expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
    expect(await firstLine(server.port)).toMatch(/^INFO /);
  });

  it('stop, kill and restart on the same port', async () => {
    const server = await nats();
    await server.stop();
    expect(await firstLine(server.port)).toBeUndefined();
    await server.restart();
    expect(await firstLine(server.port)).toMatch(/^INFO /);
    await server.kill();
    expect(await firstLine(server.port)).toBeUndefined();
    await server.restart();
    expect(await firstLine(server.port)).toMatch(/^INFO /);
  });

  it('enables JetStream on request', async () => {
    const server = await nats({ jetstream: true });
    expect(await firstLine(server.port)).toMatch(/"jetstream":true/);
  });
});

describe('process exit', () => {
  // A separate node process starts redis through the built testkit (dist), prints its port, then ends.
  const testkitDist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
  const startRedisScript = (then: string): string =>
    `const { startRedis } = await import(${JSON.stringify(testkitDist)}); const s = await startRedis(); console.log(s.port); ${then}`;

  async function expectGone(port: number): Promise<void> {
    await waitFor(async () => (await redisCommand(port, 'PING')) === undefined, {
      what: `the orphaned redis-server on port ${port} to be gone`,
    });
  }

  it('kills servers that a process started and never stopped when it exits', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', startRedisScript('')]);
    await expectGone(Number(stdout.trim()));
  });

  it('kills them when the process is ended by SIGTERM, which still ends the process', async () => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', startRedisScript('setInterval(() => {}, 1000);')],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    const port = await new Promise<number>((resolve) => {
      child.stdout.setEncoding('utf8');
      child.stdout.once('data', (line: string) => resolve(Number(line.trim())));
    });
    expect(await redisCommand(port, 'PING')).toBe('+PONG');
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    await expectGone(port);
  });
});

describe('waitFor', () => {
  it('resolves with the first truthy value', async () => {
    let calls = 0;
    const value = await waitFor(() => {
      calls += 1;
      return calls >= 3 ? { calls } : undefined;
    });
    expect(value).toEqual({ calls: 3 });
  });

  it('treats a throwing probe as not yet', async () => {
    let calls = 0;
    const value = await waitFor(async () => {
      calls += 1;
      if (calls < 3) {
        throw new Error('not yet');
      }
      return 'done';
    });
    expect(value).toBe('done');
  });

  it('times out naming what it waited for and the last probe error', async () => {
    const failure = waitFor(
      () => {
        throw new Error('still broken');
      },
      { timeoutMs: 100, intervalMs: 10, what: 'the widget' },
    );
    await expect(failure).rejects.toMatchObject({
      name: 'WaitForTimeoutError',
      message: expect.stringMatching(/waiting for the widget; last probe error: Error: still broken/),
      cause: expect.objectContaining({ message: 'still broken' }),
    });
  });

  it('abandons a probe that hangs at the deadline', async () => {
    const failure = waitFor(() => new Promise<false>(() => undefined), { timeoutMs: 50, what: 'a hung probe' });
    await expect(failure).rejects.toThrow(/waiting for a hung probe/);
  });
});
