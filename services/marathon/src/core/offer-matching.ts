/**
 * Marathon's use of one offer: which waiting instances it launches.
 *
 * The fit of one instance in one offer is the shared matcher's business
 * (`packages/framework`: resources, roles, ports, constraints); this module
 * only needs the OfferMatcher interface below, and walks the launch queue:
 *
 * Fair order. The apps that may launch now are taken in the order of their
 * longest waiting instance (the oldest first; ties by app ID), and served
 * round-robin, one instance per app per round: with apps A (oldest) and B
 * waiting, an offer goes A1, B1, A2, B2, … so one app cannot take the whole
 * offer while another waits. Within an app, its longest waiting instance goes
 * first. An app whose instance does not fit drops out of this offer (its next
 * instances ask for the same, next to at least the same siblings), and the
 * rest go on with what is left of the offer. At most `maxLaunchesPerOffer`
 * instances are launched from one offer (Marathon's --max_instances_per_offer,
 * default 5); apps not reached are not counted as having seen the offer.
 *
 * Each app asked counts the offer once in its statistics: used if at least one
 * of its instances was launched, else unused with the matcher's reasons.
 */
import { taskHealthCheckFor, type TaskHealthCheck } from './health-checks.js';
import { InstanceEffects, type InstanceStep } from './instance-effects.js';
import type { InstanceTracker, PlacedInstance } from './instance-tracker.js';
import type { LaunchQueue } from './launch-queue.js';
import type { AppDefinition, Constraint, Instance, NoMatchReason, PathId } from './model.js';

/** Marathon's default --max_instances_per_offer. */
export const DEFAULT_MAX_LAUNCHES_PER_OFFER = 5;

/** What one instance of an app needs from an offer (derived from the app by `launchRequestOf`). */
export interface LaunchRequest {
  readonly appId: PathId;
  readonly instanceId: string;
  readonly cpus: number;
  /** MiB. */
  readonly mem: number;
  /** MiB. */
  readonly disk: number;
  readonly gpus: number;
  /** One host port per port definition: 0 = any free port; with `requirePorts`, exactly the given port. */
  readonly ports: readonly number[];
  readonly requirePorts: boolean;
  readonly constraints: readonly Constraint[];
  /** The role the task runs in. */
  readonly role: string;
  /** Roles whose resources it may use; undefined: the matcher's default ("*" and `role`). */
  readonly acceptedResourceRoles: readonly string[] | undefined;
}

/** The matcher's answer for one instance in one offer. */
export type OfferMatch<R> =
  | {
      readonly ok: true;
      /** The resources to launch the task with (taken from the offer). */
      readonly resources: R;
      /** Host ports given to the task, one per requested port, in order. */
      readonly hostPorts: readonly number[];
    }
  /** `reasons` lists every reason that applies (at least one). */
  | { readonly ok: false; readonly reasons: readonly NoMatchReason[] };

/**
 * The shared offer matcher, as this module uses it (`O` the offer, `R` the
 * resources a task takes). Both methods are pure and never change `offer`.
 */
export interface OfferMatcher<O, R> {
  /**
   * Whether the request fits in the offer next to the app's instances already
   * placed (`placedSiblings`, for constraints: every active instance of the
   * app, those launched earlier from this same offer included; empty when
   * the request has no constraints, for which they do not matter).
   */
  match(offer: O, request: LaunchRequest, placedSiblings: readonly PlacedInstance[]): OfferMatch<R>;
  /** What is left of the offer once `used` (from a successful match of that offer) is taken. */
  remainder(offer: O, used: R): O;
}

