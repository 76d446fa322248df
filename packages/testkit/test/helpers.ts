import { connect } from 'node:net';

/**
 * Connects to 127.0.0.1:`port`, optionally sends `send`, and resolves with the first reply line (without CRLF), or
 * undefined when nothing is listening. Deliberately independent of the testkit's own probe.
 */
export function firstLine(port: number, send?: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    let received = '';
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (line: string | undefined): void => {
      socket.destroy();
      resolve(line);
    };
    socket.setEncoding('utf8');
    socket.setTimeout(2_000, () => finish(undefined));
    socket.on('connect', () => {
      if (send !== undefined) {
        socket.write(send);
      }
    });
    socket.on('data', (chunk: string) => {
      received += chunk;
      const end = received.indexOf('\r\n');
      if (end !== -1) {
        finish(received.slice(0, end));
      }
    });
    socket.on('error', () => finish(undefined));
    socket.on('close', () => finish(undefined));
  });
}

/** Sends one inline Redis command ("SET k v") and resolves with the first reply line. */
export function redisCommand(port: number, command: string): Promise<string | undefined> {
  return firstLine(port, `${command}\r\n`);
}
