/**
 * The instances of every app, and every decision about how they change.
 *
 * Each method that changes anything is one step: given the time (`nowMs`,
 * epoch milliseconds, never going back) and a command, it changes the tracker
 * at once and returns its answer with the effects the shell must apply
 * (`instance-effects.ts` says in which order). A refused command throws a named
 * error, has no effects and leaves the tracker as it was. No I/O, no clock, no
 * randomness: instance uuids come from the injected InstanceIdSource.
 *
 * Life of an instance (a slot launched as one task at a time):
 * - `schedule` makes it Scheduled (goal Running); the launch queue offers it to
 *   the offer matching, which `provision`s it: Provisioned, with the next task
 *   ID `<instanceId>.<incarnation>`.
 * - `statusUpdate` follows its current task (conditions: `task-status.ts`).
 *   An update of a task that no instance has is answered with a kill (it is not
 *   ours); an update of an earlier (or never launched) incarnation of a known
 *   instance changes nothing and is answered with a kill, unless the task has
 *   ended or is unreachable (no kill could do anything).
 * - When its task ends (Finished, Failed, Killed, Error, Gone, Dropped, Unknown):
 *   goal Running → the slot is relaunched: Scheduled again, same instance ID,
 *   `replace` effect (a kill outside a deployment is an end like any other: a
 *   deployment sets the goal first, through `killInstance`); goal Stopped → it
 *   stays as it ended; goal Decommissioned → it is expunged.
 * - Unreachable (the app's unreachableStrategy, from when it became unreachable):
 *   after `inactiveAfterSeconds` it is UnreachableInactive and, with goal
 *   Running, a new instance is scheduled in its place (`replacedBy`); after
 *   `expungeAfterSeconds` it is expunged, and its task, should it come back, is
 *   killed as not ours. "disabled": neither ever happens.
 * - An inactive instance that comes back running before it is expunged, while
 *   its replacement runs too, makes one of them surplus. CHOICE: the app's
 *   killSelection decides between exactly those two, by launch time
 *   (`stagedAtMs`): YOUNGEST_FIRST (the default) kills the later launched —
 *   normally the replacement, as Marathon does — and OLDEST_FIRST the earlier.
 *   If the replacement has not been launched yet it is simply expunged; if it
 *   is launching, the choice waits until it runs or ends — if it ends, it is
 *   expunged, not relaunched. Only an instance that comes back with goal
 *   Running counts: one with another goal is killed again (above) and its
 *   replacement keeps the slot. If the replacement is unreachable itself, the
 *   one that came back keeps the slot and the replacement is expunged (its
 *   task, should it come back, is killed as not ours); a replacement of that
 *   replacement is then decided about as above. The app's other instances are the
 *   deployments' business and are never touched here.
 *
 * Timers: every step ends by applying the unreachable timeouts that are due at
 * its `nowMs`, so after any step `nextTimerAtMs()` is in the future (or
 * undefined); the shell sets one timer for it and calls `tick` then.
 */
import {
  isActiveCondition,
  isTerminalCondition,
  isUnreachableCondition,
  mayBeAlive,
  conditionOf,
  type TaskStatusUpdate,
} from './task-status.js';
import { UnknownAppError } from './errors.js';
import { isHealthCheckKill } from './health-checks.js';
import { InstanceEffects, isoTime, type InstanceStep } from './instance-effects.js';
import type { AppDefinition, Instance, InstanceGoal, PathId } from './model.js';
import { instanceIdFor, parseTaskId, taskIdFor } from './task-ids.js';

/** The app definitions as they are now (the group tree's); undefined for an app that does not exist. */
export type AppLookup = (appId: PathId) => AppDefinition | undefined;

/** Makes instance uuids; injected so that tests are deterministic. `uuid()` must never repeat. */
export interface InstanceIdSource {
  uuid(): string;
}

export interface InstanceTrackerOptions {
  readonly apps: AppLookup;
  readonly ids: InstanceIdSource;
}

/** Where an offer put an instance. */
export interface Placement {
  readonly agentId: string;
  readonly hostname: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Host ports given to the task, in portDefinitions order. */
  readonly hostPorts: readonly number[];
}

