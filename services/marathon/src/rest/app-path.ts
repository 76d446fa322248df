/**
 * What a path under `/v2/apps/` names. App ids contain slashes
 * (`/v2/apps/prod/web/tasks/t1`), so the route is a wildcard and the trailing
 * suffix decides, as Marathon's `{id:.+}/tasks`-style JAX-RS paths do: a
 * suffix is only recognised for the method that has it (`GET …/tasks`,
 * `DELETE …/tasks/{taskId}`, `POST …/restart`, …); otherwise the whole path
 * is the app id. As in Marathon, an app whose id ends in such a suffix
 * ("/x/tasks") cannot be reached by that method.
 */

export type AppPath =
  | { readonly kind: 'app'; readonly appId: string }
  | { readonly kind: 'tasks'; readonly appId: string }
  | { readonly kind: 'task'; readonly appId: string; readonly taskId: string }
  | { readonly kind: 'versions'; readonly appId: string }
  | { readonly kind: 'version'; readonly appId: string; readonly version: string }
  | { readonly kind: 'restart'; readonly appId: string };

type Suffix = Exclude<AppPath['kind'], 'app'>;

/** The suffixes each method has (the patterns are tried in this order). */
const SUFFIXES: Readonly<Record<string, readonly Suffix[]>> = {
  GET: ['version', 'versions', 'tasks'],
  DELETE: ['task', 'tasks'],
  POST: ['restart'],
};

const PATTERNS: Readonly<Record<Suffix, RegExp>> = {
  task: /^(.+)\/tasks\/([^/]+)$/,
  tasks: /^(.+)\/tasks$/,
  version: /^(.+)\/versions\/([^/]+)$/,
  versions: /^(.+)\/versions$/,
  restart: /^(.+)\/restart$/,
};

/**
 * Splits the wildcard part of `/v2/apps/*` (already URL-decoded, e.g.
 * "prod/web/tasks/t1") for `method`. Trailing slashes are ignored. The app id
 * is returned as given (without a leading "/"; the api resolves it).
 * Undefined when nothing is left to name an app (an empty path).
 */
export function parseAppPath(method: string, wildcard: string): AppPath | undefined {
  const path = wildcard.replace(/\/+$/, '').replace(/^\/+/, '');
  if (path === '') return undefined;
  for (const suffix of SUFFIXES[method] ?? []) {
    const match = PATTERNS[suffix].exec(path);
    if (match === null) continue;
    const appId = match[1] ?? '';
    const last = match[2] ?? '';
    switch (suffix) {
      case 'task':
        return { kind: 'task', appId, taskId: last };
      case 'version':
        return { kind: 'version', appId, version: last };
      default:
        return { kind: suffix, appId };
    }
  }
  return { kind: 'app', appId: path };
}
