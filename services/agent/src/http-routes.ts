/**
 * Sandbox files over HTTP, as Mesos's agent serves them (/files/browse,
 * /files/read), with the same confinement as the gRPC API.
 */
import { lookupError, type StartHttpServerOptions } from '@tessera/runtime';
import type { Agent } from './agent.js';
import { AGENT_ERRORS, UnknownTaskError } from './errors.js';
import { listSandbox, readSandboxFile } from './sandbox-files.js';

type HttpApp = Parameters<NonNullable<StartHttpServerOptions['routes']>>[0];

interface FileQuery {
  task_id?: string;
  path?: string;
  offset?: string;
  length?: string;
}

function sandboxOf(agent: Agent, taskId: string | undefined): string {
  const record = taskId === undefined || taskId === '' ? undefined : agent.tracker.find(taskId);
  if (record === undefined) throw new UnknownTaskError(`task ${JSON.stringify(taskId ?? '')} is unknown to this agent`);
  return record.sandbox;
}

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
    const query = request.query as FileQuery;
    try {
      return await listSandbox(sandboxOf(agent, query.task_id), query.path ?? '');
    } catch (error) {
      const { status, body } = fail(error);
      return reply.code(status).send(body);
    }
  });
  /** GET /files/read?task_id=T&path=P&offset=O&length=L: up to 1 MiB of a file as UTF-8 text, with the file's size. */
  app.get('/files/read', async (request, reply) => {
    const query = request.query as FileQuery;
    try {
      const read = await readSandboxFile(
        sandboxOf(agent, query.task_id),
        query.path ?? '',
        Number(query.offset ?? 0),
        Number(query.length ?? 0),
      );
      return { data: read.data.toString('utf8'), offset: read.offset, size: read.size };
    } catch (error) {
      const { status, body } = fail(error);
      return reply.code(status).send(body);
    }
  });
}