/** An instance that holds a place on an agent (for placement constraints). */
export interface PlacedInstance {
  readonly instanceId: string;
  readonly agentId: string;
  readonly hostname: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** One change of one instance, as listeners see it. */
export interface InstanceChange {
  /** undefined: the instance was created (or loaded). */
  readonly before: Instance | undefined;
  /** undefined: the instance was expunged. */
  readonly after: Instance | undefined;
  /** The status update the change follows from, if any. */
  readonly status: TaskStatusUpdate | undefined;
  readonly nowMs: number;
}

/** Told of every change, synchronously, inside the step (e.g. the launch queue). Must not call back into the tracker's steps. */
export type InstanceChangeListener = (change: InstanceChange) => void;

/**
 * `applied`: the update is of the instance's current task and was applied.
 * `not-ours`: no instance has this task. `not-in-sync`: a task of a known
 * instance that is not its current one.
 */
export type StatusUpdateOutcome = 'applied' | 'not-ours' | 'not-in-sync';

export class UnknownInstanceError extends Error {
  override readonly name = 'UnknownInstanceError';
  constructor(readonly instanceId: string) {
    super(`unknown instance ${JSON.stringify(instanceId)}`);
  }
}

/** `provision` of an instance that is not Scheduled with goal Running. */
export class InstanceNotLaunchableError extends Error {
  override readonly name = 'InstanceNotLaunchableError';
  constructor(readonly instance: Instance) {
    super(
      `instance ${JSON.stringify(instance.instanceId)} cannot be launched: it is ${instance.condition} with goal ${instance.goal}`,
    );
  }
}

/** The uuid source gave an instance ID that exists already. */
export class DuplicateInstanceError extends Error {
  override readonly name = 'DuplicateInstanceError';
  constructor(readonly instanceId: string) {
    super(`instance ${JSON.stringify(instanceId)} exists already`);
  }
}

/** A launch for an app that does not exist (any more). */
export class InvalidInstanceCountError extends Error {
  override readonly name = 'InvalidInstanceCountError';
  constructor(readonly count: number) {
    super(`an instance count must be an integer >= 0, got ${count}`);
  }
}

/** One step's working state. */
interface StepContext {
  readonly fx: InstanceEffects;
  readonly nowMs: number;
  readonly status: TaskStatusUpdate | undefined;
}

const byAge = (a: Instance, b: Instance): number =>
  a.sinceMs - b.sinceMs || (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0);

export class InstanceTracker {
  private readonly instances = new Map<string, Instance>();
  /**
   * The current instances of each app, by instance ID (kept sorted as they
   * change). NOTE: reads of an app's instances run on every status update;
   * sorting them there made N updates O(N² log N).
   */
  private readonly byApp = new Map<PathId, Instance[]>();
  /** Goal Running and Scheduled, by app: what waits for an offer. */
  private readonly waiting = new Map<PathId, Set<string>>();
  /** `waiting` as `scheduledOf` answers it (longest waiting first), kept once asked for until the app has none waiting. */
  private readonly waitingByAge = new Map<PathId, Instance[]>();
  /** Unreachable and UnreachableInactive: the only instances with timers. */
  private readonly unreachable = new Set<string>();
  /** Instances with a replacement (`replacedBy`): the only ones `settleReturns` decides about. */
  private readonly replaced = new Set<string>();
  private readonly listeners: InstanceChangeListener[] = [];

  constructor(private readonly options: InstanceTrackerOptions) {}

  /** Adds a listener for every later change. */
  subscribe(listener: InstanceChangeListener): void {
    this.listeners.push(listener);
  }

  // ---------------------------------------------------------------- reads (no effects)

  get size(): number {
    return this.instances.size;
  }

  get(instanceId: string): Instance | undefined {
    return this.instances.get(instanceId);
  }

  all(): IterableIterator<Instance> {
    return this.instances.values();
  }

  /** The app's instances, by instance ID. */
  instancesOf(appId: PathId): Instance[] {
    return [...(this.byApp.get(appId) ?? [])];
  }

  /** The app's instances waiting for a launch (Scheduled, goal Running), the longest waiting first. */
  scheduledOf(appId: PathId): Instance[] {
    const ids = this.waiting.get(appId);
    if (ids === undefined) return [];
    let sorted = this.waitingByAge.get(appId);
    if (sorted === undefined) {
      sorted = [...ids].map((id) => this.instances.get(id) as Instance).sort(byAge);
      this.waitingByAge.set(appId, sorted);
    }
    return [...sorted];
  }

