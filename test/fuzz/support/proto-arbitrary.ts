/**
 * Random protobuf messages for the fuzz suite, driven by the loaded package
 * definition (the descriptors `@grpc/proto-loader` keeps), so a new field or
 * message is fuzzed without touching this file.
 *
 * Three kinds of input, as bytes on the wire:
 * - `wellTypedMessage`: every field of the right type with random values
 *   (edge numbers, long and odd strings, a pool of real IDs), encoded by the
 *   method's own serializer. May be valid.
 * - `randomWire`: hand-written wire format with the message's field numbers
 *   and others, each with a random (possibly wrong) wire type. May decode.
 * - `malformedWire`: a well-typed message followed by an unknown field that no
 *   protobuf decoder accepts (wire type 6 or 7, or a length past the end).
 *   Invalid by construction: it must be refused.
 */
import type * as protoLoader from '@grpc/proto-loader';
import fc from 'fast-check';

/** A field of a DescriptorProto as proto-loader keeps it (camelCase names). */
interface FieldDescriptor {
  readonly name: string;
  readonly number: number;
  readonly label: string;
  readonly type: string;
  readonly typeName: string;
}

interface MessageDescriptor {
  readonly name: string;
  readonly field: readonly FieldDescriptor[];
}

/** What the generators draw strings from besides random text: real IDs and names, filled in once the cluster runs. */
export interface ValuePool {
  strings: string[];
}

export interface MessageArbitraryOptions {
  /** How deep nested messages go; deeper ones are left out. */
  readonly maxDepth: number;
  /** Most elements of a repeated field. */
  readonly maxRepeated: number;
  readonly pool: ValuePool;
}

const INT_EDGES = [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 32 - 1, 2 ** 53 - 1, -(2 ** 53 - 1)];
const DOUBLE_EDGES = [0, -0, 1, -1, 0.5, 1e-300, 1e300, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity, NaN];

/** Strings that break naive code: empty, blank, separators, traversal, control and non-BMP characters, JSON. */
const NASTY_STRINGS = [
  '',
  ' ',
  '/',
  '//',
  '.',
  '..',
  '../../../../etc/passwd',
  '/etc/passwd',
  'a/../../b',
  '\u0000',
  'a\u0000b',
  '\n',
  '\t\r\n',
  '%00',
  '%2e%2e%2f',
  '*',
  '?',
  '$(true)',
  '`id`',
  '{"a":1}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '\uD800',
  '\uDFFF',
  '😀',
  'é',
  '\u202E',
  '-1',
  'NaN',
  'Infinity',
  '1e309',
  'cpus:1;mem:1',
  'cpus(*):1',
  'ports:[1-65535]',
];

/** A message or enum descriptor with its nested ones (proto-loader keeps nested types only inside their parent). */
interface TypeDescriptor {
  readonly name: string;
  readonly field?: readonly FieldDescriptor[];
  readonly value?: readonly { readonly name: string; readonly number: number }[];
  readonly nestedType?: readonly TypeDescriptor[];
  readonly enumType?: readonly TypeDescriptor[];
  readonly options?: { readonly mapEntry?: boolean } | null;
}

const registries = new WeakMap<protoLoader.PackageDefinition, Map<string, TypeDescriptor>>();

/** Every message and enum of the definition by fully qualified name, nested ones included. */
function typeRegistry(definition: protoLoader.PackageDefinition): Map<string, TypeDescriptor> {
  let registry = registries.get(definition);
  if (registry !== undefined) return registry;
  const types = new Map<string, TypeDescriptor>();
  const add = (name: string, descriptor: TypeDescriptor): void => {
    types.set(name, descriptor);
    for (const nested of [...(descriptor.nestedType ?? []), ...(descriptor.enumType ?? [])])
      add(`${name}.${nested.name}`, nested);
  };
  for (const [name, entry] of Object.entries(definition))
    if ('format' in entry) add(name, entry.type as unknown as TypeDescriptor);
  registry = types;
  registries.set(definition, registry);
  return registry;
}

/** The fully qualified name `typeName` refers to from inside `from`, by protobuf's scoping (innermost scope first). */
function qualifiedName(definition: protoLoader.PackageDefinition, typeName: string, from: string): string {
  const registry = typeRegistry(definition);
  if (typeName.startsWith('.')) return typeName.slice(1);
  const scope = from.split('.');
  for (let depth = scope.length; depth >= 0; depth--) {
    const candidate = [...scope.slice(0, depth), typeName].join('.');
    if (registry.has(candidate)) return candidate;
  }
  throw new Error(`no type ${typeName} (from ${from}) in the package definition`);
}

