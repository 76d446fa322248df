/**
 * Query parameters of the REST v2 routes, read as Marathon reads them. A bad
 * value is refused with a ValidationFailedError on the parameter's path
 * ("/force"), so it is answered like any invalid input: 422 with details.
 */
import { ValidationFailedError } from '../api.js';

/** The query object fastify hands a route: a repeated key is an array. */
export type Query = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Reads fastify's `request.query` (an object of strings and string arrays) as a Query. */
export function asQuery(raw: unknown): Query {
  return typeof raw === 'object' && raw !== null ? (raw as Query) : {};
}

/** Every value given for `name`, in order (a repeated key gives several). */
function valuesOf(query: Query, name: string): readonly string[] {
  const value = query[name];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/**
 * A boolean flag (`force`, `scale`, `wipe`, `partialUpdate`): "true" or
 * "false" (any case, as Marathon's JAX-RS reads booleans), or `fallback` when
 * absent. Anything else, an empty value or the flag given twice with different
 * values is refused on path "/<name>".
 */
export function booleanFlag(query: Query, name: string, fallback: boolean): boolean {
  const values = valuesOf(query, name).map((value) => value.toLowerCase());
  if (values.length === 0) return fallback;
  const distinct = new Set(values);
  const [only] = distinct;
  if (distinct.size > 1 || (only !== 'true' && only !== 'false')) {
    throw new ValidationFailedError([
      { path: `/${name}`, errors: [`must be true or false (got ${values.map((v) => JSON.stringify(v)).join(', ')})`] },
    ]);
  }
  return only === 'true';
}

/**
 * A list parameter (`embed`, `status`, `event_type`): given repeated
 * (`?embed=a&embed=b`), comma separated (`?embed=a,b`), or both. Empty
 * entries are dropped; order is kept; duplicates are removed.
 */
export function listParam(query: Query, ...names: readonly string[]): string[] {
  const items = names
    .flatMap((name) => valuesOf(query, name))
    .flatMap((value) => value.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return [...new Set(items)];
}

/** A single-valued text parameter (`id`, `cmd`, `label`, `host`): the last one given wins; absent or empty → undefined. */
export function textParam(query: Query, name: string): string | undefined {
  const value = valuesOf(query, name).at(-1);
  return value === undefined || value === '' ? undefined : value;
}
