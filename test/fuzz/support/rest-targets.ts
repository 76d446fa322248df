/**
 * Every REST route of Marathon and Chronos, enumerated by registering their
 * route modules on a bare fastify instance (with an api that is never called)
 * and recording each route as fastify adds it: a new route is fuzzed without
 * touching the suite.
 */
import { registerChronosRoutes } from '@tessera/chronos';
import { registerMarathonRoutes } from '@tessera/marathon';
import { createLogger } from '@tessera/runtime';
import Fastify, { type FastifyInstance } from 'fastify';

export interface RestRoute {
  readonly method: string;
  /** As registered: "/v2/apps/*", "/v1/scheduler/job/:name". */
  readonly url: string;
}

/** An api whose every method throws: enumeration registers routes, it serves none. */
function unusedApi<T>(): T {
  return new Proxy({} as object, {
    get: (_target, property) => () => {
      throw new Error(`the route enumeration called api.${String(property)}`);
    },
  }) as T;
}

async function routesOf(register: (app: FastifyInstance) => Promise<void>): Promise<RestRoute[]> {
  const app = Fastify({ logger: false });
  const routes: RestRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url ?? route.path });
  });
  await register(app);
  await app.ready();
  await app.close();
  return routes;
}

const logger = createLogger('fuzz-routes', { level: 'silent' });

/** Marathon's routes (`registerMarathonRoutes`). */
export function marathonRoutes(): Promise<RestRoute[]> {
  return routesOf((app) => registerMarathonRoutes(app, unusedApi(), { logger, metrics: () => '' }));
}

/** Chronos's routes (`registerChronosRoutes`). */
export function chronosRoutes(): Promise<RestRoute[]> {
  return routesOf((app) => registerChronosRoutes(app, unusedApi(), { logger }));
}