  /** How many of the app's instances wait for a launch (`scheduledOf(appId).length`, without building the list). */
  scheduledCountOf(appId: PathId): number {
    return this.waiting.get(appId)?.size ?? 0;
  }

  /** Apps with at least one instance waiting for a launch. */
  appsWithScheduled(): PathId[] {
    return [...this.waiting.keys()];
  }

  /** The app's instances that hold a place on an agent (active: launched, not ended, not inactive). */
  placedOf(appId: PathId): PlacedInstance[] {
    const placed: PlacedInstance[] = [];
    for (const instance of this.instancesOf(appId)) {
      if (instance.agent === undefined || !isActiveCondition(instance.condition)) continue;
      const { agentId, hostname, attributes } = instance.agent;
      placed.push({ instanceId: instance.instanceId, agentId, hostname, attributes });
    }
    return placed;
  }

  /**
   * The earliest time at which an unreachable timeout falls due (epoch ms), or
   * undefined when none is pending. After any step at `nowMs` it is later than
   * `nowMs`; nothing changes on its own before it.
   */
  nextTimerAtMs(): number | undefined {
    let next: number | undefined;
    const consider = (atMs: number): void => {
      if (next === undefined || atMs < next) next = atMs;
    };
    for (const id of this.unreachable) {
      const instance = this.instances.get(id) as Instance;
      const strategy = this.options.apps(instance.appId)?.unreachableStrategy;
      if (strategy === undefined || strategy === 'disabled') continue;
      if (instance.condition === 'Unreachable') consider(instance.sinceMs + strategy.inactiveAfterSeconds * 1000);
      consider(instance.sinceMs + strategy.expungeAfterSeconds * 1000);
    }
    return next;
  }

  // ---------------------------------------------------------------- steps

  /**
   * Adds instances read back from the store (after a restart), before any
   * step. No effects; listeners are told. Call `tick(nowMs)` after it for the
   * timeouts that fell due meanwhile.
   */
  load(instances: Iterable<Instance>, nowMs: number): void {
    const ctx: StepContext = { fx: new InstanceEffects(), nowMs, status: undefined };
    for (const instance of instances) this.index(ctx, undefined, instance);
  }

  /** Schedules `count` new instances of `app` (goal Running). Throws InvalidInstanceCountError, DuplicateInstanceError. */
  schedule(app: AppDefinition, count: number, nowMs: number): InstanceStep<readonly Instance[]> {
    if (!Number.isSafeInteger(count) || count < 0) throw new InvalidInstanceCountError(count);
    const ids = new Set<string>();
    for (let i = 0; i < count; i++) {
      const instanceId = instanceIdFor(app.id, this.options.ids.uuid());
      if (this.instances.has(instanceId) || ids.has(instanceId)) throw new DuplicateInstanceError(instanceId);
      ids.add(instanceId);
    }
    return this.run(nowMs, undefined, (ctx) =>
      [...ids].map((instanceId) => {
        const instance = scheduledInstance(app, instanceId, nowMs);
        this.write(ctx, undefined, instance);
        return instance;
      }),
    );
  }

  /**
   * Records that an offer was accepted for the instance: Provisioned at the
   * placement, with the next incarnation's task ID, running the app's current
   * version. Throws UnknownInstanceError, InstanceNotLaunchableError, UnknownAppError.
   */
  provision(instanceId: string, placement: Placement, nowMs: number): InstanceStep<Instance> {
    const instance = this.require(instanceId);
    if (instance.condition !== 'Scheduled' || instance.goal !== 'Running') {
      throw new InstanceNotLaunchableError(instance);
    }
    const app = this.options.apps(instance.appId);
    if (app === undefined) throw new UnknownAppError(instance.appId);
    const incarnation = (instance.incarnation ?? 0) + 1;
    const provisioned: Instance = {
      ...instance,
      condition: 'Provisioned',
      appVersion: app.version,
      incarnation,
      taskId: taskIdFor(instanceId, incarnation),
      agent: { agentId: placement.agentId, hostname: placement.hostname, attributes: placement.attributes },
      hostPorts: placement.hostPorts,
      healthy: undefined,
      ready: undefined,
      stagedAtMs: nowMs,
      startedAtMs: undefined,
      sinceMs: nowMs,
    };
    return this.run(nowMs, undefined, (ctx) => {
      this.write(ctx, instance, provisioned);
      return provisioned;
    });
  }

