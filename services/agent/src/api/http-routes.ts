/**
 * Sandbox files over HTTP, as Mesos's agent serves them (/files/browse,
 * /files/read), with the same confinement and bounds as the gRPC API. A
 * malformed query (a key given twice, a number that is not one) is 400.
 *
 * Each request is authenticated first, by its `Authorization` header (Bearer or
 * Basic; the HTTP server has no TLS): a refusal is 401 with the challenge
 * `WWW-Authenticate: Basic realm="tessera"` (as Marathon's and Chronos's REST
 * APIs), before the query is even parsed. Then the task is looked up (404 when
 * unknown) and `view_sandboxes` on its framework's principal is checked (403).
 * /healthz and /metrics stay open (they are not routes of this module).
 */
import { AUTH_REALM, type Principal, type ServiceAuth } from '@tessera/auth';
import { lookupError, type StartHttpServerOptions } from '@tessera/runtime';
import type { Agent } from '../agent.js';
import { authorizeSandbox, httpCallerOf, openAgentAuth } from '../auth.js';
import { AGENT_ERRORS } from '../errors.js';
import { fileRequestFromQuery, taskForFiles } from './file-requests.js';
import { listSandbox, readSandboxFile } from '../sandbox-files.js';

type HttpApp = Parameters<NonNullable<StartHttpServerOptions['routes']>>[0];

/** The challenge of a 401, as the framework services' REST APIs send it. */
export const WWW_AUTHENTICATE = `Basic realm="${AUTH_REALM}"`;

export function registerFileRoutes(app: HttpApp, agent: Agent, auth: ServiceAuth = openAgentAuth()): void {
  /** The answer to a refusal; a 401 carries the challenge. */
  const fail = (error: unknown) => {
    const { http } = lookupError(error, AGENT_ERRORS);
    return {
      status: http,
      headers: http === 401 ? { 'WWW-Authenticate': WWW_AUTHENTICATE } : {},
      body: {
        error: error instanceof Error ? error.name : 'Error',
        message: String((error as Error).message ?? error),
      },
    };
  };
  /** The sandbox of task `taskId`, once `principal` may view it: UnknownTaskError, or PermissionDeniedError. */
  const sandboxFor = (principal: Principal, taskId: string): string => {
    const record = taskForFiles(agent, taskId);
    authorizeSandbox(auth, principal, record);
    return record.sandbox;
  };
  /** GET /files/browse?task_id=T&path=P: the entries of a sandbox directory. */
  app.get('/files/browse', async (request, reply) => {
    try {
      const principal = httpCallerOf(request.headers.authorization, auth);
      const { taskId, path } = fileRequestFromQuery(request.query);
      return await listSandbox(sandboxFor(principal, taskId), path);
    } catch (error) {
      const { status, headers, body } = fail(error);
      return reply.code(status).headers(headers).send(body);
    }
  });
  /** GET /files/read?task_id=T&path=P&offset=O&length=L: up to 1 MiB of a file as UTF-8 text, with the file's size. */
  app.get('/files/read', async (request, reply) => {
    try {
      const principal = httpCallerOf(request.headers.authorization, auth);
      const { taskId, path, offset, length } = fileRequestFromQuery(request.query);
      const read = await readSandboxFile(sandboxFor(principal, taskId), path, offset, length);
      return { data: read.data.toString('utf8'), offset: read.offset, size: read.size };
    } catch (error) {
      const { status, headers, body } = fail(error);
      return reply.code(status).headers(headers).send(body);
    }
  });
}