function descriptorOf(definition: protoLoader.PackageDefinition, typeName: string, from: string): TypeDescriptor {
  const name = qualifiedName(definition, typeName, from);
  const descriptor = typeRegistry(definition).get(name);
  if (descriptor === undefined) throw new Error(`no type ${name}`);
  return descriptor;
}

/** A string arbitrary: random text, nasty strings, the pool's real values, long runs. */
export function stringArbitrary(pool: ValuePool): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    {
      weight: 3,
      arbitrary: fc
        .integer({ min: 0, max: 1_000_000 })
        .map((i) => pool.strings[i % Math.max(1, pool.strings.length)] ?? ''),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('x', '/a', 'é', '😀'), fc.constantFrom(256, 1025, 4097, 70_000))
        .map(([unit, count]) => unit.repeat(count)),
    },
  );
}

function scalarArbitrary(type: string, pool: ValuePool): fc.Arbitrary<unknown> {
  switch (type) {
    case 'TYPE_STRING':
      return stringArbitrary(pool);
    case 'TYPE_BYTES':
      return fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes));
    case 'TYPE_BOOL':
      return fc.boolean();
    case 'TYPE_DOUBLE':
    case 'TYPE_FLOAT':
      return fc.oneof(fc.constantFrom(...DOUBLE_EDGES), fc.double());
    case 'TYPE_INT32':
    case 'TYPE_SINT32':
    case 'TYPE_SFIXED32':
      return fc.oneof(fc.constantFrom(0, 1, -1, 2 ** 31 - 1, -(2 ** 31)), fc.integer());
    case 'TYPE_UINT32':
    case 'TYPE_FIXED32':
      return fc.oneof(fc.constantFrom(0, 1, 2 ** 32 - 1), fc.nat({ max: 2 ** 32 - 1 }));
    default:
      // 64-bit integers (the loader reads them as numbers).
      return fc.oneof(fc.constantFrom(...INT_EDGES), fc.integer());
  }
}

/**
 * Arbitrary plain objects of the message `typeName` (fully qualified), in the
 * shape the method's serializer takes: each field present or not, enums by
 * name (unknown numbers too). NOTE: several members of one oneof may be set:
 * that is valid on the wire (the last one wins), so it is fuzzed too.
 */
