/**
 * What is wrong with a job's JSON, as Chronos's REST answers it: a list of
 * problems, each naming the field and (where there is one) the value, so a
 * refused `POST /v1/scheduler/iso8601` says everything at once, not only the
 * first mistake.
 *
 * Field paths are written as in JavaScript: "cpus", "fetch[0].uri",
 * "environmentVariables[2].name"; "" is the job as a whole (a rule between
 * fields, such as "exactly one of schedule, cron and parents").
 */
import type { z } from 'zod';
export { PROTO_KEY, protoKeyPaths } from '@tessera/domain';

/** One problem of a job's JSON. `message` starts with the field's path and says what is wrong. */
export interface JobProblem {
  /** The field's path ("cpus", "fetch[0].uri"); "" for the job as a whole. */
  readonly field: string;
  readonly message: string;
}

/** A key of an object (string) or an index of an array (number). */
export type PathSegment = string | number;

/** The path of `segments`: [] → "", ["fetch", 0, "uri"] → "fetch[0].uri". */
export function fieldPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments)
    out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  return out;
}

/** A value as messages quote it: JSON, cut at 80 characters. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) return typeof value;
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** The error of a field no Chronos job has. */
export const UNKNOWN_FIELD = 'unknown field: Tessera refuses fields it does not know (Chronos would ignore them)';

/**
 * Collects problems in the order found, each (field, message) once. Used
 * inside one parse call only (local mutation; nothing escapes but the list).
 */
export class JobProblemList {
  private readonly problems: JobProblem[] = [];

  get isEmpty(): boolean {
    return this.problems.length === 0;
  }

  /** Adds `error` about the field at `at`; the message is "path: error". */
  add(at: readonly PathSegment[], error: string): void {
    const field = fieldPath(at);
    const message = field === '' ? error : `${field}: ${error}`;
    if (!this.problems.some((problem) => problem.field === field && problem.message === message))
      this.problems.push({ field, message });
  }

  /** Adds `error` about the value `value` of the field at `at`: "path: value: error". */
  addValue(at: readonly PathSegment[], value: unknown, error: string): void {
    this.add(at, value === undefined ? error : `${describeValue(value)}: ${error}`);
  }

  /**
   * Adds a zod failure of `input`, the value of the field at `at` (its issues'
   * paths are relative to it). Unknown keys are answered by `unknownKey`
   * (which gets the key's path); "__proto__" keys are left out (reported once
   * by the caller, as PROTO_KEY).
   */
  addZodIssues(
    at: readonly PathSegment[],
    input: unknown,
    issues: readonly z.core.$ZodIssue[],
    unknownKey: (path: readonly PathSegment[]) => string = () => UNKNOWN_FIELD,
  ): void {
    for (const issue of issues) {
      const relative = issue.path.map(toSegment);
      const path = [...at, ...relative];
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) if (key !== '__proto__') this.add([...path, key], unknownKey([...path, key]));
      } else {
        this.addValue(path, valueAt(input, relative), issue.message);
      }
    }
  }

  toList(): readonly JobProblem[] {
    return [...this.problems];
  }
}

/**
 * Messages for zod's issues ("must be >= 0", "must be one of ALLOW, FORBID,
 * REPLACE"). Passed as the `error` map of every `safeParse` of a job; a
 * message set on a schema wins over it.
 */
export const jobMessages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at least ${issue.minimum} element(s)`;
      return `must be ${issue.inclusive === false ? '>' : '>='} ${issue.minimum}`;
    case 'too_big':
      return `must be ${issue.inclusive === false ? '<' : '<='} ${issue.maximum}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((value) => String(value)).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex' ? `must match ${issue.pattern ?? 'its pattern'}` : `must be a ${issue.format}`;
    default:
      return undefined;
  }
};

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean (true or false)',
  array: 'an array',
  object: 'an object',
};

function toSegment(key: PropertyKey): PathSegment {
  return typeof key === 'number' ? key : String(key);
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}
