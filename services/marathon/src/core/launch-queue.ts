/**
 * The launch queue: per app, the instances wanted but not launched (the
 * tracker's Scheduled instances with goal Running — the queue keeps no count
 * of its own), the app's launch delay (backoff), and the offer statistics that
 * `GET /v2/queue` shows.
 *
 * Backoff, as Marathon's rate limiter:
 * - The delay belongs to the app's config version (`versionInfo.lastConfigChangeAt`):
 *   a new config version starts without one; a scaling change keeps it.
 * - It grows when an instance running the current config ends Failed, Finished,
 *   Error, Gone or Dropped (Marathon's "limit-worthy" conditions), or Killed by
 *   the agent for failing its health check: the first time to
 *   `min(backoffSeconds, maxLaunchDelaySeconds)`, then × `backoffFactor` each
 *   time, capped at `maxLaunchDelaySeconds`; no launch of the app before
 *   `failure time + delay`. Killed otherwise (a kill asked for, a surplus)
 *   does not count, nor does Unreachable or Unknown.
 * - It is reset by a new config version, by `resetDelay` (`DELETE /v2/queue/{id}/delay`),
 *   by a task killed or gone because its agent is being drained (Marathon), and
 *   it expires `maxLaunchDelaySeconds` after the failure that last set it.
 * - CHOICE: a successful run does not reset it, as in Marathon (which has no
 *   such rule): the delay lapses only when the app has not failed for
 *   `maxLaunchDelaySeconds` — with the defaults, five minutes without a
 *   failure bring a crash-looping app back to a 1 s delay. Marathon also
 *   "advances" a delay when a task starts (pushing its start, and so its
 *   expiry, to the start); that is not done here: expiry counts from the last
 *   failure only.
 * - Delays are not persisted (as in Marathon): a new leader starts without any.
 *
 * Statistics (Marathon's processedOffersSummary), per app, for its current
 * launch attempt: they start when the app gets an instance to launch and are
 * dropped when it has none left. Each offer the matching walk asks the app
 * about counts once, used (at least one launch) or unused; an unused offer
 * counts for the first of its reasons in Marathon's funnel order
 * (NO_MATCH_REASON_FUNNEL), and the app's last unused offer of each agent is
 * kept for `rejectSummaryLastOffers`.
 */
import { isHealthCheckKill } from './health-checks.js';
import { isoTime } from './instance-effects.js';
import type { AppLookup, InstanceChange, InstanceTracker } from './instance-tracker.js';
import type { AppDefinition, Backoff, Instance, InstanceCondition, NoMatchReason, PathId } from './model.js';

/**
 * Marathon's order of the reasons an offer is not used: an unused offer counts
 * for the first of its reasons in this order, and a reject summary lists every
 * reason in it.
 */
export const NO_MATCH_REASON_FUNNEL: readonly NoMatchReason[] = [
  'UnfulfilledRole',
  'UnfulfilledConstraint',
  'NoCorrespondingReservationFound',
  'AgentMaintenance',
  'InsufficientCpus',
  'InsufficientMemory',
  'InsufficientDisk',
  'InsufficientGpus',
  'InsufficientPorts',
  'DeclinedScarceResources',
];

const BACKOFF_CONDITIONS: ReadonlySet<InstanceCondition> = new Set<InstanceCondition>([
  'Failed',
  'Finished',
  'Error',
  'Gone',
  'Dropped',
]);

/** One app whose instances may be launched now: the longest waiting first. */
export interface LaunchableApp {
  readonly app: AppDefinition;
  readonly instances: readonly Instance[];
}

/** What one offer did for one app (recorded by the offer matching). */
export type OfferOutcome =
  { readonly used: true } | { readonly used: false; readonly reasons: readonly NoMatchReason[] };

/** `GET /v2/queue`'s DeclinedOfferStep. */
export interface DeclinedOfferStepJson {
  readonly reason: NoMatchReason;
  /** Offers that stopped at this reason. */
  readonly declined: number;
  /** Offers that reached this reason (were not stopped by an earlier one). */
  readonly processed: number;
}

export interface ProcessedOffersSummaryJson {
  readonly processedOffersCount: number;
  readonly unusedOffersCount: number;
  readonly lastUnusedOfferAt?: string;
  readonly lastUsedOfferAt?: string;
  readonly rejectSummaryLastOffers: readonly DeclinedOfferStepJson[];
  readonly rejectSummaryLaunchAttempt: readonly DeclinedOfferStepJson[];
}