export function messageArbitrary(
  definition: protoLoader.PackageDefinition,
  typeName: string,
  options: MessageArbitraryOptions,
  depth = 0,
): fc.Arbitrary<Record<string, unknown>> {
  const descriptor = typeRegistry(definition).get(typeName) as MessageDescriptor | undefined;
  if (descriptor === undefined) throw new Error(`no message ${typeName}`);
  if (depth > options.maxDepth) return fc.constant({});
  const cache = cacheOf(options);
  const key = `${typeName}@${depth}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of descriptor.field) {
    const mapEntry = field.type === 'TYPE_MESSAGE' ? descriptorOf(definition, field.typeName, typeName) : undefined;
    if (mapEntry?.options?.mapEntry === true) {
      // A map<K, V> is a repeated entry message on the wire; the serializer takes it as an object.
      const [key, value] = mapEntry.field ?? [];
      if (key === undefined || value === undefined) throw new Error(`map entry ${mapEntry.name} without key and value`);
      const entryName = qualifiedName(definition, field.typeName, typeName);
      fields[field.name] = fc.dictionary(
        fieldArbitrary(definition, entryName, key, options, depth).map(String),
        fieldArbitrary(definition, entryName, value, options, depth),
        { maxKeys: options.maxRepeated },
      );
      continue;
    }
    const value = fieldArbitrary(definition, typeName, field, options, depth);
    fields[field.name] = field.label === 'LABEL_REPEATED' ? fc.array(value, { maxLength: options.maxRepeated }) : value;
  }
  const arbitrary = fc.record(fields, { requiredKeys: [] });
  cache.set(key, arbitrary);
  return arbitrary;
}

const caches = new WeakMap<MessageArbitraryOptions, Map<string, fc.Arbitrary<Record<string, unknown>>>>();

/** Arbitraries already built for these options, by message and depth (the tree is bounded by maxDepth). */
function cacheOf(options: MessageArbitraryOptions): Map<string, fc.Arbitrary<Record<string, unknown>>> {
  let cache = caches.get(options);
  if (cache === undefined) {
    cache = new Map();
    caches.set(options, cache);
  }
  return cache;
}

function fieldArbitrary(
  definition: protoLoader.PackageDefinition,
  from: string,
  field: FieldDescriptor,
  options: MessageArbitraryOptions,
  depth: number,
): fc.Arbitrary<unknown> {
  if (field.type === 'TYPE_MESSAGE') {
    const name = qualifiedName(definition, field.typeName, from);
    if (depth + 1 > options.maxDepth) return fc.constant({});
    return messageArbitrary(definition, name, options, depth + 1);
  }
  if (field.type === 'TYPE_ENUM') {
    const descriptor = descriptorOf(definition, field.typeName, from);
    const names = (descriptor.value ?? []).map((v) => v.name);
    // Unknown enum numbers are valid on the wire (proto3 keeps them open).
    return fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom(...names) },
      { weight: 1, arbitrary: fc.integer({ min: -5, max: 1000 }) },
    );
  }
  return scalarArbitrary(field.type, options.pool);
}

/** The field numbers of a message, for the hand-written wire format. */
export function fieldNumbers(definition: protoLoader.PackageDefinition, typeName: string): number[] {
  const descriptor = typeRegistry(definition).get(typeName);
  if (descriptor?.field === undefined) throw new Error(`no message ${typeName}`);
  return descriptor.field.map((f) => f.number);
}

// ------------------------------------------------------------ wire format

function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}

function tag(fieldNumber: number, wireType: number): number[] {
  return varint((BigInt(fieldNumber) << 3n) | BigInt(wireType));
}

/** One field on the wire with a random wire type and payload (possibly wrong for the field). */
function wireFieldArbitrary(numbers: readonly number[]): fc.Arbitrary<number[]> {
  const fieldNumber = fc.oneof(
    { weight: 4, arbitrary: numbers.length > 0 ? fc.constantFrom(...numbers) : fc.constant(1) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 ** 29 - 1 }) },
  );
  const payload = fc.oneof(
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((v) => [0, varint(v)] as const),
    fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => [1, [...b]] as const),
    fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => [5, [...b]] as const),
    fc
      .oneof(
        fc.uint8Array({ maxLength: 48 }),
        fc.string({ maxLength: 48 }).map((s) => new Uint8Array(Buffer.from(s))),
      )
      .map((b) => [2, [...varint(b.length), ...b]] as const),
  );
  return fc.tuple(fieldNumber, payload).map(([n, [wireType, bytes]]) => [...tag(n, wireType), ...bytes]);
}

/** Random wire bytes built from the message's field numbers (and others), each field with a random wire type. */
export function randomWire(definition: protoLoader.PackageDefinition, typeName: string): fc.Arbitrary<Buffer> {
  const numbers = fieldNumbers(definition, typeName);
  return fc.array(wireFieldArbitrary(numbers), { maxLength: 12 }).map((fields) => Buffer.from(fields.flat()));
}

/**
 * A field that no protobuf decoder accepts, appended to `prefix` (valid bytes):
 * an unknown field number with wire type 6 or 7 (they do not exist), a
 * length-delimited field whose length runs past the end, or a varint that
 * never ends. Field numbers from 2^28 up are used by no tessera message.
 */
export function malformedWire(prefix: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer> {
  const unknownField = fc.integer({ min: 2 ** 28, max: 2 ** 29 - 1 });
  const poison = fc.oneof(
    fc.tuple(unknownField, fc.constantFrom(6, 7)).map(([n, w]) => tag(n, w)),
    fc
      .tuple(unknownField, fc.integer({ min: 1, max: 2 ** 20 }), fc.uint8Array({ maxLength: 8 }))
      .map(([n, length, bytes]) => [...tag(n, 2), ...varint(length + bytes.length), ...bytes]),
    fc
      .tuple(unknownField, fc.integer({ min: 1, max: 9 }))
      .map(([n, count]) => [...tag(n, 0), ...Array<number>(count).fill(0xff)]),
  );
  return fc.tuple(prefix, poison).map(([bytes, tail]) => Buffer.concat([bytes, Buffer.from(tail)]));
}