  /**
   * Sets the instance's goal (a deployment, the API) and kills its task if it
   * has a live one. Decommissioned: the instance is expunged once its task has
   * ended — at once if it has none, or if it is unreachable (a task that comes
   * back is then killed as not ours). Stopped: it is kept, never relaunched.
   * Idempotent (a repeated call sends the kill again). Answers the instance
   * afterwards, undefined if expunged. Throws UnknownInstanceError.
   */
  killInstance(
    instanceId: string,
    goal: Exclude<InstanceGoal, 'Running'>,
    nowMs: number,
  ): InstanceStep<Instance | undefined> {
    const instance = this.require(instanceId);
    return this.run(nowMs, undefined, (ctx) => {
      const next: Instance = { ...instance, goal };
      const hasNoTask = instance.condition === 'Scheduled' || isTerminalCondition(instance.condition);
      if (goal === 'Decommissioned' && (hasNoTask || isUnreachableCondition(instance.condition))) {
        this.write(ctx, instance, undefined);
        return undefined;
      }
      this.write(ctx, instance, next);
      if (!hasNoTask && !isUnreachableCondition(instance.condition) && instance.taskId !== undefined) {
        ctx.fx.kill(instance.taskId, instance.agent?.agentId, 'Requested');
      }
      return next;
    });
  }

  /** Applies one status update from the master (see the module's comment). */
  statusUpdate(status: TaskStatusUpdate, nowMs: number): InstanceStep<StatusUpdateOutcome> {
    return this.run(nowMs, status, (ctx) => {
      const parsed = parseTaskId(status.taskId);
      const instance = parsed === undefined ? undefined : this.instances.get(parsed.instanceId);
      const agentId = status.agentId === '' ? undefined : status.agentId;
      if (instance === undefined) {
        if (mayBeAlive(status.state)) {
          ctx.fx.kill(status.taskId, agentId, 'Unknown');
          ctx.fx.log('info', 'killing a task that is not ours', { taskId: status.taskId, state: status.state });
        }
        return 'not-ours';
      }
      if (instance.taskId !== status.taskId) {
        if (mayBeAlive(status.state)) {
          ctx.fx.kill(status.taskId, agentId, 'NotInSync');
          ctx.fx.log('info', 'killing a task that is not its instance’s current one', {
            taskId: status.taskId,
            currentTaskId: instance.taskId,
            state: status.state,
          });
        }
        return 'not-in-sync';
      }
      this.applyStatus(ctx, instance, status);
      return 'applied';
    });
  }

  /**
   * Records a readiness check's result for the instance's task `taskId` (the
   * shell probes readiness; Marathon runs readiness checks itself). Applied
   * only while that task is the instance's current one and Running; otherwise
   * nothing changes (a late result). Answers whether it changed anything.
   */
  readiness(instanceId: string, taskId: string, ready: boolean, nowMs: number): InstanceStep<boolean> {
    return this.run(nowMs, undefined, (ctx) => {
      const instance = this.instances.get(instanceId);
      if (instance === undefined || instance.taskId !== taskId || instance.condition !== 'Running') return false;
      if (instance.ready === ready) return false;
      this.write(ctx, instance, { ...instance, ready });
      return true;
    });
  }

  /** Applies the unreachable timeouts due at `nowMs` (the shell's timer fired). */
  tick(nowMs: number): InstanceStep<void> {
    return this.run(nowMs, undefined, () => undefined);
  }

  // ---------------------------------------------------------------- internals

  private require(instanceId: string): Instance {
    const instance = this.instances.get(instanceId);
    if (instance === undefined) throw new UnknownInstanceError(instanceId);
    return instance;
  }

  private run<R>(
    nowMs: number,
    status: TaskStatusUpdate | undefined,
    decide: (ctx: StepContext) => R,
  ): InstanceStep<R> {
    const ctx: StepContext = { fx: new InstanceEffects(), nowMs, status };
    const result = decide(ctx);
    this.expireDue({ ...ctx, status: undefined });
    return ctx.fx.done(result);
  }