export interface QueueDelayJson {
  /** Whole seconds until the app may launch again (rounded up); 0 when it may launch now. */
  readonly timeLeftSeconds: number;
  /** true when the app may launch now (no delay, or its deadline has passed). */
  readonly overdue: boolean;
}

/** One `GET /v2/queue` item; `app` is the app's JSON as the shell writes it. */
export interface QueueItemJson<A> {
  readonly app: A;
  /** Instances left to launch. */
  readonly count: number;
  readonly delay: QueueDelayJson;
  /** When the launch attempt began (ISO 8601). */
  readonly since: string;
  readonly processedOffersSummary: ProcessedOffersSummaryJson;
}

/** `GET /v2/queue/{appId}/delay`. */
export interface DelayResultJson {
  /** Present when the app has instances to launch. */
  readonly queueDelay?: QueueDelayJson;
  readonly currentDelaySeconds: number;
  readonly maxLaunchDelaySeconds: number;
}

interface OfferStatistics {
  readonly sinceMs: number;
  processedOffersCount: number;
  unusedOffersCount: number;
  lastUsedOfferAtMs: number | undefined;
  lastUnusedOfferAtMs: number | undefined;
  /** Unused offers of the launch attempt by their first funnel reason. */
  readonly launchAttemptRejects: Map<NoMatchReason, number>;
  /** The first funnel reason of the last unused offer of each agent (undefined: the matcher gave none). */
  readonly lastUnusedByAgent: Map<string, NoMatchReason | undefined>;
}

export interface LaunchQueueOptions {
  readonly apps: AppLookup;
  /**
   * The instances; the queue subscribes to their changes. Make the queue
   * before `load`ing the tracker: a launch attempt it has not seen begin shows
   * the view's own time as its `since`.
   */
  readonly instances: InstanceTracker;
}

export class LaunchQueue {
  private readonly apps: AppLookup;
  private readonly instances: InstanceTracker;
  private readonly backoffs = new Map<PathId, Backoff>();
  private readonly statistics = new Map<PathId, OfferStatistics>();

  constructor(options: LaunchQueueOptions) {
    this.apps = options.apps;
    this.instances = options.instances;
    this.instances.subscribe((change) => this.instanceChanged(change));
  }

  // ---------------------------------------------------------------- reads

  /** Instances of the app left to launch. */
  count(appId: PathId): number {
    return this.instances.scheduledCountOf(appId);
  }

  /** The app's delay for its current config version at `nowMs`; undefined when it has none (or it expired). */
  backoff(appId: PathId, nowMs: number): Backoff | undefined {
    const app = this.apps(appId);
    return app === undefined ? undefined : this.currentBackoff(app, nowMs);
  }

  /**
   * The apps with instances that may be launched at `nowMs` (waiting, the app
   * exists, its delay has passed), the app whose instance has waited longest
   * first (ties: app ID).
   */
  launchable(nowMs: number): LaunchableApp[] {
    const launchable: LaunchableApp[] = [];
    for (const appId of this.instances.appsWithScheduled()) {
      const app = this.apps(appId);
      if (app === undefined) continue;
      const backoff = this.currentBackoff(app, nowMs);
      if (backoff !== undefined && backoff.notBeforeMs > nowMs) continue;
      launchable.push({ app, instances: this.instances.scheduledOf(appId) });
    }
    return launchable.sort(
      (a, b) =>
        (a.instances[0]?.sinceMs ?? 0) - (b.instances[0]?.sinceMs ?? 0) ||
        (a.app.id < b.app.id ? -1 : a.app.id > b.app.id ? 1 : 0),
    );
  }

  /** Whether any app has an instance to launch at `nowMs` (revive offers) or none (suppress). */
  wantsOffers(nowMs: number): boolean {
    return this.launchable(nowMs).length > 0;
  }

