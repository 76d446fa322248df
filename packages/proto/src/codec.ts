import protobuf from 'protobufjs';
import { LOADER_OPTIONS, PROTO_FILES, PROTO_ROOT } from './loader-options.js';
import { join } from 'node:path';

let root: protobuf.Root | undefined;

function protoRoot(): protobuf.Root {
  if (root === undefined) {
    const loaded = new protobuf.Root();
    loaded.resolvePath = (_origin, target) => (target.startsWith('/') ? target : join(PROTO_ROOT, target));
    loaded.loadSync(
      PROTO_FILES.map((file) => join(PROTO_ROOT, file)),
      { keepCase: LOADER_OPTIONS.keepCase },
    );
    loaded.resolveAll();
    root = loaded;
  }
  return root;
}

const toObjectOptions: protobuf.IConversionOptions = {
  longs: LOADER_OPTIONS.longs,
  enums: LOADER_OPTIONS.enums,
  defaults: LOADER_OPTIONS.defaults,
  oneofs: LOADER_OPTIONS.oneofs,
  arrays: true,
  objects: true,
};

/** Thrown when a name is not a tessera.v1 message or bytes do not decode as it. */
export class ProtoCodecError extends Error {
  override readonly name = 'ProtoCodecError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const types = new Map<string, protobuf.Type>();

function lookup(typeName: string): protobuf.Type {
  const cached = types.get(typeName);
  if (cached !== undefined) return cached;
  try {
    const type = protoRoot().lookupType(typeName);
    types.set(typeName, type);
    return type;
  } catch (cause) {
    throw new ProtoCodecError(`unknown message type ${typeName}`, { cause });
  }
}

/**
 * Encodes a plain object (the same shape the gRPC runtime accepts) as the binary
 * protobuf of `typeName`, e.g. "tessera.v1.TaskUpdated". Used for NATS payloads and
 * for values in the state store, so that any language can read them.
 */
export function encodeMessage(typeName: string, value: object): Uint8Array {
  const type = lookup(typeName);
  let message: protobuf.Message;
  try {
    message = type.fromObject(value as Record<string, unknown>);
  } catch (cause) {
    throw new ProtoCodecError(`invalid ${typeName}: ${(cause as Error).message}`, { cause });
  }
  return type.encode(message).finish();
}

/** Decodes binary protobuf into the same object shape as `X__Output` types from the gRPC runtime. */
export function decodeMessage<T>(typeName: string, bytes: Uint8Array): T {
  const type = lookup(typeName);
  try {
    return type.toObject(type.decode(bytes), toObjectOptions) as T;
  } catch (cause) {
    throw new ProtoCodecError(`bytes do not decode as ${typeName}`, { cause });
  }
}
