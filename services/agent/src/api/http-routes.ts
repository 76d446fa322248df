/**
 * Sandbox files over HTTP, as Mesos's agent serves them (/files/browse,
 * /files/read), with the same confinement and bounds as the gRPC API. A
 * malformed query (a key given twice, a number that is not one) is 400.
 */
import { lookupError, type StartHttpServerOptions } from '@tessera/runtime';
import type { Agent } from '../agent.js';
import { AGENT_ERRORS } from '../errors.js';
import { fileRequestFromQuery, taskForFiles } from './file-requests.js';
import { listSandbox, readSandboxFile } from '../sandbox-files.js';

type HttpApp = Parameters<NonNullable<StartHttpServerOptions['routes']>>[0];

export function registerFileRoutes(app: HttpApp, agent: Agent): void {
  const fail = (error: unknown) => {
    const { http } = lookupError(error, AGENT_ERRORS);
    return {
      status: http,
      body: {
        error: error instanceof Error ? error.name : 'Error',
        message: String((error as Error).message ?? error),
      },
    };
  };
  /** GET /files/browse?task_id=T&path=P: the entries of a sandbox directory. */
  app.get('/files/browse', async (request, reply) => {
    try {
      const { taskId, path } = fileRequestFromQuery(request.query);
      return await listSandbox(taskForFiles(agent, taskId).sandbox, path);
    } catch (error) {
      const { status, body } = fail(error);
      return reply.code(status).send(body);
    }
  });
  /** GET /files/read?task_id=T&path=P&offset=O&length=L: up to 1 MiB of a file as UTF-8 text, with the file's size. */
  app.get('/files/read', async (request, reply) => {
    try {
      const { taskId, path, offset, length } = fileRequestFromQuery(request.query);
      const read = await readSandboxFile(taskForFiles(agent, taskId).sandbox, path, offset, length);
      return { data: read.data.toString('utf8'), offset: read.offset, size: read.size };
    } catch (error) {
      const { status, body } = fail(error);
      return reply.code(status).send(body);
    }
  });
}