/** The agent an offer is from. */
export interface OfferAgent {
  readonly agentId: string;
  readonly hostname: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** One task to launch from the offer (the shell builds its TaskInfo and the Accept). */
export interface PlannedLaunch<R> {
  /** The instance, Provisioned already. */
  readonly instance: Instance;
  readonly app: AppDefinition;
  readonly taskId: string;
  readonly agentId: string;
  readonly resources: R;
  readonly hostPorts: readonly number[];
  /** The health check the agent runs (`health-checks.ts`), if the app has one. */
  readonly healthCheck: TaskHealthCheck | undefined;
}

/** What one app did with the offer. */
export interface AppOfferResult {
  readonly appId: PathId;
  readonly launched: number;
  /** The matcher's reasons when none of the app's instances fit; empty otherwise. */
  readonly reasons: readonly NoMatchReason[];
}

export interface OfferMatchResult<R> {
  /** In launch order; empty: decline the offer. */
  readonly launches: readonly PlannedLaunch<R>[];
  /** The apps asked, in the order first asked. */
  readonly apps: readonly AppOfferResult[];
}

export interface MatchOfferInput<O, R> {
  readonly offer: O;
  readonly agent: OfferAgent;
  readonly matcher: OfferMatcher<O, R>;
  readonly tracker: InstanceTracker;
  readonly queue: LaunchQueue;
  readonly nowMs: number;
  /** Default DEFAULT_MAX_LAUNCHES_PER_OFFER. */
  readonly maxLaunchesPerOffer?: number;
}

/** What an instance of `app` asks of an offer. */
export function launchRequestOf(app: AppDefinition, instanceId: string): LaunchRequest {
  return {
    appId: app.id,
    instanceId,
    cpus: app.cpus,
    mem: app.mem,
    disk: app.disk,
    gpus: app.gpus,
    ports: app.portDefinitions.map((definition) => (app.requirePorts ? definition.port : 0)),
    requirePorts: app.requirePorts,
    constraints: app.constraints,
    role: app.role,
    acceptedResourceRoles: app.acceptedResourceRoles,
  };
}

interface AppTurn {
  readonly app: AppDefinition;
  readonly waiting: Instance[];
  launched: number;
  reasons: readonly NoMatchReason[];
}

/**
 * One step: walks the waiting instances in fair order (see the module's
 * comment), provisions each that fits and records the offer in each asked
 * app's statistics. The effects are the tracker's (persist the provisioned
 * instances, their events); the shell sends the Accept after persisting them,
 * or declines the offer when nothing is launched.
 */
export function matchOffer<O, R>(input: MatchOfferInput<O, R>): InstanceStep<OfferMatchResult<R>> {
  const { agent, matcher, tracker, queue, nowMs } = input;
  const maxLaunches = input.maxLaunchesPerOffer ?? DEFAULT_MAX_LAUNCHES_PER_OFFER;
  const fx = new InstanceEffects();
  const turns: AppTurn[] = queue
    .launchable(nowMs)
    .map(({ app, instances }) => ({ app, waiting: [...instances], launched: 0, reasons: [] }));
  const asked: AppTurn[] = [];
  const launches: PlannedLaunch<R>[] = [];
  let offer = input.offer;
  let active = turns;
  while (active.length > 0 && launches.length < maxLaunches) {
    const stillActive: AppTurn[] = [];
    for (const turn of active) {
      if (launches.length >= maxLaunches) break;
      const instance = turn.waiting.shift() as Instance;
      if (!asked.includes(turn)) asked.push(turn);
      const request = launchRequestOf(turn.app, instance.instanceId);
      // NOTE: siblings matter to constraints only; listing an app's placed instances costs O(its instances) per launch.
      const siblings = turn.app.constraints.length === 0 ? [] : tracker.placedOf(turn.app.id);
      const match = matcher.match(offer, request, siblings);
      if (!match.ok) {
        if (turn.launched === 0) turn.reasons = match.reasons;
        continue;
      }
      let healthCheck: TaskHealthCheck | undefined;
      try {
        healthCheck = taskHealthCheckFor(turn.app, match.hostPorts);
      } catch (error) {
        // Validation keeps a check's port within the app's ports; an app that slipped through is not launched.
        fx.log('warn', 'not launching: the app’s health check cannot be built', {
          appId: turn.app.id,
          error: error instanceof Error ? error.message : String(error),
        });
        continue;
      }
      const placement = { ...agent, hostPorts: match.hostPorts };
      const provisioned = tracker.provision(instance.instanceId, placement, nowMs);
      fx.append(provisioned.effects);
      const launched = provisioned.result;
      launches.push({
        instance: launched,
        app: turn.app,
        taskId: launched.taskId as string,
        agentId: agent.agentId,
        resources: match.resources,
        hostPorts: match.hostPorts,
        healthCheck,
      });
      offer = matcher.remainder(offer, match.resources);
      turn.launched += 1;
      if (turn.waiting.length > 0) stillActive.push(turn);
    }
    active = stillActive;
  }
  for (const turn of asked) {
    const outcome = turn.launched > 0 ? { used: true as const } : { used: false as const, reasons: turn.reasons };
    queue.recordOffer(turn.app.id, agent.agentId, outcome, nowMs);
  }
  return fx.done({
    launches,
    apps: asked.map((turn) => ({
      appId: turn.app.id,
      launched: turn.launched,
      reasons: turn.launched > 0 ? [] : turn.reasons,
    })),
  });
}