  private applyStatus(ctx: StepContext, instance: Instance, status: TaskStatusUpdate): void {
    const { fx, nowMs } = ctx;
    const mapped = conditionOf(status.state, status.reason);
    // An inactive instance stays inactive (and keeps its timers) while it is unreachable.
    const condition =
      mapped === 'Unreachable' && instance.condition === 'UnreachableInactive' ? instance.condition : mapped;
    const healthy = status.healthy ?? instance.healthy;
    const next: Instance = {
      ...instance,
      condition,
      healthy,
      sinceMs: condition === instance.condition ? instance.sinceMs : nowMs,
      startedAtMs: condition === 'Running' && instance.startedAtMs === undefined ? nowMs : instance.startedAtMs,
    };
    const host = instance.agent?.hostname ?? '';
    const slaveId = status.agentId === '' ? (instance.agent?.agentId ?? '') : status.agentId;
    fx.event({
      eventType: 'status_update_event',
      timestamp: isoTime(nowMs),
      slaveId,
      taskId: status.taskId,
      taskStatus: status.state,
      message: status.message,
      appId: instance.appId,
      host,
      ports: instance.hostPorts,
      version: instance.appVersion,
    });
    this.write(ctx, instance, next);
    if (healthy !== undefined && healthy !== instance.healthy) {
      fx.event({
        eventType: 'health_status_changed_event',
        timestamp: isoTime(nowMs),
        appId: instance.appId,
        instanceId: instance.instanceId,
        version: instance.appVersion,
        alive: healthy,
      });
    }
    if (isHealthCheckKill(status)) {
      fx.event({
        eventType: 'unhealthy_instance_kill_event',
        timestamp: isoTime(nowMs),
        appId: instance.appId,
        taskId: status.taskId,
        instanceId: instance.instanceId,
        version: instance.appVersion,
        reason: status.message,
        host,
        slaveId,
      });
    }
    const cameBack = isTerminalCondition(instance.condition) || isUnreachableCondition(instance.condition);
    if (next.goal !== 'Running' && cameBack && mayBeAlive(status.state)) {
      // A task we had given up on runs again, and is not wanted: kill it again.
      fx.kill(status.taskId, slaveId === '' ? undefined : slaveId, 'Requested');
    }
    if (isTerminalCondition(condition)) this.ended(ctx, next);
    else if (condition === 'Unreachable' && next.goal === 'Decommissioned') this.write(ctx, next, undefined);
    this.settleReturns(ctx, instance.appId);
  }

  /** The instance's task ended: relaunch the slot, keep it, or expunge it, by its goal. */
  private ended(ctx: StepContext, instance: Instance): void {
    if (instance.goal === 'Stopped') return;
    const app = this.options.apps(instance.appId);
    const replaced = instance.replacedBy !== undefined && this.instances.has(instance.replacedBy);
    if (instance.goal === 'Decommissioned' || replaced || this.hasReturned(instance) || app === undefined) {
      // Decommissioned; or an inactive instance whose replacement carries on; or a replacement
      // whose original came back and carries on (settleReturns unlinks it); or its app is gone.
      this.write(ctx, instance, undefined);
      return;
    }
    this.write(ctx, instance, relaunched(instance, app, ctx.nowMs));
    ctx.fx.replace(instance.instanceId, instance.instanceId);
  }

  /**
   * Inactive instances of the app that run again, and their replacements (see
   * the module's comment): decides what it can now, leaves the rest for later.
   */
  private settleReturns(ctx: StepContext, appId: PathId): void {
    if (this.replaced.size === 0) return;
    const candidates = [...this.replaced]
      .map((id) => this.instances.get(id) as Instance)
      .filter((instance) => instance.appId === appId)
      .sort(byId);
    for (const candidate of candidates) {
      // Re-read: an earlier decision of this loop may have changed it.
      let returned = this.instances.get(candidate.instanceId);
      while (returned !== undefined && isReturned(returned)) {
        const replacement = this.instances.get(returned.replacedBy);
        if (replacement === undefined || replacement.goal !== 'Running') {
          this.write(ctx, returned, withoutReplacement(returned));
        } else if (replacement.condition === 'Scheduled') {
          ctx.fx.log('info', 'an unreachable instance came back before its replacement was launched', {
            instanceId: returned.instanceId,
            replacementId: replacement.instanceId,
          });
          this.write(ctx, replacement, undefined);
          this.write(ctx, returned, withoutReplacement(returned));
        } else if (isUnreachableCondition(replacement.condition)) {
          // The replacement is lost in its turn: the one that came back keeps
          // the slot, and a replacement of the replacement takes its place in
          // the link (decided on the next turn of the loop).
          ctx.fx.log('info', 'an unreachable instance came back while its replacement is unreachable', {
            instanceId: returned.instanceId,
            replacementId: replacement.instanceId,
          });
          const next = replacement.replacedBy;
          this.write(ctx, replacement, undefined);
          const relinked = next !== undefined && this.instances.has(next);
          this.write(ctx, returned, relinked ? { ...returned, replacedBy: next } : withoutReplacement(returned));
          returned = this.instances.get(returned.instanceId);
          continue;
        } else if (replacement.condition === 'Running') {
          const killSelection = this.options.apps(appId)?.killSelection ?? 'YOUNGEST_FIRST';
          const returnedIsOlder = (returned.stagedAtMs ?? 0) <= (replacement.stagedAtMs ?? 0);
          const killReturned = killSelection === 'OLDEST_FIRST' ? returnedIsOlder : !returnedIsOlder;
          const victim = killReturned ? withoutReplacement(returned) : replacement;
          if (!killReturned) this.write(ctx, returned, withoutReplacement(returned));
          this.write(ctx, killReturned ? returned : replacement, { ...victim, goal: 'Decommissioned' });
          if (victim.taskId !== undefined) ctx.fx.kill(victim.taskId, victim.agent?.agentId, 'Surplus');
        }
        break;
      }
    }
  }

