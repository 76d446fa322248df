import { stateForFramework } from './status.js';
import { Effects } from './effects.js';
import { FrameworkNotSubscribedError, UnknownFrameworkError } from './errors.js';
import type { ConnectionId, FrameworkRecord, TaskStatus } from './model.js';
import { hasCapability, type Registry } from './registry.js';

/** Makes the IDs the master hands out. Injected so that tests and property tests are deterministic. */
export interface IdSource {
  /** A new framework ID (unique across masters and time). */
  frameworkId(): string;
  /** A new agent ID (unique across masters and time). */
  agentId(): string;
  /** A new offer ID (unique within this master's lifetime). */
  offerId(): string;
}

/** The core's settings; durations in milliseconds. */
export interface CoreOptions {
  /** Outstanding offers are rescinded after this long; 0 = never. */
  readonly offerTimeoutMs: number;
  /** A disconnected agent becomes unreachable after this long. */
  readonly agentUnreachableTimeoutMs: number;
  /** Interval of HEARTBEAT events on framework streams. */
  readonly heartbeatIntervalMs: number;
  /** Interval of pings to agents. */
  readonly agentPingIntervalMs: number;
  /** An agent that answers none of this many pings in a row is disconnected (its stream is closed). */
  readonly agentMaxMissedPings: number;
  /** At most one resync of an agent with the allocator per this long. */
  readonly agentResyncIntervalMs: number;
  readonly ids: IdSource;
}

/** What every step works with: the registry, the settings, the time of the step and its effects. */
export interface StepContext {
  readonly registry: Registry;
  readonly options: CoreOptions;
  /** Milliseconds since the Unix epoch, for this step. */
  readonly nowMs: number;
  readonly fx: Effects;
}

export const nowSeconds = (ctx: StepContext): number => ctx.nowMs / 1000;

/** The subscribed framework; throws FrameworkNotSubscribedError. */
/** A framework the master knows, connected or not (for the operator); UnknownFrameworkError otherwise. */
export function requireKnownFramework(ctx: StepContext, frameworkId: string): FrameworkRecord {
  const framework = ctx.registry.frameworks.get(frameworkId);
  if (frameworkId === '' || framework === undefined) throw new UnknownFrameworkError(frameworkId);
  return framework;
}

export function requireSubscribed(ctx: StepContext, frameworkId: string): FrameworkRecord {
  const framework = ctx.registry.frameworks.get(frameworkId);
  if (frameworkId === '' || framework === undefined || framework.connection === undefined) {
    throw new FrameworkNotSubscribedError(frameworkId);
  }
  return framework;
}

/** Sends a status update to the framework's stream, as a framework without PARTITION_AWARE must see it. */
export function forwardUpdate(ctx: StepContext, framework: FrameworkRecord, status: TaskStatus): void {
  const state = stateForFramework(status.state, hasCapability(framework, 'PARTITION_AWARE'));
  ctx.fx.toFramework(framework.connection, {
    type: 'update',
    status: state === status.state ? status : { ...status, state },
  });
}

/**
 * Removes an outstanding offer without using it; its resources go back to the
 * allocator, refused to the framework for `refuseSeconds` (none if 0 or
 * undefined). `tell`: the framework is sent a rescind. Idempotent.
 */
export function rescindOffer(ctx: StepContext, offerId: string, tell: boolean, refuseSeconds?: number): void {
  const { registry, fx } = ctx;
  const offer = registry.offers.get(offerId);
  if (offer === undefined) return;
  registry.offers.delete(offerId);
  if (ctx.options.offerTimeoutMs > 0) fx.clearTimer(`offer:${offerId}`);
  registry.agents.get(offer.agentId)?.offerIds.delete(offerId);
  const framework = registry.frameworks.get(offer.frameworkId);
  framework?.offerIds.delete(offerId);
  if (tell && framework !== undefined) {
    fx.toFramework(framework.connection, { type: 'rescind', offerId });
    fx.count('offersRescinded');
  }
  fx.toAllocator({
    type: 'recover',
    frameworkId: offer.frameworkId,
    agentId: offer.agentId,
    role: offer.role,
    resources: offer.resources,
    refuseSeconds: refuseSeconds === 0 ? undefined : refuseSeconds,
  });
}

export function rescindAll(ctx: StepContext, offerIds: Iterable<string>, tell: boolean): void {
  for (const offerId of [...offerIds]) rescindOffer(ctx, offerId, tell);
}

/** Whether `connection` is the framework's current stream. */
export const isCurrent = (current: ConnectionId | undefined, connection: ConnectionId): boolean =>
  current !== undefined && current === connection;

export function newStepContext(registry: Registry, options: CoreOptions, nowMs: number): StepContext {
  return { registry, options, nowMs, fx: new Effects() };
}
