import { context, propagation, type Context } from '@opentelemetry/api';
import { InvalidHeaderError } from './errors.js';
import type { EventBus } from './event-bus.js';

/** The header naming a fact's type (the protobuf message name), set by `publishFact`. */
export const FACT_TYPE_HEADER = 'tessera-type';

/**
 * Returns a copy of `headers` with the trace context of `ctx` (default: the active context) added by the globally
 * registered OpenTelemetry propagator (e.g. `traceparent`). Without a registered propagator the copy is unchanged.
 */
export function injectTraceHeaders(
  headers: Record<string, string>,
  ctx: Context = context.active(),
): Record<string, string> {
  const carrier: Record<string, string> = { ...headers };
  propagation.inject(ctx, carrier);
  return carrier;
}

/**
 * The context carried by a message's headers, on top of `base` (default: the active context), for starting the
 * consumer's span as a child of the publisher's.
 */
export function extractTraceContext(
  headers: Readonly<Record<string, string>>,
  base: Context = context.active(),
): Context {
  return propagation.extract(base, headers);
}

/**
 * Publishes a fact with header `tessera-type: <typeName>` and the active trace context, plus any `headers`.
 * Same guarantees and errors as `bus.publish`; an empty `typeName` rejects with InvalidHeaderError.
 */
export async function publishFact(
  bus: EventBus,
  subject: string,
  typeName: string,
  data: Uint8Array,
  headers: Record<string, string> = {},
): Promise<void> {
  if (typeof typeName !== 'string' || typeName.trim() === '') {
    throw new InvalidHeaderError(`the fact type name must be non-empty, got ${JSON.stringify(typeName)}`);
  }
  // The trace context is captured synchronously, before any await, so it is the caller's.
  return bus.publish(subject, data, injectTraceHeaders({ ...headers, [FACT_TYPE_HEADER]: typeName }));
}
