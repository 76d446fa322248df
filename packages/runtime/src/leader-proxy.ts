/**
 * A follower's REST answers, for the frameworks that run as several processes
 * with one leader (Marathon, Chronos): every request whose path `forwards`
 * accepts is forwarded to the leader as it came (method, path, headers, body
 * streamed), and the leader's answer is streamed back (so an event stream
 * works through a follower too), with `leaderHeader` naming the leader.
 * With no leader known, or the leader unreachable, the answer is 503 with a
 * JSON message. Requests already forwarded once are not forwarded again (two
 * processes that both think the other leads answer 503 instead of looping).
 *
 * CHOICE: hand-written over node:http rather than a proxy library: it is one
 * hook of forty lines, and it must stream both ways (SSE) and decide per
 * request whether to forward, which a route-level proxy plugin does not do.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';

const FORWARDED = 'x-tessera-forwarded-by';
/** Hop-by-hop headers are not forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te']);

export interface LeaderProxyOptions {
  /** Whether this process leads now (then nothing is forwarded). */
  readonly isLeader: () => boolean;
  /** The leader's HTTP address "host:port", when known. */
  readonly leader: () => string | undefined;
  /** This process's HTTP address, sent in the forwarded request (known once it listens). */
  readonly self: () => string;
  /** Whether a request for this path (with its query) goes to the leader: the API's paths, not its leader endpoint. */
  readonly forwards: (path: string) => boolean;
  /** The service's name in refusals ("Marathon"). */
  readonly serviceName: string;
  /** The answer's header that names the leader as "http://host:port" (Marathon's "x-marathon-leader"). */
  readonly leaderHeader: string;
}

function forwardHeaders(headers: IncomingHttpHeaders, leader: string, self: string): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
  out['host'] = leader;
  out[FORWARDED] = self;
  return out;
}

/** Adds the forwarding hook to `app` (before its routes run). */
export function registerLeaderProxy(app: FastifyInstance, options: LeaderProxyOptions): void {
  app.addHook('onRequest', (request, reply, done) => {
    const path = request.url;
    if (options.isLeader() || !options.forwards(path)) {
      done();
      return;
    }
    const leader = options.leader();
    const refuse = (message: string): void => {
      void reply.code(503).header('content-type', 'application/json').send({ message });
    };
    if (request.headers[FORWARDED] !== undefined) return refuse(`this ${options.serviceName} is not the leader either`);
    if (leader === undefined || leader === options.self())
      return refuse(`no ${options.serviceName} leader is elected yet; try again shortly`);
    const at = leader.lastIndexOf(':');
    void reply.hijack();
    const upstream = httpRequest(
      {
        host: leader.slice(0, at),
        port: Number(leader.slice(at + 1)),
        method: request.method,
        path,
        headers: forwardHeaders(request.headers, leader, options.self()),
      },
      (answer) => {
        const headers: Record<string, string | string[] | undefined> = {
          ...answer.headers,
          [options.leaderHeader]: `http://${leader}`,
        };
        for (const name of HOP_BY_HOP) delete headers[name];
        reply.raw.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(reply.raw);
        reply.raw.on('close', () => answer.destroy());
      },
    );
    upstream.on('error', (error) => {
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(503, { 'content-type': 'application/json', [options.leaderHeader]: `http://${leader}` });
        reply.raw.end(
          JSON.stringify({ message: `cannot reach the ${options.serviceName} leader at ${leader}: ${error.message}` }),
        );
      } else reply.raw.destroy();
    });
    request.raw.pipe(upstream);
  });
}
