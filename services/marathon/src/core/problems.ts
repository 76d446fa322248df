/**
 * Validation problems in Marathon's shape. A refused app or group is answered
 * with `{ message: "Object is not valid", details: [{ path, errors }] }`
 * (HTTP 422 in Marathon); every problem of the input is listed, not only the
 * first.
 *
 * Paths are Marathon's: "/" for the object itself, "/cpus" for a field,
 * "/healthChecks(0)/portIndex" for a field of an array's element (Marathon 1.x
 * writes array indexes in parentheses, as in "/apps(8)/constraints"; not
 * RFC 6901's "/healthChecks/0"). Keys are written as they are, unescaped.
 */
import type { z } from 'zod';
export { PROTO_KEY, protoKeyPaths } from '@tessera/domain';

/** Every error of one path of the input. */
export interface ValidationProblem {
  /** Marathon's path: "/", "/cpus", "/healthChecks(0)/portIndex", "/env/DB_PASSWORD". */
  readonly path: string;
  readonly errors: readonly string[];
}

/** The body Marathon answers a refused definition with. */
export interface MarathonValidationError {
  readonly message: 'Object is not valid';
  readonly details: readonly ValidationProblem[];
}

/** A key of an object (string) or an index of an array (number). */
export type PathSegment = string | number;

/** Marathon's path of `segments`: [] → "/", ["healthChecks", 0, "portIndex"] → "/healthChecks(0)/portIndex". */
export function pathOf(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) out += typeof segment === 'number' ? `(${segment})` : `/${segment}`;
  return out === '' ? '/' : out;
}

/** Prefixes a problem's path: ("/apps(2)", "/cpus") → "/apps(2)/cpus"; ("/apps(2)", "/") → "/apps(2)". */
export function underPath(prefix: string, path: string): string {
  if (prefix === '/' || prefix === '') return path;
  return path === '/' ? prefix : `${prefix}${path}`;
}

/** Wraps problems in Marathon's error body. */
export function marathonValidationError(problems: readonly ValidationProblem[]): MarathonValidationError {
  return { message: 'Object is not valid', details: problems };
}

/**
 * Collects errors by path, in the order paths were first met. Used inside one
 * parse call only (local mutation; nothing escapes but the frozen list).
 */
export class ProblemList {
  private readonly byPath = new Map<string, string[]>();

  get isEmpty(): boolean {
    return this.byPath.size === 0;
  }

  add(path: string, error: string): void {
    const errors = this.byPath.get(path);
    if (errors === undefined) this.byPath.set(path, [error]);
    else if (!errors.includes(error)) errors.push(error);
  }

  /** Adds problems found in a nested object, under `prefix` ("/apps(0)"). */
  addAll(problems: readonly ValidationProblem[], prefix = '/'): void {
    for (const problem of problems)
      for (const error of problem.errors) this.add(underPath(prefix, problem.path), error);
  }

  /** Adds a zod failure of the value at `at` (its issues' paths are relative to it). */
  addZodIssues(at: readonly PathSegment[], issues: readonly z.core.$ZodIssue[]): void {
    for (const issue of issues) {
      const path = [...at, ...issue.path.map(toSegment)];
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) this.add(pathOf([...path, key]), UNKNOWN_FIELD);
      } else {
        this.add(pathOf(path), issue.message);
      }
    }
  }

  toList(): readonly ValidationProblem[] {
    return [...this.byPath].map(([path, errors]) => ({ path, errors }));
  }
}

/** The error of a field that no Marathon app (or group, or element) has. */
export const UNKNOWN_FIELD = 'unknown field: Tessera refuses fields it does not know (Marathon would ignore them)';

function toSegment(key: PropertyKey): PathSegment {
  return typeof key === 'number' ? key : String(key);
}

/**
 * Marathon-like messages for zod's issues ("must be >= 0", "must be one of
 * HTTP, HTTPS"). Passed as the `error` map of every `safeParse` here; a
 * message set on a schema or a refinement wins over it.
 */
export const marathonMessages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters long`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at least ${issue.minimum} element(s)`;
      return `must be ${issue.inclusive === false ? '>' : '>='} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters long`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at most ${issue.maximum} element(s)`;
      return `must be ${issue.inclusive === false ? '<' : '<='} ${issue.maximum}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((value) => String(value)).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex'
        ? `must match ${issue.pattern ?? 'its pattern'}`
        : `must be a valid ${issue.format}`;
    case 'invalid_union':
      return 'has none of the accepted shapes';
    default:
      return undefined;
  }
};

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean (true or false)',
  array: 'an array',
  object: 'an object',
  record: 'an object',
  null: 'null',
};
