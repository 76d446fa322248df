/** A step of a path into JSON: an object key or an array index. */
export type JsonPathSegment = string | number;

/** The error of a "__proto__" key, anywhere in a definition (see `protoKeyPaths`). */
export const PROTO_KEY = '"__proto__" is not accepted as a key';

/**
 * The paths of every "__proto__" key in `value` (plain JSON, as JSON.parse
 * makes it). Such a key cannot be kept as data by ordinary objects (assigning
 * it sets the prototype), so the parsers of user definitions refuse it rather
 * than drop it silently.
 */
export function protoKeyPaths(value: unknown, at: readonly JsonPathSegment[] = []): JsonPathSegment[][] {
  if (typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item: unknown, index) => protoKeyPaths(item, [...at, index]));
  return Object.entries(value).flatMap(([key, item]) =>
    key === '__proto__' ? [[...at, key]] : protoKeyPaths(item, [...at, key]),
  );
}
