/**
 * Query parameters of Chronos's REST routes, read as Chronos reads them. A bad
 * value is refused with a JobValidationError naming the parameter, so it is
 * answered like any bad input: 400 `{"status": 400, "message": …}`.
 */
import { JobValidationError } from '../api.js';

/** The query object fastify hands a route: a repeated key is an array. */
export type Query = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Reads fastify's `request.query` (an object of strings and string arrays) as a Query. */
export function asQuery(raw: unknown): Query {
  return typeof raw === 'object' && raw !== null ? (raw as Query) : {};
}

function valuesOf(query: Query, name: string): readonly string[] {
  const value = query[name];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/**
 * A single-valued text parameter (`name`, `command`, `any`): the last one
 * given wins (JAX-RS's `@QueryParam` takes the first; a script gives one);
 * absent or empty → undefined, as Chronos ignores an empty search term.
 */
export function textParam(query: Query, name: string): string | undefined {
  const value = valuesOf(query, name).at(-1);
  return value === undefined || value === '' ? undefined : value;
}

/**
 * A whole-number parameter (`limit`, `offset`) of at least `min`: absent or
 * empty → `fallback`. Anything else is refused on the parameter.
 */
export function wholeNumberParam(query: Query, name: string, min: number, fallback: number): number;
export function wholeNumberParam(query: Query, name: string, min: number): number | undefined;
export function wholeNumberParam(query: Query, name: string, min: number, fallback?: number): number | undefined {
  const text = textParam(query, name);
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min)
    throw new JobValidationError([
      { field: name, message: `${name}: must be a whole number >= ${min} (got ${JSON.stringify(text)})` },
    ]);
  return value;
}

/**
 * `PUT /v1/scheduler/job/{name}?arguments=…`: Chronos takes one string and
 * appends it to the command, separated by a space. Here the run's arguments
 * are that string split at whitespace ("-a 1  -b" → ["-a", "1", "-b"]);
 * blank → none. CHOICE: no shell quoting is read (an argument cannot contain a
 * space; gRPC RunJob takes a list for that). Given more than once, each value
 * is split and the lists are joined in order.
 */
export function runArguments(query: Query): string[] | undefined {
  const args = valuesOf(query, 'arguments').flatMap((value) => value.split(/\s+/).filter((arg) => arg !== ''));
  return args.length === 0 ? undefined : args;
}
