import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import protobuf from 'protobufjs';
// NOTE: loading this module also gives protobufjs's reflection classes their `toDescriptor` methods.
import descriptor from 'protobufjs/ext/descriptor/index.js';
import type { IDescriptorProto, IFieldDescriptorProto, IFileDescriptorProto } from 'protobufjs/ext/descriptor/index.js';
import { PROTO_FILES, PROTO_ROOT } from './loader-options.js';

/** A `.proto` file to describe: the name it is imported by (e.g. "tessera/v1/common.proto") and where it is on disk. */
export interface ProtoSource {
  name: string;
  path: string;
}

/** What `toDescriptor` returns once `protobufjs/ext/descriptor` is loaded (its typings do not add the methods). */
interface Describable {
  toDescriptor(syntax?: string): object;
}

/** protoc's default `json_name`: each underscore dropped and the letter after it upper-cased. */
const jsonName = (fieldName: string): string =>
  fieldName.replace(/_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());

/** "labels" → "LabelsEntry", protoc's name for a map field's entry message. */
const mapEntryName = (fieldName: string): string => {
  const camel = jsonName(fieldName);
  return `${camel.charAt(0).toUpperCase()}${camel.slice(1)}Entry`;
};

/** Whether `packed` can apply to a field: repeated numbers, booleans and enums. */
const isPackable = (field: protobuf.Field): boolean =>
  field.repeated &&
  (field.resolvedType === null
    ? !['string', 'bytes'].includes(field.type)
    : field.resolvedType instanceof protobuf.Enum);

/**
 * Rewrites a message descriptor from protobufjs as protoc writes it: field type
 * names fully qualified (".tessera.v1.AgentID"; protobufjs writes them relative),
 * `json_name` set, and map entries named `<Field>Entry`.
 */
function asProtoc(type: protobuf.Type, message: IDescriptorProto): IDescriptorProto {
  for (const field of message.field ?? []) {
    const source = type.fields[field.name ?? ''];
    if (source === undefined) continue;
    field.jsonName = jsonName(field.name ?? '');
    // protobufjs writes `packed` on every field; protoc only where it is written and can apply.
    const packed = source.getOption('packed') as boolean | undefined;
    if (isPackable(source) && packed !== undefined) field.options = { ...field.options, packed };
    else if (field.options) {
      delete field.options.packed;
      if (Object.keys(field.options).length === 0) delete field.options;
    }
    if (source instanceof protobuf.MapField) {
      const entryName = mapEntryName(source.name);
      const entry = message.nestedType?.find((nested) => nested.name === field.typeName);
      if (entry !== undefined) {
        entry.name = entryName;
        const value = entry.field?.find((f: IFieldDescriptorProto) => f.name === 'value');
        if (value !== undefined && source.resolvedType !== null) value.typeName = source.resolvedType.fullName;
      }
      field.typeName = `${type.fullName}.${entryName}`;
    } else if (source.resolvedType !== null) {
      field.typeName = source.resolvedType.fullName;
    }
  }
  for (const nested of message.nestedType ?? []) {
    const inner = type.nested?.[nested.name ?? ''];
    if (inner instanceof protobuf.Type) asProtoc(inner, nested);
  }
  return message;
}

/** The types, enums and services defined at the top of `filename` (in its package), in the order defined. */
function definedIn(namespace: protobuf.NamespaceBase, filename: string): protobuf.ReflectionObject[] {
  const found: protobuf.ReflectionObject[] = [];
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type || nested instanceof protobuf.Enum || nested instanceof protobuf.Service) {
      if (nested.filename === filename) found.push(nested);
    } else if (nested instanceof protobuf.Namespace) {
      found.push(...definedIn(nested, filename));
    }
  }
  return found;
}

/** `option go_package = "…"` as parsed (snake_case keys) → FileOptions (camelCase fields). */
function fileOptions(options: Record<string, unknown> | undefined): object | undefined {
  if (options === undefined || Object.keys(options).length === 0) return undefined;
  const camel = Object.fromEntries(Object.entries(options).map(([key, value]) => [jsonName(key), value]));
  return descriptor.FileOptions.fromObject(camel);
}

/**
 * The FileDescriptorProto of each source, encoded, as protoc would produce it:
 * the file's own name, package, syntax, imports (as `dependency`) and options,
 * and its definitions with the field names as written in the `.proto`
 * (snake_case). Imports not among `sources` are looked up beside the importing
 * file's include root. Used for server reflection, which must describe the
 * contracts as written, not as the JavaScript runtime renames them.
 */
export function fileDescriptorProtos(sources: readonly ProtoSource[]): Uint8Array[] {
  const byName = new Map(sources.map((source) => [source.name, source.path]));
  const includeRootOf = new Map(
    sources
      .filter((source) => source.path.endsWith(source.name))
      .map((source) => [source.path, source.path.slice(0, -source.name.length)]),
  );
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    if (isAbsolute(target)) return target;
    return byName.get(target) ?? join(includeRootOf.get(origin) ?? '', target);
  };
  root.loadSync(
    sources.map((source) => source.path),
    { keepCase: true },
  );
  root.resolveAll();

  return sources.map((source) => {
    const text = readFileSync(source.path, 'utf8');
    const parsed = protobuf.parse(text, { keepCase: true });
    // NOTE: protobufjs's parse result does not say the syntax; a file without the statement is proto2.
    const syntax = /^\s*syntax\s*=\s*["'](proto[23])["']\s*;/m.exec(text)?.[1] ?? 'proto2';
    const file: IFileDescriptorProto = {
      name: source.name,
      package: parsed.package ?? '',
      dependency: [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])],
      weakDependency: (parsed.weakImports ?? []).map((_, i) => (parsed.imports ?? []).length + i),
      messageType: [],
      enumType: [],
      service: [],
      syntax,
    };
    const options = fileOptions(
      parsed.package === undefined ? parsed.root.options : parsed.root.lookup(parsed.package)?.options,
    );
    if (options !== undefined) file.options = options;
    for (const object of definedIn(root, source.path)) {
      const described = (object as unknown as Describable).toDescriptor(syntax);
      if (object instanceof protobuf.Type) file.messageType?.push(asProtoc(object, described as IDescriptorProto));
      else if (object instanceof protobuf.Enum) file.enumType?.push(described);
      else file.service?.push(described);
    }
    return descriptor.FileDescriptorProto.encode(descriptor.FileDescriptorProto.fromObject(file)).finish();
  });
}

let tessera: Uint8Array[] | undefined;

/** The encoded FileDescriptorProtos of every tessera.v1 file ("tessera/v1/scheduler.proto", …), built once. */
export function tesseraFileDescriptorProtos(): Uint8Array[] {
  tessera ??= fileDescriptorProtos(PROTO_FILES.map((name) => ({ name, path: join(PROTO_ROOT, name) })));
  return tessera;
}