  /** Whether `replacement` replaces an inactive instance that came back (see isReturned). */
  private hasReturned(replacement: Instance): boolean {
    for (const id of this.replaced) {
      const other = this.instances.get(id);
      if (other !== undefined && isReturned(other) && other.replacedBy === replacement.instanceId) return true;
    }
    return false;
  }

  /** Applies the unreachable timeouts due at ctx.nowMs. */
  private expireDue(ctx: StepContext): void {
    for (const id of [...this.unreachable]) {
      let instance = this.instances.get(id);
      if (instance === undefined) continue;
      const app = this.options.apps(instance.appId);
      if (app === undefined || app.unreachableStrategy === 'disabled') continue;
      const { inactiveAfterSeconds, expungeAfterSeconds } = app.unreachableStrategy;
      if (instance.condition === 'Unreachable' && ctx.nowMs >= instance.sinceMs + inactiveAfterSeconds * 1000) {
        instance = this.inactivate(ctx, instance, app);
      }
      if (ctx.nowMs >= instance.sinceMs + expungeAfterSeconds * 1000) {
        const replaced = instance.replacedBy !== undefined && this.instances.has(instance.replacedBy);
        if (instance.goal === 'Running' && !replaced) this.scheduleReplacement(ctx, instance, app);
        this.write(ctx, this.instances.get(id) as Instance, undefined);
      }
    }
  }

  /** Unreachable → UnreachableInactive (its `sinceMs` kept), replaced if its goal is Running. */
  private inactivate(ctx: StepContext, instance: Instance, app: AppDefinition): Instance {
    const inactive: Instance = { ...instance, condition: 'UnreachableInactive' };
    this.write(ctx, instance, inactive);
    if (instance.goal !== 'Running' || instance.replacedBy !== undefined) return inactive;
    return this.scheduleReplacement(ctx, inactive, app);
  }

  /** Schedules a new instance in `instance`'s place and links it (`replacedBy`); answers the linked instance. */
  private scheduleReplacement(ctx: StepContext, instance: Instance, app: AppDefinition): Instance {
    const replacementId = instanceIdFor(app.id, this.options.ids.uuid());
    if (this.instances.has(replacementId)) throw new DuplicateInstanceError(replacementId);
    const linked: Instance = { ...instance, replacedBy: replacementId };
    this.write(ctx, instance, linked);
    this.write(ctx, undefined, scheduledInstance(app, replacementId, ctx.nowMs));
    ctx.fx.replace(instance.instanceId, replacementId);
    return linked;
  }

  /** Stores a change (`after` undefined: expunge), with its persist/expunge effect, event and listeners. */
  private write(ctx: StepContext, before: Instance | undefined, after: Instance | undefined): void {
    this.index(ctx, before, after);
    if (after === undefined) {
      if (before !== undefined) ctx.fx.expunge(before.instanceId);
      return;
    }
    ctx.fx.persist(after);
    if (before === undefined || before.condition !== after.condition || before.goal !== after.goal) {
      ctx.fx.event({
        eventType: 'instance_changed_event',
        timestamp: isoTime(ctx.nowMs),
        instanceId: after.instanceId,
        condition: after.condition,
        goal: after.goal,
        runSpecId: after.appId,
        ...(after.agent === undefined ? {} : { agentId: after.agent.agentId, host: after.agent.hostname }),
        runSpecVersion: after.appVersion,
      });
    }
  }

