/**
 * Random and invalid REST requests for Marathon's and Chronos's routes.
 *
 * - `concretePath`: a route's pattern with its `*` and `:param` parts filled
 *   with real IDs, their sub-resources, odd and encoded text.
 * - `randomBody` / `randomContentType`: any JSON (deep, wide, long), text
 *   that is not JSON, nothing, with any content type. May be valid.
 * - `malformedJson`: text that no JSON parser accepts, by construction.
 * - The definition generators: a valid app or job with one field made
 *   invalid by construction (wrong type, out of range, unknown, over a limit).
 */
import fc from 'fast-check';
import type { ValuePool } from './proto-arbitrary.js';

/** Deep nesting: arrays or objects `depth` levels deep, as JSON text (JSON.stringify would not build it). */
export function deeplyNested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const ODD_SEGMENTS = [
  '',
  '.',
  '..',
  '%2e%2e',
  '%2F',
  '%00',
  '%zz',
  '~',
  '*',
  'a%20b',
  '%F0%9F%98%80',
  '%C3%A9',
  '__proto__',
  'x'.repeat(2000),
];

function segment(pool: ValuePool): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .integer({ min: 0, max: 1_000_000 })
        .map((i) => pool.strings[i % Math.max(1, pool.strings.length)] ?? 'x'),
    },
    { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_SEGMENTS) },
  );
}

/** A concrete path for `pattern`: each `:param` one segment, a trailing `*` one to four (sub-resources included). */
export function concretePath(pattern: string, pool: ValuePool): fc.Arbitrary<string> {
  const parts = pattern.split('/');
  const subResource = fc.constantFrom(
    '',
    '/tasks',
    '/versions',
    '/restart',
    '/delay',
    '/tasks/x',
    '/versions/x',
    '/a/b/c',
  );
  return fc
    .tuple(
      ...parts.map((part) => {
        if (part.startsWith(':'))
          return segment(pool).map((s) => s.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('%2F'));
        if (part === '*')
          return fc
            .tuple(fc.array(segment(pool), { minLength: 1, maxLength: 3 }), subResource)
            .map(([segments, tail]) => `${segments.map((s) => s.replace(/^\/+/, '')).join('/')}${tail}`);
        return fc.constant(part);
      }),
    )
    .map((filled) => filled.join('/'));
}

