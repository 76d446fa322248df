import { connect } from 'node:net';

const probeTimeoutMs = 1_000;

/**
 * Connects to 127.0.0.1:`port`, optionally sends `send`, and reads up to the first CRLF. Resolves with that line (without
 * CRLF), or undefined if the connection failed, closed early or took longer than a second. Never rejects.
 */
export function readFirstLine(port: number, send?: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    let received = '';
    let settled = false;
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (line: string | undefined): void => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        resolve(line);
      }
    };
    const timer = setTimeout(() => finish(undefined), probeTimeoutMs);
    socket.setEncoding('utf8');
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
