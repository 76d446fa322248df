/**
 * One raw HTTP request for the fuzz suite: the path, headers and body sent as
 * given (no JSON encoding, no URL normalisation), the answer read whole, and
 * a deadline after which the request counts as a hang.
 */
import { Agent, request } from 'node:http';
import { connect } from 'node:net';

export type HttpOutcome =
  | { readonly kind: 'answer'; readonly status: number; readonly body: string; readonly ms: number }
  | { readonly kind: 'hang'; readonly ms: number }
  | { readonly kind: 'refused'; readonly error: string; readonly ms: number };

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType?: string | undefined;
  readonly body?: string | Buffer | undefined;
}

/** Sends `req` to `baseUrl` ("http://127.0.0.1:port"); a connection error is `refused` (the server is down or reset the connection). */
export function httpCall(baseUrl: string, req: RawRequest, deadlineMs: number): Promise<HttpOutcome> {
  const url = new URL(baseUrl);
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: HttpOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const headers: Record<string, string | number> = {};
    if (req.contentType !== undefined) headers['content-type'] = req.contentType;
    if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
    const outgoing = request(
      { host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          settle({
            kind: 'answer',
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
        response.on('error', (error) =>
          settle({ kind: 'refused', error: error.message, ms: performance.now() - started }),
        );
      },
    );
    const timer = setTimeout(() => {
      settle({ kind: 'hang', ms: performance.now() - started });
      outgoing.destroy();
    }, deadlineMs);
    outgoing.on('error', (error) => settle({ kind: 'refused', error: error.message, ms: performance.now() - started }));
    outgoing.end(req.body);
  });
}

/** Closes the kept-alive connections. */
export function closeHttpConnections(): void {
  agent.destroy();
}

/**
 * A request that declares a body of `declaredBytes` (Content-Length) and
 * sends only its first KiB, then reads the answer: a server that checks the
 * declared length against its limit answers before the body is sent.
 * NOTE: sending the whole body races the server closing the connection
 * after its 413 (the client's write fails with EPIPE before the answer is read).
 */
export function declaredBodyCall(
  baseUrl: string,
  method: string,
  path: string,
  declaredBytes: number,
  deadlineMs: number,
): Promise<HttpOutcome> {
  const url = new URL(baseUrl);
  const started = performance.now();
  return new Promise((resolve) => {
    let received = '';
    let settled = false;
    const socket = connect(Number(url.port), url.hostname);
    const settle = (outcome: HttpOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => settle({ kind: 'hang', ms: performance.now() - started }), deadlineMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      const headEnd = received.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = received.slice(0, headEnd);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? NaN);
      const body = received.slice(headEnd + 4);
      if (Number.isFinite(length) && Buffer.byteLength(body) < length) return;
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      settle({ kind: 'answer', status, body, ms: performance.now() - started });
    });
    socket.on('error', (error) => settle({ kind: 'refused', error: error.message, ms: performance.now() - started }));
    socket.on('close', () =>
      settle({
        kind: 'refused',
        error: `closed after ${JSON.stringify(received.slice(0, 200))}`,
        ms: performance.now() - started,
      }),
    );
    socket.write(
      `${method} ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${declaredBytes}\r\n\r\n`,
    );
    socket.write('x'.repeat(1024));
  });
}