  /**
   * The earliest time after `nowMs` at which a waiting app's delay ends (for
   * the shell's revive timer); undefined when no waiting app is delayed.
   */
  nextLaunchableAtMs(nowMs: number): number | undefined {
    let next: number | undefined;
    for (const appId of this.instances.appsWithScheduled()) {
      const app = this.apps(appId);
      const backoff = app === undefined ? undefined : this.currentBackoff(app, nowMs);
      if (backoff === undefined || backoff.notBeforeMs <= nowMs) continue;
      if (next === undefined || backoff.notBeforeMs < next) next = backoff.notBeforeMs;
    }
    return next;
  }

  /**
   * `GET /v2/queue`: one item per app with instances left to launch, by app
   * ID. `renderApp` writes the app's JSON (the shell's). Pure.
   */
  queueView<A>(nowMs: number, renderApp: (app: AppDefinition) => A): { readonly queue: QueueItemJson<A>[] } {
    const queue: QueueItemJson<A>[] = [];
    const appIds = this.instances.appsWithScheduled().sort();
    for (const appId of appIds) {
      const app = this.apps(appId);
      if (app === undefined) continue;
      const stats = this.statistics.get(appId) ?? emptyStatistics(nowMs);
      queue.push({
        app: renderApp(app),
        count: this.count(appId),
        delay: this.delayJson(app, nowMs),
        since: isoTime(stats.sinceMs),
        processedOffersSummary: summaryJson(stats),
      });
    }
    return { queue };
  }

  /** `GET /v2/queue/{appId}/delay`; undefined when the app does not exist. */
  delayView(appId: PathId, nowMs: number): DelayResultJson | undefined {
    const app = this.apps(appId);
    if (app === undefined) return undefined;
    const backoff = this.currentBackoff(app, nowMs);
    return {
      ...(this.count(appId) > 0 ? { queueDelay: this.delayJson(app, nowMs) } : {}),
      currentDelaySeconds: backoff?.delaySeconds ?? 0,
      maxLaunchDelaySeconds: app.maxLaunchDelaySeconds,
    };
  }

  // ---------------------------------------------------------------- changes

  /**
   * Resets the app's delay (`DELETE /v2/queue/{appId}/delay`): its instances
   * may launch at once. Answers whether there was a delay. Idempotent.
   */
  resetDelay(appId: PathId): boolean {
    return this.backoffs.delete(appId);
  }

  /**
   * Records what an offer did for the app (the offer matching calls it once
   * per app it asked about an offer). Ignored for an app with nothing to launch.
   */
  recordOffer(appId: PathId, agentId: string, outcome: OfferOutcome, nowMs: number): void {
    const stats = this.statistics.get(appId);
    if (stats === undefined) return;
    stats.processedOffersCount += 1;
    if (outcome.used) {
      stats.lastUsedOfferAtMs = nowMs;
      return;
    }
    stats.unusedOffersCount += 1;
    stats.lastUnusedOfferAtMs = nowMs;
    const reason = firstInFunnel(outcome.reasons);
    if (reason !== undefined) stats.launchAttemptRejects.set(reason, (stats.launchAttemptRejects.get(reason) ?? 0) + 1);
    stats.lastUnusedByAgent.set(agentId, reason);
  }

  // ---------------------------------------------------------------- internals

  private instanceChanged({ before, after, status, nowMs }: InstanceChange): void {
    const instance = (after ?? before) as Instance;
    const app = this.apps(instance.appId);
    if (app !== undefined && before !== undefined && after !== undefined && status !== undefined) {
      if (before.condition !== after.condition && runsConfigOf(after, app)) {
        if (BACKOFF_CONDITIONS.has(after.condition) || (after.condition === 'Killed' && isHealthCheckKill(status))) {
          this.increaseDelay(app, nowMs);
        }
      }
      const drained =
        status.reason === 'REASON_AGENT_DRAINING' &&
        (status.state === 'TASK_KILLED' || status.state === 'TASK_GONE_BY_OPERATOR');
      if (drained) this.resetDelay(app.id);
    }
    // A delay that no longer applies is dropped (reads only ignore it).
    if (app === undefined || this.currentBackoff(app, nowMs) === undefined) this.backoffs.delete(instance.appId);
    // The launch attempt's statistics live while the app has instances to launch.
    // NOTE: a count, not scheduledOf(): this runs on every change, and building the sorted list made scheduling N instances O(N² log N).
    const waiting = this.instances.scheduledCountOf(instance.appId) > 0;
    if (!waiting) this.statistics.delete(instance.appId);
    else if (!this.statistics.has(instance.appId)) this.statistics.set(instance.appId, emptyStatistics(nowMs));
  }

