/**
 * Service ports, as Marathon gives them: a port definition with `port: 0` gets a
 * port of the service port range (Marathon's `--local_port_min/max`, default
 * [10000, 20000)) that no other app of the tree uses, when the app is created
 * or changed; ports already given (non-zero) stay. Service ports name a service
 * for discovery (`PORT_<servicePort>` in the task's environment, the
 * `/v2/tasks` text form); tasks listen on host ports, picked from offers.
 * Pure: the tree goes in, the tree with ports comes out.
 */
import { allApps } from './group-tree.js';
import type { AppDefinition, Group, PathId } from './model.js';

export interface ServicePortRange {
  /** First port given. */
  readonly min: number;
  /** One past the last port given. */
  readonly max: number;
}

export const DEFAULT_SERVICE_PORTS: ServicePortRange = { min: 10_000, max: 20_000 };

/** No free service port is left in the range for an app. */
export class ServicePortsExhaustedError extends Error {
  override readonly name = 'ServicePortsExhaustedError';
  constructor(
    readonly appId: PathId,
    readonly range: ServicePortRange,
  ) {
    super(`no free service port left in [${range.min}, ${range.max}) for ${appId}`);
  }
}

/**
 * `apps` (definitions about to be stored in `root`) with every `port: 0`
 * replaced by the lowest free service port: not used by any other app of
 * `root` nor given earlier in this call. Apps without a 0 port come back as
 * they are (the same object). Throws ServicePortsExhaustedError.
 */
export function assignServicePorts(
  root: Group,
  apps: readonly AppDefinition[],
  range: ServicePortRange = DEFAULT_SERVICE_PORTS,
): AppDefinition[] {
  const changing = new Set(apps.map((app) => app.id));
  const used = new Set<number>();
  for (const app of allApps(root)) {
    if (changing.has(app.id)) continue;
    for (const definition of app.portDefinitions) if (definition.port > 0) used.add(definition.port);
  }
  for (const app of apps)
    for (const definition of app.portDefinitions) if (definition.port > 0) used.add(definition.port);
  let next = range.min;
  const take = (appId: PathId): number => {
    while (next < range.max && used.has(next)) next += 1;
    if (next >= range.max) throw new ServicePortsExhaustedError(appId, range);
    used.add(next);
    return next;
  };
  return apps.map((app) =>
    app.portDefinitions.some((definition) => definition.port === 0)
      ? {
          ...app,
          portDefinitions: app.portDefinitions.map((definition) =>
            definition.port === 0 ? { ...definition, port: take(app.id) } : definition,
          ),
        }
      : app,
  );
}
