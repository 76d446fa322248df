/** listeningPorts and processesInGroups against real processes (Linux /proc). */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { listeningPorts, processesInGroups } from '../src/sandbox/listening-ports.js';
import { waitFor } from './helpers.js';

const onLinux = process.platform === 'linux';

/** Listens on port 0 of each host in argv[1] (JSON), then prints the ports as one JSON line. */
const LISTENER = `
const net = require('net');
const hosts = JSON.parse(process.argv[1]);
Promise.all(hosts.map((host) => new Promise((resolve) => {
  const server = net.createServer().listen(0, host, () => resolve(server.address().port));
}))).then((ports) => console.log(JSON.stringify(ports)));
`;

/** Connects to 127.0.0.1:argv[1] and stays connected; prints "connected". */
const CONNECTOR = `
const socket = require('net').connect(Number(process.argv[1]), '127.0.0.1', () => console.log('connected'));
socket.on('error', () => process.exit(1));
`;

const children: ChildProcess[] = [];
/** Process groups started here, killed as a whole (their members are not our children). */
const groups: number[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const group of groups.splice(0)) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await Promise.all(
    children.splice(0).map(async (child) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    }),
  );
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Starts `node -e script ...args` and resolves with the child and the first line it prints. */
async function startNode(
  script: string,
  args: string[],
  detached = false,
): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['-e', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'], detached });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  return { child, line };
}

async function ipv6Loopback(): Promise<boolean> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '::1', resolve));
    return true;
  } catch {
    return false;
  } finally {
    server.close();
  }
}

describe.skipIf(!onLinux)('listeningPorts', () => {
  it('finds the IPv4 and IPv6 ports a process listens on', async () => {
    const hosts = (await ipv6Loopback()) ? ['127.0.0.1', '0.0.0.0', '::1'] : ['127.0.0.1', '0.0.0.0'];
    const { child, line } = await startNode(LISTENER, [JSON.stringify(hosts)]);
    const ports = (JSON.parse(line) as number[]).sort((a, b) => a - b);

    const found = await listeningPorts(new Set([child.pid!]));
    expect(found).toEqual(new Map([[child.pid!, ports]]));
  });

  it('does not count the ephemeral port of an outgoing connection', async () => {
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const { child } = await startNode(CONNECTOR, [String(port)]);

    const found = await listeningPorts(new Set([child.pid!, process.pid]));
    expect(found.has(child.pid!)).toBe(false);
    expect(found.get(process.pid)).toContain(port);
  });

  it('leaves out processes that have exited or never existed', async () => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await once(child, 'exit');
    expect(await listeningPorts(new Set([child.pid!]))).toEqual(new Map());
    expect(await listeningPorts(new Set())).toEqual(new Map());
  });
});

describe.skipIf(!onLinux)('processesInGroups', () => {
  it('lists every process of a process group, and nothing for a group without processes', async () => {
    // A new process group led by the shell, with two children in it.
    const { child } = await startNode(
      `const { spawn } = require('child_process');
       spawn('sleep', ['30'], { stdio: 'ignore' }); spawn('sleep', ['30'], { stdio: 'ignore' });
       console.log('started'); setInterval(() => {}, 1000);`,
      [],
      true,
    );
    const group = child.pid!;
    groups.push(group);
    const members = await waitFor(async () => {
      const found = (await processesInGroups(new Set([group, 999_999_999]))).get(group);
      return found !== undefined && found.length === 3 ? found : undefined;
    }, 'the group leader and its two sleeps');
    expect(members).toContain(group);
    expect((await processesInGroups(new Set([999_999_999]))).size).toBe(0);
  });
});