/** A query string: none, known flags with odd values, random keys, repeated keys. */
export function queryString(): fc.Arbitrary<string> {
  const key = fc.oneof(
    fc.constantFrom(
      'force',
      'embed',
      'id',
      'cmd',
      'label',
      'status',
      'host',
      'scale',
      'wipe',
      'partialUpdate',
      'limit',
      'offset',
      'name',
      'command',
      'any',
      'arguments',
      'event_type',
    ),
    fc.string({ maxLength: 10 }),
  );
  const value = fc.oneof(
    fc.constantFrom(
      'true',
      'false',
      '1',
      '0',
      '-1',
      '',
      'NaN',
      '1e999',
      '99999999999999999999',
      'app.tasks',
      'app.counts',
      'x'.repeat(5000),
    ),
    fc.string({ maxLength: 20 }),
  );
  return fc
    .array(fc.tuple(key, value), { maxLength: 4 })
    .map((pairs) =>
      pairs.length === 0
        ? ''
        : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`,
    );
}

/** Content types, right and wrong. */
export function randomContentType(): fc.Arbitrary<string | undefined> {
  return fc.constantFrom(
    undefined,
    'application/json',
    'application/json; charset=utf-8',
    'application/x-www-form-urlencoded',
    'text/plain',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
    'application/xml',
    'image/png',
    '*/*',
    'garbage',
    ';;;',
    'application/json; charset=latin1',
  );
}

/** Any JSON value, small or deep or wide or long. */
export function randomJson(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom<'array' | 'object'>('array', 'object'))
        .map(([d, k]) => deeplyNested(d, k)),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 200_000 }).map((n) => JSON.stringify('x'.repeat(n))) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 50_000 }).map((n) => JSON.stringify(Array.from({ length: n }, (_, i) => i))),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1, max: 20_000 })
        .map((n) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])))),
    },
  );
}

/**
 * Text that is not JSON, by construction: an object or array missing its
 * closing bracket, a value followed by a stray token, JSON5-isms, binary.
 */
export function malformedJson(): fc.Arbitrary<string> {
  return fc.oneof(
    fc
      .dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }))
      .map((o) => JSON.stringify(o).slice(0, -1)),
    fc.array(fc.jsonValue({ maxDepth: 2 })).map((a) => JSON.stringify(a).slice(0, -1)),
    fc.jsonValue({ maxDepth: 2 }).map((v) => `${JSON.stringify(v)} @`),
    fc.constantFrom(
      "{'id': 'x'}",
      '{"id": "x",}',
      '[1,]',
      'NaN',
      '{"a": undefined}',
      '/* c */ {}',
      '{"a": 0x10}',
      '{"a": .5}',
      '"\u0001"',
      'tru',
      '{"a"}',
    ),
    fc.integer({ min: 2, max: 100_000 }).map((depth) => '['.repeat(depth)),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => `\u0000${Buffer.from(bytes).toString('latin1')}`),
  );
}

/** JSON values that are not an object (for a body that must be one). */
export function nonObjectJson(): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constant(null),
      fc.boolean(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ maxLength: 10 }),
      fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
    )
    .map((v) => JSON.stringify(v));
}

/** A value of the wrong JSON type for a field whose type is `kind`. */
function wrongType(kind: 'string' | 'number' | 'object' | 'array' | 'boolean'): fc.Arbitrary<unknown> {
  const all: Record<string, fc.Arbitrary<unknown>> = {
    // NOTE: never numeric ("0"): Chronos reads numeric strings as numbers, as real Chronos job JSON has them.
    string: fc.string({ maxLength: 8 }).map((text) => `x${text}`),
    number: fc.integer(),
    object: fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
    array: fc.array(fc.integer(), { maxLength: 2 }),
    boolean: fc.boolean(),
  };
  return fc.oneof(
    ...Object.entries(all)
      .filter(([k]) => k !== kind && !(kind === 'number' && k === 'boolean'))
      .map(([, a]) => a),
  );
}

/** One way of making a definition invalid: the field, and the arbitrary of its bad value. */
export interface Breakage {
  readonly field: string;
  readonly value: fc.Arbitrary<unknown>;
}

/** Builds `{ ...valid, [field]: bad }` for one of `breakages`; the field's name travels with the value for the report. */
export function brokenDefinition(
  valid: Record<string, unknown>,
  breakages: readonly Breakage[],
): fc.Arbitrary<{ field: string; body: string }> {
  return fc.oneof(
    ...breakages.map((b) =>
      b.value.map((value) => ({ field: b.field, body: JSON.stringify({ ...valid, [b.field]: value }) })),
    ),
  );
}

/** Many distinct keys (labels, env), `count` of them. */
function manyKeys(count: number, value = 'v'): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`K${i}`, value]));
}

/** Ways to break a Marathon app definition (`id` set by the caller). Over-limit sizes use the limits of `@tessera/marathon`. */
export function appBreakages(limits: {
  maxIdLength: number;
  maxLabels: number;
  maxEnv: number;
  maxTextBytes: number;
}): Breakage[] {
  return [
    {
      field: 'id',
      value: fc.oneof(
        wrongType('string'),
        fc.constant(`/${'a'.repeat(limits.maxIdLength + 1)}`),
        fc.constantFrom('', '/', '//', '/A B', '/a b', '/a/../../b'),
      ),
    },
    {
      field: 'instances',
      value: fc.oneof(wrongType('number'), fc.integer({ max: -1 }), fc.constantFrom(0.5, 1e12, -0.5)),
    },
    { field: 'cpus', value: fc.oneof(wrongType('number'), fc.double({ min: -1e12, max: -0.0001, noNaN: true })) },
    { field: 'mem', value: fc.oneof(wrongType('number'), fc.double({ min: -1e12, max: -0.0001, noNaN: true })) },
    { field: 'cmd', value: fc.oneof(wrongType('string'), fc.constant('x'.repeat(limits.maxTextBytes + 1))) },
    { field: 'args', value: fc.oneof(fc.constant('x'), fc.array(wrongType('string'), { minLength: 1, maxLength: 3 })) },
    {
      field: 'env',
      value: fc.oneof(
        fc.array(fc.string()),
        fc.constant('x'),
        fc.constant(manyKeys(limits.maxEnv + 1)),
        fc.constant({ BIG: 'x'.repeat(limits.maxTextBytes + 1) }),
        fc.constant({ A: { b: 1 } }),
      ),
    },
    {
      field: 'labels',
      value: fc.oneof(
        fc.array(fc.string()),
        fc.constant(7),
        fc.constant(manyKeys(limits.maxLabels + 1)),
        fc.constant({ a: 1 }),
        fc.constant({ a: { b: [1] } }),
      ),
    },
    {
      field: 'constraints',
      value: fc.oneof(fc.constant('x'), fc.constant([['hostname', 'NO_SUCH_OPERATOR']]), fc.constant([[1, 2, 3]])),
    },
    {
      field: 'healthChecks',
      value: fc.oneof(
        fc.constant({}),
        fc.constant([{ protocol: 'GOPHER' }]),
        fc.constant([{ protocol: 'MESOS_HTTP', portIndex: -1 }]),
      ),
    },
    {
      field: 'upgradeStrategy',
      value: fc.oneof(
        fc.constant([]),
        fc.constant({ minimumHealthCapacity: 2 }),
        fc.constant({ maximumOverCapacity: -1 }),
      ),
    },
    { field: 'container', value: fc.constant({ type: 'DOCKER', docker: { image: 'x' } }) },
    // NOTE: not null: a field set to null is an absent one (Marathon's and Chronos's rule), unknown or not.
    { field: 'noSuchField', value: fc.jsonValue({ maxDepth: 1 }).filter((v) => v !== null) },
    { field: 'dependencies', value: fc.oneof(fc.constant('x'), fc.constant([1]), fc.constant([deepValue(2000)])) },
    {
      field: 'portDefinitions',
      value: fc.oneof(fc.constant({}), fc.constant([{ port: -1 }]), fc.constant([{ port: 70_000 }])),
    },
    { field: 'backoffFactor', value: fc.oneof(wrongType('number'), fc.constantFrom(0, -1, 0.5)) },
  ];
}

/** Ways to break a Chronos job definition (`name` set by the caller). */
export function jobBreakages(limits: { maxNameLength: number; maxEnv: number; maxTextBytes: number }): Breakage[] {
  return [
    {
      field: 'name',
      value: fc.oneof(wrongType('string'), fc.constant(''), fc.constant('n'.repeat(limits.maxNameLength + 1))),
    },
    { field: 'command', value: fc.oneof(wrongType('string'), fc.constant('x'.repeat(limits.maxTextBytes + 1))) },
    {
      field: 'schedule',
      value: fc.oneof(
        wrongType('string'),
        fc.constantFrom(
          '',
          'R/x/PT1H',
          'R-1/2030-01-01T00:00:00Z/PT1H',
          'R/2030-01-01T00:00:00Z/P',
          'R/2030-13-01T00:00:00Z/PT1H',
          'every day',
        ),
      ),
    },
    { field: 'retries', value: fc.oneof(wrongType('number'), fc.integer({ max: -1 }), fc.constant(0.5)) },
    { field: 'epsilon', value: fc.oneof(wrongType('string'), fc.constantFrom('PT', '5 minutes', '-PT1M')) },
    { field: 'cpus', value: fc.oneof(wrongType('number'), fc.double({ min: -1e12, max: -0.0001, noNaN: true })) },
    { field: 'mem', value: fc.oneof(wrongType('number'), fc.double({ min: -1e12, max: -0.0001, noNaN: true })) },
    {
      field: 'environmentVariables',
      value: fc.oneof(
        fc.constant({}),
        fc.constant([{ name: 1 }]),
        fc.constant(Array.from({ length: limits.maxEnv + 1 }, (_, i) => ({ name: `E${i}`, value: 'v' }))),
        fc.constant([{ name: 'BIG', value: 'x'.repeat(limits.maxTextBytes + 1) }]),
      ),
    },
    { field: 'parents', value: fc.oneof(fc.constant('x'), fc.constant([1]), fc.constant([deepValue(2000)])) },
    {
      field: 'arguments',
      value: fc.oneof(fc.constant('x'), fc.array(wrongType('string'), { minLength: 1, maxLength: 2 })),
    },
    { field: 'constraints', value: fc.oneof(fc.constant('x'), fc.constant([['hostname', 'NOPE', 'x']])) },
    { field: 'shell', value: wrongType('boolean') },
    // NOTE: not null: a field set to null is an absent one (Marathon's and Chronos's rule), unknown or not.
    { field: 'noSuchField', value: fc.jsonValue({ maxDepth: 1 }).filter((v) => v !== null) },
  ];
}

/** A value nested `depth` arrays deep. */
function deepValue(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}
