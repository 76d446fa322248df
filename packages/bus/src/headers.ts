import { InvalidHeaderError } from './errors.js';

/**
 * Checks headers against what NATS can carry and returns them normalised the way NATS delivers them: names kept as
 * given, values trimmed.
 */
export function normaliseHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const normalised: Record<string, string> = {};
  if (headers === undefined) {
    return normalised;
  }
  if (typeof headers !== 'object' || headers === null) {
    throw new InvalidHeaderError(`headers must be an object of strings, got ${String(headers)}`);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (name === '' || !/^[\x21-\x39\x3b-\x7e]+$/.test(name)) {
      throw new InvalidHeaderError(
        `header name ${JSON.stringify(name)} must be non-empty printable ASCII without spaces or ':'`,
      );
    }
    if (typeof value !== 'string') {
      throw new InvalidHeaderError(`header ${name} must have a string value, got ${typeof value}`);
    }
    if (/[\r\n]/.test(value)) {
      throw new InvalidHeaderError(`header ${name} must not contain CR or LF`);
    }
    Object.defineProperty(normalised, name, {
      value: value.trim(),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return normalised;
}

/** The size of the headers as NATS encodes them ("NATS/1.0\r\n", "name: value\r\n" each, "\r\n"); 0 when none. */
export function encodedHeadersBytes(headers: Readonly<Record<string, string>>): number {
  const entries = Object.entries(headers);
  if (entries.length === 0) {
    return 0;
  }
  let bytes = 'NATS/1.0\r\n'.length + 2;
  for (const [name, value] of entries) {
    bytes += Buffer.byteLength(name) + 2 + Buffer.byteLength(value) + 2;
  }
  return bytes;
}
