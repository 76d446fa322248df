import Fastify, { type FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger } from './logging.js';
import { isAddressInUse, PortInUseError } from './errors.js';

/** A Prometheus registry with Node's default process metrics and `service` as a default label. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

export interface HealthReport {
  ok: boolean;
  details?: Record<string, unknown>;
}

export interface StartHttpServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The configuration field that set `port`, named when the port is in use (default "httpPort": `--http-port`, `TESSERA_HTTP_PORT`). */
  portSetting?: string;
  logger: Logger;
  metrics: Registry;
  /** Called for every /healthz; ok=false answers 503. */
  health: () => HealthReport | Promise<HealthReport>;
  /** Adds a service's own routes before the server listens. */
  routes?: (app: FastifyInstance) => void | Promise<void>;
}

export interface RunningHttpServer {
  app: FastifyInstance;
  port: number;
  close(): Promise<void>;
}

/**
 * Bytes of a request body any service's HTTP endpoint reads (fastify's
 * default, stated): a larger body is refused 413 "Request body is too large"
 * before it is parsed. A Marathon app or Chronos job is bounded to far less
 * (64 KiB of text each); a bulk update of many apps or a group tree fits.
 */
export const MAX_HTTP_BODY_BYTES = 1024 * 1024;

/**
 * Starts the service's HTTP endpoint: `GET /metrics` (Prometheus text format) and
 * `GET /healthz` (JSON; 200 when healthy, 503 when not), plus the service's own routes.
 * Rejects with PortInUseError when the port is taken.
 */
export async function startHttpServer(options: StartHttpServerOptions): Promise<RunningHttpServer> {
  const app = Fastify({ logger: false, bodyLimit: MAX_HTTP_BODY_BYTES });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', options.metrics.contentType);
    return options.metrics.metrics();
  });
  app.get('/healthz', async (_request, reply) => {
    const report = await options.health();
    reply.code(report.ok ? 200 : 503);
    return { status: report.ok ? 'ok' : 'unhealthy', ...(report.details ?? {}) };
  });
  if (options.routes) await options.routes(app);
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    if (!isAddressInUse(error)) throw error;
    throw new PortInUseError(options.host, options.port, options.portSetting ?? 'httpPort', { cause: error });
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  options.logger.info({ address: `${options.host}:${port}` }, 'HTTP server listening (/metrics, /healthz)');
  return { app, port, close: () => app.close() };
}

/**
 * Arrays and objects a JSON request body may nest, one inside the other. No
 * API's input comes near it (a Marathon group tree nests two levels per
 * group); a deeper body would make the recursive validation behind the
 * parser run out of stack (a 500 instead of a refusal).
 */
export const MAX_JSON_BODY_DEPTH = 128;

/** How deep `text`'s arrays and objects nest (brackets inside strings not counted), stopping once past `limit`. */
export function jsonNestingDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/**
 * Makes `scope` (an encapsulated fastify scope: call it inside `register`)
 * read every request body as JSON, whatever its content type: scripts send
 * JSON with `curl -d`, which labels it `application/x-www-form-urlencoded`,
 * or with no content type at all. An empty (or all-blank) body is
 * `undefined`. A body that is not JSON, or that nests deeper than
 * MAX_JSON_BODY_DEPTH, fails the request with `invalidJson(reason)`, which
 * the scope's error handler answers.
 */
export function parseEveryBodyAsJson(scope: FastifyInstance, invalidJson: (reason: string) => Error): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    if (jsonNestingDepth(text, MAX_JSON_BODY_DEPTH) > MAX_JSON_BODY_DEPTH)
      return done(invalidJson(`arrays and objects nested deeper than ${MAX_JSON_BODY_DEPTH} levels`), undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(invalidJson(error instanceof Error ? error.message : String(error)), undefined);
    }
  });
}
