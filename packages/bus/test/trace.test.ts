import {
  context,
  propagation,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type Context,
  type ContextManager,
  type TextMapPropagator,
} from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMemoryBus,
  extractTraceContext,
  FACT_TYPE_HEADER,
  injectTraceHeaders,
  InvalidHeaderError,
  publishFact,
} from '../src/index.js';
import { collector, text } from './contract.js';

/** A W3C-style propagator small enough to read: `traceparent: 00-<trace>-<span>-01`. */
const testPropagator: TextMapPropagator = {
  inject(ctx, carrier, setter) {
    const span = trace.getSpanContext(ctx);
    if (span !== undefined) {
      setter.set(carrier, 'traceparent', `00-${span.traceId}-${span.spanId}-01`);
    }
  },
  extract(ctx, carrier, getter) {
    const value = getter.get(carrier, 'traceparent');
    const match = typeof value === 'string' ? /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(value) : null;
    if (match === null || match[1] === undefined || match[2] === undefined) {
      return ctx;
    }
    return trace.setSpanContext(ctx, {
      traceId: match[1],
      spanId: match[2],
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  },
  fields: () => ['traceparent'],
};

/** A synchronous context manager: enough for code that reads the active context before its first await. */
class StackContextManager implements ContextManager {
  #current: Context = ROOT_CONTEXT;
  active(): Context {
    return this.#current;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const previous = this.#current;
    this.#current = ctx;
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this.#current = previous;
    }
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.#current = ROOT_CONTEXT;
    return this;
  }
}

const traceId = '0af7651916cd43dd8448eb211c80319c';
const spanId = 'b7ad6b7169203331';
const spanContext = { traceId, spanId, traceFlags: TraceFlags.SAMPLED };

describe('trace context helpers', () => {
  beforeEach(() => {
    propagation.setGlobalPropagator(testPropagator);
    context.setGlobalContextManager(new StackContextManager());
  });

  afterEach(() => {
    propagation.disable();
    context.disable();
  });

  it('injects into a copy and extracts the same span context', () => {
    const headers = { existing: 'kept' };
    const ctx = trace.setSpanContext(ROOT_CONTEXT, spanContext);
    const injected = injectTraceHeaders(headers, ctx);
    expect(injected).toEqual({ existing: 'kept', traceparent: `00-${traceId}-${spanId}-01` });
    expect(headers).toEqual({ existing: 'kept' });
    expect(trace.getSpanContext(extractTraceContext(injected))).toMatchObject({ traceId, spanId, isRemote: true });
  });

  it('adds nothing without an active span', () => {
    expect(injectTraceHeaders({ a: 'b' })).toEqual({ a: 'b' });
    expect(trace.getSpanContext(extractTraceContext({}))).toBeUndefined();
  });

  it('publishFact sets the type header and the caller’s trace context', async () => {
    const bus = createMemoryBus();
    const received = collector();
    bus.subscribe('agents.>', received.handler);
    await context.with(trace.setSpanContext(ROOT_CONTEXT, spanContext), () =>
      publishFact(bus, 'agents.registered', 'tessera.v1.AgentRegistered', text('a1'), { extra: 'yes' }),
    );
    await bus.flush();
    expect(received.messages[0]?.headers).toEqual({
      [FACT_TYPE_HEADER]: 'tessera.v1.AgentRegistered',
      traceparent: `00-${traceId}-${spanId}-01`,
      extra: 'yes',
    });
    await expect(publishFact(bus, 'agents.registered', '', text('a1'))).rejects.toBeInstanceOf(InvalidHeaderError);
  });
});
