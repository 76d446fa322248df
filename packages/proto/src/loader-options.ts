import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the `proto/` directory (the include root): `TESSERA_PROTO_DIR`
 * when set (container images, where the package is deployed apart from the
 * repository), else the repository's `proto/`.
 */
export const PROTO_ROOT: string =
  process.env['TESSERA_PROTO_DIR'] ?? fileURLToPath(new URL('../../../proto/', import.meta.url));

/** The `.proto` files of the tessera.v1 package, relative to {@link PROTO_ROOT}. */
export const PROTO_FILES: readonly string[] = [
  'tessera/v1/common.proto',
  'tessera/v1/scheduler.proto',
  'tessera/v1/agent_registry.proto',
  'tessera/v1/operator.proto',
  'tessera/v1/allocator.proto',
  'tessera/v1/agent.proto',
  'tessera/v1/events.proto',
  'tessera/v1/marathon.proto',
  'tessera/v1/chronos.proto',
];

/**
 * The one options object for both the runtime loader (`loadSync`) and the type
 * generator (`proto-loader-gen-types`, driven by `scripts/gen-types.mjs`), so the
 * generated types describe exactly the objects the runtime produces:
 * camelCase fields, 64-bit integers as numbers, enums as their names, defaults
 * filled in, and a virtual field naming the set member of each oneof.
 */
export const LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
} as const;
