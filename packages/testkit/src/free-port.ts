import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The OS's ephemeral range, where it picks the local ports of outgoing connections (Linux; a default elsewhere). */
function ephemeralRange(): { low: number; high: number } {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low !== undefined && high !== undefined && Number.isInteger(low) && Number.isInteger(high))
      return { low, high };
  } catch {
    // Not Linux: the IANA range.
  }
  return { low: 49152, high: 65535 };
}

/** Ports handed out: below the ephemeral range, above the well-known and common service ports. */
const RANGE_LOW = 10_000;

/** Whether `port` on 127.0.0.1 can be bound now. */
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, chosen at random BELOW the OS's ephemeral range: a port in
 * that range may be taken at any moment as the local port of some outgoing connection (a Redis client, a gRPC
 * channel), which a loaded test run opens by the hundred between choosing a port and starting the server on it.
 * NOTE: another process may still bind the port before the caller does; the `start*` helpers retry with a fresh
 * port when that happens.
 */
export async function freePort(): Promise<number> {
  const high = Math.min(ephemeralRange().low - 1, 65_535);
  if (high - RANGE_LOW >= 1000) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = RANGE_LOW + Math.floor(Math.random() * (high - RANGE_LOW + 1));
      if (await canBind(port)) return port;
    }
  }
  // The ephemeral range leaves no room below it (or everything there is taken): let the OS choose.
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`unexpected listen address: ${String(address)}`));
        return;
      }
      server.close((err) => (err ? reject(err) : resolve(address.port)));
    });
  });
}