  private increaseDelay(app: AppDefinition, nowMs: number): void {
    const first = Math.min(app.backoffSeconds, app.maxLaunchDelaySeconds);
    const current = this.currentBackoff(app, nowMs);
    // NOTE: clamped below at the first delay too, so that a factor below 1 (which validation refuses) cannot shrink it.
    const delaySeconds =
      current === undefined
        ? first
        : Math.min(app.maxLaunchDelaySeconds, Math.max(first, current.delaySeconds * app.backoffFactor));
    this.backoffs.set(app.id, {
      appId: app.id,
      configVersion: app.versionInfo.lastConfigChangeAt,
      delaySeconds,
      notBeforeMs: nowMs + delayMs(delaySeconds),
    });
  }

  /** The app's backoff if it belongs to its current config version and has not expired at `nowMs`. */
  private currentBackoff(app: AppDefinition, nowMs: number): Backoff | undefined {
    const backoff = this.backoffs.get(app.id);
    if (backoff === undefined) return undefined;
    const failedAtMs = backoff.notBeforeMs - delayMs(backoff.delaySeconds);
    const stale =
      backoff.configVersion !== app.versionInfo.lastConfigChangeAt ||
      nowMs > failedAtMs + app.maxLaunchDelaySeconds * 1000;
    return stale ? undefined : backoff;
  }

  private delayJson(app: AppDefinition, nowMs: number): QueueDelayJson {
    const backoff = this.currentBackoff(app, nowMs);
    if (backoff === undefined || backoff.notBeforeMs <= nowMs) return { timeLeftSeconds: 0, overdue: true };
    return { timeLeftSeconds: Math.ceil((backoff.notBeforeMs - nowMs) / 1000), overdue: false };
  }
}

const delayMs = (seconds: number): number => Math.round(seconds * 1000);

/**
 * Whether the instance runs the app's current config: its version is not older
 * than the app's last config change (versions are ISO 8601 times of one format,
 * so they compare as strings).
 */
function runsConfigOf(instance: Instance, app: AppDefinition): boolean {
  return instance.appVersion >= app.versionInfo.lastConfigChangeAt;
}

function firstInFunnel(reasons: readonly NoMatchReason[]): NoMatchReason | undefined {
  return NO_MATCH_REASON_FUNNEL.find((reason) => reasons.includes(reason));
}

function emptyStatistics(nowMs: number): OfferStatistics {
  return {
    sinceMs: nowMs,
    processedOffersCount: 0,
    unusedOffersCount: 0,
    lastUsedOfferAtMs: undefined,
    lastUnusedOfferAtMs: undefined,
    launchAttemptRejects: new Map(),
    lastUnusedByAgent: new Map(),
  };
}

/** Every funnel reason with the offers it stopped and the offers that reached it, from `offers` in all. */
function declinedSteps(offers: number, declinedBy: ReadonlyMap<NoMatchReason, number>): DeclinedOfferStepJson[] {
  let processed = offers;
  return NO_MATCH_REASON_FUNNEL.map((reason) => {
    const declined = declinedBy.get(reason) ?? 0;
    const step = { reason, declined, processed };
    processed -= declined;
    return step;
  });
}

function summaryJson(stats: OfferStatistics): ProcessedOffersSummaryJson {
  const lastOffers = new Map<NoMatchReason, number>();
  for (const reason of stats.lastUnusedByAgent.values()) {
    if (reason !== undefined) lastOffers.set(reason, (lastOffers.get(reason) ?? 0) + 1);
  }
  return {
    processedOffersCount: stats.processedOffersCount,
    unusedOffersCount: stats.unusedOffersCount,
    ...(stats.lastUnusedOfferAtMs === undefined ? {} : { lastUnusedOfferAt: isoTime(stats.lastUnusedOfferAtMs) }),
    ...(stats.lastUsedOfferAtMs === undefined ? {} : { lastUsedOfferAt: isoTime(stats.lastUsedOfferAtMs) }),
    rejectSummaryLastOffers: declinedSteps(stats.lastUnusedByAgent.size, lastOffers),
    rejectSummaryLaunchAttempt: declinedSteps(stats.processedOffersCount, stats.launchAttemptRejects),
  };
}