  /** Updates the maps and indexes, and tells the listeners. */
  private index(ctx: StepContext, before: Instance | undefined, after: Instance | undefined): void {
    const instance = (after ?? before) as Instance;
    const { instanceId, appId } = instance;
    const stored = this.instances.get(instanceId);
    const ofApp = this.byApp.get(appId) ?? [];
    const waiting = this.waiting.get(appId) ?? new Set<string>();
    const position = sortedIndexById(ofApp, instanceId);
    const present = ofApp[position]?.instanceId === instanceId;
    if (after === undefined) {
      this.instances.delete(instanceId);
      if (present) ofApp.splice(position, 1);
    } else {
      this.instances.set(instanceId, after);
      if (present) ofApp[position] = after;
      else ofApp.splice(position, 0, after);
    }
    const byAge = this.waitingByAge.get(appId);
    if (byAge !== undefined && stored !== undefined && waiting.has(instanceId)) {
      const at = byAge.indexOf(stored);
      if (at >= 0) byAge.splice(at, 1);
    }
    if (after !== undefined && after.condition === 'Scheduled' && after.goal === 'Running') {
      waiting.add(instanceId);
      if (byAge !== undefined) byAge.splice(sortedIndexByAge(byAge, after), 0, after);
    } else waiting.delete(instanceId);
    if (after !== undefined && isUnreachableCondition(after.condition)) this.unreachable.add(instanceId);
    else this.unreachable.delete(instanceId);
    if (after !== undefined && after.replacedBy !== undefined) this.replaced.add(instanceId);
    else this.replaced.delete(instanceId);
    if (ofApp.length === 0) this.byApp.delete(appId);
    else this.byApp.set(appId, ofApp);
    setOrDelete(this.waiting, appId, waiting);
    if (waiting.size === 0) this.waitingByAge.delete(appId);
    for (const listener of this.listeners) listener({ before, after, status: ctx.status, nowMs: ctx.nowMs });
  }
}

const byId = (a: Instance, b: Instance): number =>
  a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0;

/** The index of the first instance of `sorted` (by instance ID) whose ID is not below `instanceId`. */
function sortedIndexById(sorted: readonly Instance[], instanceId: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as Instance).instanceId < instanceId) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Where `instance` goes in `sorted` (by `byAge`): after every instance not younger. */
function sortedIndexByAge(sorted: readonly Instance[], instance: Instance): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (byAge(sorted[middle] as Instance, instance) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function setOrDelete<K, V>(map: Map<K, Set<V>>, key: K, set: Set<V>): void {
  if (set.size === 0) map.delete(key);
  else map.set(key, set);
}

function scheduledInstance(app: AppDefinition, instanceId: string, nowMs: number): Instance {
  return {
    instanceId,
    appId: app.id,
    appVersion: app.version,
    goal: 'Running',
    condition: 'Scheduled',
    agent: undefined,
    taskId: undefined,
    incarnation: 0,
    hostPorts: [],
    healthy: undefined,
    ready: undefined,
    stagedAtMs: undefined,
    startedAtMs: undefined,
    sinceMs: nowMs,
  };
}

/** The slot, Scheduled again for a relaunch of the app's current version (its incarnation kept). */
function relaunched(instance: Instance, app: AppDefinition, nowMs: number): Instance {
  return {
    ...withoutReplacement(instance),
    condition: 'Scheduled',
    appVersion: app.version,
    agent: undefined,
    taskId: undefined,
    hostPorts: [],
    healthy: undefined,
    ready: undefined,
    stagedAtMs: undefined,
    startedAtMs: undefined,
    sinceMs: nowMs,
  };
}

/**
 * An inactive instance that came back: running, still linked to its
 * replacement, and wanted (goal Running). One that is not wanted is being
 * killed again, so it does not compete with its replacement for the slot.
 */
function isReturned(instance: Instance): instance is Instance & { readonly replacedBy: string } {
  return instance.replacedBy !== undefined && instance.condition === 'Running' && instance.goal === 'Running';
}

function withoutReplacement(instance: Instance): Instance {
  const { replacedBy: _replacedBy, ...rest } = instance;
  return rest;
}
