/**
 * The leading Marathon: the one place that holds the state (root group, stored
 * versions, running deployments, instances, launch queue) and turns API calls,
 * offers, status updates and timers into changes of it.
 *
 * Discipline, as the master's actor:
 * - Every change is made synchronously, all at once, by the pure core (group
 *   tree, planner, runner, instance tracker, launch queue, offer matching);
 *   nothing else writes to the state.
 * - Its effects are queued, in order, on one pipeline (`EffectPipeline`): the
 *   store writes of everything queued are committed together (fenced), then
 *   the sends (launches, kills) and the events go out in order. An API call
 *   answers once its change is durable; a launch is sent only after its
 *   instance is persisted. A failed commit means this process can no longer
 *   act as leader: `onFatal` is called, and it stops.
 * - Deployments are advanced after every change (`advance`): the runner reads
 *   the instances and says what to schedule and kill, until nothing changes.
 */
import { randomUUID } from 'node:crypto';
import type { SchedulerSession } from '@tessera/client';
import { isTerminalTaskState } from '@tessera/domain';
import { buildTaskInfo, renderAttribute, type FrameworkDriver } from '@tessera/framework';
import type { AgentFields, OfferView } from '@tessera/framework/core';
import { taskStateFromProto, type v1 } from '@tessera/proto';
import type { Logger } from '@tessera/runtime';
import { GroupCommitPipeline, type StoreWrite } from '@tessera/store';
import {
  AppExistsError,
  AppLockedError,
  GroupExistsError,
  UnknownDeploymentError,
  UnknownTaskError,
  UnknownVersionError,
  ValidationFailedError,
  type AppStatusJson,
  type DeploymentJson,
  type DeploymentResultJson,
  type EmbedOption,
  type ForceOption,
  type InfoJson,
  type KillOptions,
  type KillResultJson,
  type LastTaskFailureJson,
  type MarathonApi,
  type TaskJson,
} from './api.js';
import {
  admitDeployment,
  advanceDeployment,
  allApps,
  allGroups,
  applyPatch,
  appDependencyGraph,
  appToJson,
  emptyGroup,
  findApp,
  findGroup,
  findVersion,
  FrameworkOfferMatcher,
  groupToJson,
  InstanceTracker,
  isoTime,
  LaunchQueue,
  matchOffer,
  nextRootVersion,
  nextVersions,
  parseApp,
  parseGroup,
  parseTaskId,
  planDeployment,
  putApp,
  putGroup,
  removeApp,
  removeGroup,
  resolvePathId,
  revertTarget,
  rollbackTo,
  ROOT_ID,
  versionOfMs,
  versionsNewestFirst,
  withAppVersions,
  type AppDefinition,
  type AppJson,
  type Deployment,
  type Group,
  type GroupJson,
  type Instance,
  type InstanceEffect,
  type PathId,
  type TaskStatusUpdate,
  type TreeResult,
  type ValidationProblem,
  type Version,
  type DelayResultJson,
  type QueueItemJson,
} from './core/index.js';
import { UnknownAppError, UnknownGroupError } from './core/errors.js';
import { assignServicePorts, ServicePortsExhaustedError, type ServicePortRange } from './core/service-ports.js';
import { taskLaunchSpec } from './core/task-launch.js';
import { actionJson, appStatusJson, deploymentJson, taskJson } from './core/views.js';
import type { EventHub, MarathonEventJson } from './events.js';
import { appVersionKey, type MarathonStore } from './persistence.js';
import { ReadinessProbes, readinessTarget, type ReadinessTarget } from './readiness.js';
import {
  appFromJson,
  deploymentFromRecord,
  deploymentRecordOf,
  groupRecordOf,
  instanceFromRecord,
  treeFromRecords,
  type GroupRecord,
} from './state-codec.js';

export const MARATHON_VERSION = '1.10.0-tessera';

/**
 * Instances launched from one offer at most. CHOICE: 100, where Marathon's
 * --max_instances_per_offer defaults to 5: its limit kept a slow launch path
 * from holding offers; here one matching walk is cheap, and an agent is offered
 * once per allocation cycle, so 5 would cap a scale at 5 × agents per cycle.
 */
export const DEFAULT_MAX_INSTANCES_PER_OFFER = 100;

/** How long an agent seen in an offer counts as known (for GROUP_BY's spread). */
const KNOWN_AGENT_MS = 5 * 60_000;

/** What Marathon needs of the framework driver (FrameworkDriver is one; tests give a fake). */
export type MarathonDriver = Pick<
  FrameworkDriver,
  'hold' | 'launch' | 'decline' | 'wantOffers' | 'track' | 'forget' | 'on' | 'reconcile'
> & {
  readonly session: Pick<SchedulerSession, 'kill' | 'revive' | 'frameworkId'>;
};

export interface MarathonOptions {
  readonly store: MarathonStore;
  readonly events: EventHub;
  readonly logger: Logger;
  /** The role apps run in by default. */
  readonly role: string;
  /** The user tasks run as when an app names none (undefined: the framework's). */
  readonly user: string | undefined;
  /** This Marathon's HTTP address, for /v2/info and /v2/leader. */
  readonly httpAddress: string;
  readonly config: Readonly<Record<string, unknown>>;
  /** Called when a commit fails: this process may no longer act as leader. */
  readonly onFatal: (error: unknown) => void;
  readonly clock?: () => number;
  readonly uuid?: () => string;
  /** Instances launched from one offer at most (Marathon's --max_instances_per_offer); default 100. */
  readonly maxInstancesPerOffer?: number;
  /** Unused offers are declined for this long while nothing waits to launch (Marathon's decline_offer_duration). */
  readonly declineOfferSeconds?: number;
  /** Where service ports for `port: 0` come from; default [10000, 20000). */
  readonly servicePorts?: ServicePortRange;
}

/** A change of the tree to deploy. */
interface Change {
  readonly root: Group;
  /** Cancel the deployments that hold affected apps instead of refusing. */
  readonly force: boolean;
}

type Effect =
  | InstanceEffect
  | { readonly type: 'writes'; readonly writes: readonly StoreWrite[] }
  | { readonly type: 'launch'; readonly offerId: string; readonly tasks: v1.TaskInfo[] }
  | { readonly type: 'marathonEvent'; readonly event: MarathonEventJson };

function writesOf(store: MarathonStore, effect: Effect, out: StoreWrite[]): void {
  if (effect.type === 'persist') out.push(store.put('instances', effect.instance.instanceId, effect.instance));
  else if (effect.type === 'expunge') out.push(store.delete('instances', effect.instanceId));
  else if (effect.type === 'writes') out.push(...effect.writes);
}

export class Marathon implements MarathonApi {
  private root: Group;
  private readonly versions = new Map<PathId, AppDefinition[]>();
  private readonly deployments = new Map<string, Deployment>();
  private readonly lastFailures = new Map<PathId, LastTaskFailureJson>();
  private readonly tracker: InstanceTracker;
  private readonly launchQueue: LaunchQueue;
  private readonly matcher = new FrameworkOfferMatcher({ knownAgents: () => this.currentAgents() });
  /** Agents seen in offers, with when (GROUP_BY without a value spreads over their values). */
  private readonly knownAgents = new Map<string, { readonly fields: AgentFields; readonly seenAtMs: number }>();
  private readonly pipeline: GroupCommitPipeline<Effect>;
  private readonly clock: () => number;
  private readonly uuid: () => string;
  private driver: MarathonDriver | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAtMs: number | undefined;
  private closed = false;
  /** Apps changed since the last advance of their deployments (see advanceSoon). */
  private dirtyApps = new Set<PathId>();
  private advanceScheduled = false;
  /**
   * False until the first reconciliation after `attach` ended: until then
   * Marathon changes and answers, but neither launches nor advances
   * deployments (it acts only on task states the master has confirmed).
   */
  private reconciled = false;
  private reviveTimer: NodeJS.Timeout | undefined;
  private lastReviveAtMs = 0;
  private readonly readiness: ReadinessProbes;

  constructor(private readonly options: MarathonOptions) {
    this.clock = options.clock ?? Date.now;
    this.uuid = options.uuid ?? randomUUID;
    this.root = emptyGroup(ROOT_ID, versionOfMs(this.clock()));
    const apps = (appId: PathId): AppDefinition | undefined => this.appOrRemoved(appId);
    this.tracker = new InstanceTracker({ apps, ids: { uuid: () => this.uuid() } });
    this.launchQueue = new LaunchQueue({ apps, instances: this.tracker });
    this.readiness = new ReadinessProbes(
      (instanceId, taskId) => this.step([...this.tracker.readiness(instanceId, taskId, true, this.clock()).effects]),
      options.logger,
    );
    this.pipeline = new GroupCommitPipeline<Effect>({
      commit: (writes) => options.store.commit(writes),
      writesOf: (effect, out) => writesOf(options.store, effect, out),
      send: (effect) => this.send(effect),
      onFatal: (error) => {
        options.logger.fatal({ err: error }, 'could not write Marathon’s state; stopping as leader');
        options.onFatal(error);
      },
    });
  }

  /** Loads the stored state (a new leader); call before `attach`. */
  async load(): Promise<{ readonly frameworkId: string | undefined }> {
    const state = await this.options.store.load();
    const role = this.options.role;
    const apps = state.apps.map((record) => appFromJson(record.value, role));
    for (const record of state.appVersions) {
      const app = appFromJson(record.value, role);
      const list = this.versions.get(app.id) ?? [];
      list.push(app);
      this.versions.set(app.id, list);
    }
    const meta = new Map(state.meta.map((record) => [record.id, record.value]));
    const rootVersion = typeof meta.get('rootVersion') === 'string' ? (meta.get('rootVersion') as string) : undefined;
    this.root = treeFromRecords(
      state.groups.map((record) => record.value as GroupRecord),
      apps,
      rootVersion ?? this.root.version,
    );
    for (const record of state.deployments) {
      const deployment = deploymentFromRecord(record, role);
      this.deployments.set(deployment.plan.id, deployment);
    }
    this.tracker.load(state.instances.map(instanceFromRecord), this.clock());
    const frameworkId = meta.get('frameworkId');
    this.options.logger.info(
      { apps: apps.length, deployments: this.deployments.size, instances: state.instances.length },
      'loaded Marathon’s state',
    );
    return { frameworkId: typeof frameworkId === 'string' && frameworkId !== '' ? frameworkId : undefined };
  }

  /** Records the framework ID the master gave (durable before it resolves). */
  saveFrameworkId(frameworkId: string): Promise<void> {
    return this.pipeline.apply([
      { type: 'writes', writes: [this.options.store.put('meta', 'frameworkId', frameworkId)] },
    ]);
  }

  /** Starts acting: offers and updates from `driver`, every known task tracked for reconciliation. */
  attach(driver: MarathonDriver): void {
    this.driver = driver;
    for (const instance of this.tracker.all()) if (instance.taskId !== undefined) driver.track(instance.taskId);
    driver.on('offers', (offers) => this.onOffers(offers));
    driver.on('update', (status) => this.onUpdate(status));
    driver.on('reconciled', (statuses) => {
      if (this.reconciled || this.closed) return;
      this.reconciled = true;
      this.options.logger.info({ answers: statuses.length }, 'reconciled every known task; acting');
      this.step([]);
    });
    this.step([]);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.reviveTimer);
    this.readiness.stop();
  }

  // ---------------------------------------------------------------- reads

  async listApps(query: {
    readonly id?: string;
    readonly cmd?: string;
    readonly label?: string;
    readonly embed?: EmbedOption;
  }): Promise<AppStatusJson[]> {
    const apps = allApps(this.root)
      .filter((app) => query.id === undefined || app.id.includes(query.id))
      .filter((app) => query.cmd === undefined || (app.cmd ?? '').includes(query.cmd))
      .filter((app) => query.label === undefined || matchesLabel(app, query.label));
    return apps.map((app) => this.appStatus(app, query.embed, false));
  }

  async getApp(id: string, embed?: EmbedOption): Promise<AppStatusJson> {
    return this.appStatus(this.requireApp(id), embed, true);
  }

  async listAppVersions(id: string): Promise<{ readonly versions: readonly string[] }> {
    const app = this.requireApp(id);
    return { versions: versionsNewestFirst(this.versions.get(app.id) ?? [app]) };
  }

  async getAppVersion(id: string, version: string): Promise<AppJson> {
    const app = this.requireApp(id);
    const found = findVersion(this.versions.get(app.id) ?? [app], version);
    if (found === undefined) throw new UnknownVersionError(app.id, version);
    return appToJson(found);
  }

  async listTasks(states?: readonly string[]): Promise<TaskJson[]> {
    const wanted = states?.map((state) => `TASK_${state.toUpperCase()}`);
    const tasks: TaskJson[] = [];
    for (const instance of this.tracker.all()) {
      const task = taskJson(instance, this.appOrRemoved(instance.appId));
      if (task !== undefined && (wanted === undefined || wanted.length === 0 || wanted.includes(task.state)))
        tasks.push(task);
    }
    return tasks.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async appTasks(id: string): Promise<TaskJson[]> {
    const app = this.requireApp(id);
    return this.tracker.instancesOf(app.id).flatMap((instance) => {
      const task = taskJson(instance, app);
      return task === undefined ? [] : [task];
    });
  }

  async getGroup(id: string): Promise<GroupJson> {
    const groupId = this.resolveId(id);
    const group = findGroup(this.root, groupId);
    if (group === undefined) throw new UnknownGroupError(groupId);
    return groupToJson(group);
  }

  async listDeployments(): Promise<DeploymentJson[]> {
    return [...this.deployments.values()].map(deploymentJson);
  }

  async queue(): Promise<{ readonly queue: readonly QueueItemJson<AppJson>[] }> {
    return this.launchQueue.queueView(this.clock(), appToJson);
  }

  async info(): Promise<InfoJson> {
    return {
      name: 'marathon',
      version: MARATHON_VERSION,
      buildref: 'tessera',
      elected: true,
      leader: this.options.httpAddress,
      frameworkId: this.driver?.session.frameworkId || null,
      marathon_config: { ...this.options.config },
      http_config: { http_port: Number(this.options.httpAddress.split(':').pop()) },
    };
  }

  async leader(): Promise<string | undefined> {
    return this.options.httpAddress;
  }

  subscribe(listener: (event: MarathonEventJson) => void): () => void {
    return this.options.events.attach({
      eventTypes: new Set(),
      deliver: (event) => {
        listener(event);
        return true;
      },
    });
  }

  // ---------------------------------------------------------------- changes of apps and groups

  async createApp(json: unknown, options: ForceOption = {}): Promise<{ readonly app: AppJson } & DeploymentResultJson> {
    const now = this.nowVersion();
    const parsed = parseApp(json, { baseGroup: ROOT_ID, nowVersion: now, defaultRole: this.options.role });
    if (!parsed.ok) throw new ValidationFailedError(parsed.problems);
    if (findApp(this.root, parsed.app.id) !== undefined) throw new AppExistsError(parsed.app.id);
    const app = nextVersions(undefined, parsed.app, now);
    const result = await this.deploy({ root: this.tree(putApp(this.root, app, now)), force: options.force ?? false });
    return { app: appToJson(findApp(this.root, app.id) ?? app), ...result };
  }

  async updateApp(
    id: string,
    json: unknown,
    options: ForceOption & { readonly partial?: boolean } = {},
  ): Promise<DeploymentResultJson & { readonly created: boolean }> {
    const appId = this.resolveId(id);
    const now = this.nowVersion();
    const current = findApp(this.root, appId);
    const app = this.definitionFor(appId, current, json, options.partial ?? false, now);
    const result = await this.deploy({ root: this.tree(putApp(this.root, app, now)), force: options.force ?? false });
    return { ...result, created: current === undefined };
  }

  async updateApps(
    json: unknown,
    options: ForceOption & { readonly partial?: boolean } = {},
  ): Promise<DeploymentResultJson> {
    if (!Array.isArray(json)) throw new ValidationFailedError([{ path: '/', errors: ['must be an array of apps'] }]);
    const now = this.nowVersion();
    let root = this.root;
    const problems: ValidationProblem[] = [];
    json.forEach((element: unknown, index) => {
      const rawId = (element as { id?: unknown } | null)?.id;
      if (typeof rawId !== 'string') {
        problems.push({ path: `/(${index})/id`, errors: ['every app needs an id'] });
        return;
      }
      const resolved = resolvePathId(rawId);
      if (!resolved.ok) {
        problems.push({ path: `/(${index})/id`, errors: [resolved.error] });
        return;
      }
      try {
        const app = this.definitionFor(resolved.id, findApp(root, resolved.id), element, options.partial ?? false, now);
        root = this.tree(putApp(root, app, now));
      } catch (error) {
        if (!(error instanceof ValidationFailedError)) throw error;
        problems.push(...error.problems.map((p) => ({ ...p, path: `/(${index})${p.path === '/' ? '' : p.path}` })));
      }
    });
    if (problems.length > 0) throw new ValidationFailedError(problems);
    return this.deploy({ root, force: options.force ?? false });
  }

  async deleteApp(id: string, options: ForceOption = {}): Promise<DeploymentResultJson> {
    const app = this.requireApp(id);
    return this.deploy({
      root: this.tree(removeApp(this.root, app.id, this.nowVersion())),
      force: options.force ?? true,
    });
  }

  async restartApp(id: string, options: ForceOption = {}): Promise<DeploymentResultJson> {
    const app = this.requireApp(id);
    const now = this.nowVersion();
    const restarted: AppDefinition = {
      ...app,
      version: now,
      versionInfo: { lastScalingAt: now, lastConfigChangeAt: now },
    };
    return this.deploy({ root: this.tree(putApp(this.root, restarted, now)), force: options.force ?? false }, [app.id]);
  }

  async rollbackApp(id: string, version: string, options: ForceOption = {}): Promise<DeploymentResultJson> {
    const app = this.requireApp(id);
    const now = this.nowVersion();
    const rolled = rollbackTo(app, this.versions.get(app.id) ?? [app], version, now);
    if (!rolled.ok) throw new UnknownVersionError(app.id, version);
    return this.deploy({ root: this.tree(putApp(this.root, rolled.app, now)), force: options.force ?? false });
  }

  async putGroup(
    id: string | undefined,
    json: unknown,
    options: ForceOption & { readonly create?: boolean } = {},
  ): Promise<DeploymentResultJson> {
    const now = this.nowVersion();
    const base = id === undefined ? ROOT_ID : this.resolveId(id);
    const hasId = typeof json === 'object' && json !== null && (json as { id?: unknown }).id !== undefined;
    const body = hasId || typeof json !== 'object' || json === null ? json : { ...json, id: base };
    const parsed = parseGroup(body, { baseGroup: ROOT_ID, nowVersion: now, defaultRole: this.options.role });
    if (!parsed.ok) throw new ValidationFailedError(parsed.problems);
    if (options.create === true && findGroup(this.root, parsed.group.id) !== undefined && parsed.group.id !== ROOT_ID)
      throw new GroupExistsError(parsed.group.id);
    const group = withAppVersions(this.root, parsed.group, now);
    const root = parsed.group.id === ROOT_ID ? { ...group, version: now } : this.tree(putGroup(this.root, group, now));
    return this.deploy({ root, force: options.force ?? false });
  }

  async deleteGroup(id: string, options: ForceOption = {}): Promise<DeploymentResultJson> {
    const groupId = this.resolveId(id);
    const now = this.nowVersion();
    const root = groupId === ROOT_ID ? emptyGroup(ROOT_ID, now) : this.tree(removeGroup(this.root, groupId, now));
    return this.deploy({ root, force: options.force ?? false });
  }

  // ---------------------------------------------------------------- tasks

  async killAppTasks(id: string, options: KillOptions = {}): Promise<KillResultJson> {
    const app = this.requireApp(id);
    const instances = this.tracker
      .instancesOf(app.id)
      .filter(
        (instance) =>
          instance.taskId !== undefined && (options.host === undefined || instance.agent?.hostname === options.host),
      );
    return this.kill(instances, options);
  }

  async killAppTask(id: string, taskId: string, options: KillOptions = {}): Promise<KillResultJson> {
    const app = this.requireApp(id);
    const instance = this.instanceOfTask(taskId);
    if (instance === undefined || instance.appId !== app.id) throw new UnknownTaskError(taskId);
    return this.kill([instance], options);
  }

  async killTasks(taskIds: readonly string[], options: KillOptions = {}): Promise<KillResultJson> {
    const instances = taskIds.flatMap((taskId) => {
      const instance = this.instanceOfTask(taskId);
      return instance === undefined ? [] : [instance];
    });
    return this.kill(instances, options);
  }

  async resetDelay(id: string): Promise<DelayResultJson | undefined> {
    const app = this.requireApp(id);
    this.launchQueue.resetDelay(app.id);
    this.step([]);
    return this.launchQueue.delayView(app.id, this.clock());
  }

  // ---------------------------------------------------------------- deployments

  async cancelDeployment(id: string, options: ForceOption = {}): Promise<DeploymentResultJson | undefined> {
    const deployment = this.deployments.get(id);
    if (deployment === undefined) throw new UnknownDeploymentError(id);
    if (options.force === true) {
      const effects: Effect[] = [];
      this.endDeployment(deployment, 'deployment_failed', effects);
      await this.apply(effects);
      return undefined;
    }
    const now = this.nowVersion();
    const root = revertTarget(deployment, this.root, now);
    return this.deploy({ root, force: true });
  }

  // ---------------------------------------------------------------- internals: changes

  /** Plans the change from the current root to `change.root`, admits it, stores it and starts it. */
  private async deploy(change: Change, restartIds: readonly PathId[] = []): Promise<DeploymentResultJson> {
    const original = this.root;
    const version = nextRootVersion(original.version, change.root.version);
    const target: Group = { ...this.withServicePorts(original, change.root), version };
    // Checked on the target itself: the planner asks for the same (remembered) graph.
    const graph = appDependencyGraph(target);
    if (!graph.ok) throw new ValidationFailedError(graph.problems);
    const plan = planDeployment(original, target, { id: this.uuid(), version });
    const withRestarts = restartIds.length === 0 ? plan : forceRestart(plan, target, restartIds);
    const admitted = admitDeployment(withRestarts, [...this.deployments.values()], change.force);
    if (!admitted.ok) throw new AppLockedError(admitted.lockedBy);
    const effects: Effect[] = [];
    for (const cancelled of admitted.cancel) {
      const running = this.deployments.get(cancelled);
      if (running !== undefined) this.endDeployment(running, 'deployment_failed', effects);
    }
    // The new tree, its groups and apps (and their versions), and the deployment: one commit.
    const { changed, removed } = changedApps(original, target);
    effects.push({ type: 'writes', writes: this.treeWrites(original, target, changed, removed) });
    this.root = target;
    for (const app of changed) this.rememberVersion(app);
    const deployment: Deployment = { plan: withRestarts, currentStep: 0, startedAtMs: this.clock() };
    if (withRestarts.steps.length > 0) {
      this.deployments.set(withRestarts.id, deployment);
      effects.push({
        type: 'writes',
        writes: [this.options.store.put('deployments', withRestarts.id, deploymentRecordOf(deployment))],
      });
      effects.push(this.event('deployment_info', { plan: planJson(deployment), currentStep: stepJson(deployment) }));
    }
    effects.push(this.event('group_change_success', { groupId: ROOT_ID, version }));
    for (const appId of removed) effects.push(this.event('app_terminated_event', { appId }));
    this.advance(effects);
    this.syncDemand();
    await this.apply(effects);
    return { deploymentId: withRestarts.id, version };
  }

  /** `root` with service ports given to the new and changed apps that ask for them (`port: 0`). */
  private withServicePorts(original: Group, root: Group): Group {
    const before = new Map(allApps(original).map((app) => [app.id, app]));
    const asking = allApps(root).filter(
      (app) => before.get(app.id) !== app && app.portDefinitions.some((definition) => definition.port === 0),
    );
    if (asking.length === 0) return root;
    let assigned: AppDefinition[];
    try {
      assigned = assignServicePorts(root, asking, this.options.servicePorts);
    } catch (error) {
      if (!(error instanceof ServicePortsExhaustedError)) throw error;
      throw new ValidationFailedError([{ path: '/portDefinitions', errors: [error.message] }]);
    }
    let out = root;
    for (const app of assigned) {
      out = this.tree(putApp(out, nextVersions(before.get(app.id), app, app.version), root.version));
    }
    return out;
  }

  /** The store writes of going from `original` to `target`, whose changed and removed apps are given. */
  private treeWrites(
    original: Group,
    target: Group,
    changed: readonly AppDefinition[],
    removed: readonly PathId[],
  ): StoreWrite[] {
    const store = this.options.store;
    const writes: StoreWrite[] = [store.put('meta', 'rootVersion', target.version)];
    for (const app of changed) {
      const json = appToJson(app);
      writes.push(store.put('apps', app.id, json));
      writes.push(store.put('appVersions', appVersionKey(app.id, app.version), json));
    }
    for (const id of removed) writes.push(store.delete('apps', id));
    const groupsBefore = new Map(allGroups(original).map((group) => [group.id, group]));
    const groupsAfter = allGroups(target);
    for (const group of groupsAfter) {
      const old = groupsBefore.get(group.id);
      if (old === undefined || old.version !== group.version || old.dependencies.join() !== group.dependencies.join())
        writes.push(store.put('groups', group.id, groupRecordOf(group)));
    }
    const afterGroupIds = new Set(groupsAfter.map((group) => group.id));
    for (const id of groupsBefore.keys()) if (!afterGroupIds.has(id)) writes.push(store.delete('groups', id));
    return writes;
  }

  private rememberVersion(app: AppDefinition): void {
    const list = this.versions.get(app.id) ?? [];
    if (!list.some((stored) => stored.version === app.version)) {
      list.push(app);
      this.versions.set(app.id, list);
    }
  }

  private definitionFor(
    appId: PathId,
    current: AppDefinition | undefined,
    json: unknown,
    partial: boolean,
    now: Version,
  ): AppDefinition {
    // NOTE: a body that is no object (`0`, `"x"`, `[]`) is refused here: spread into a patch it was an empty one, and deployed.
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new ValidationFailedError([{ path: '/', errors: ['must be an object (an app definition)'] }]);
    const body = json as { id?: unknown; version?: unknown };
    if (typeof body.version === 'string' && Object.keys(body).length <= 2 && current !== undefined) {
      const rolled = rollbackTo(current, this.versions.get(appId) ?? [current], body.version, now);
      if (!rolled.ok) throw new UnknownVersionError(appId, body.version);
      return rolled.app;
    }
    if (body.id !== undefined) {
      const resolved = typeof body.id === 'string' ? resolvePathId(body.id) : undefined;
      if (resolved === undefined || !resolved.ok || resolved.id !== appId)
        throw new ValidationFailedError([
          { path: '/id', errors: [`the id in the body must be the app's id ${appId}`] },
        ]);
    }
    const withId = { ...body, id: appId };
    const parsed =
      current !== undefined && partial
        ? applyPatch(current, { ...body, id: appId }, { nowVersion: now, defaultRole: this.options.role })
        : parseApp(withId, { baseGroup: ROOT_ID, nowVersion: now, defaultRole: this.options.role });
    if (!parsed.ok) throw new ValidationFailedError(parsed.problems);
    return nextVersions(current, parsed.app, now);
  }

  private tree(result: TreeResult): Group {
    if (!result.ok) throw result.error;
    return result.root;
  }

  private kill(instances: readonly Instance[], options: KillOptions): Promise<KillResultJson> {
    if (options.scale === true && options.wipe === true)
      throw new ValidationFailedError([{ path: '/wipe', errors: ['scale and wipe cannot be used together'] }]);
    const tasks = instances.flatMap((instance) => {
      const task = taskJson(instance, this.appOrRemoved(instance.appId));
      return task === undefined ? [] : [task];
    });
    if (options.scale === true) {
      const killedByApp = new Map<PathId, number>();
      for (const instance of instances) killedByApp.set(instance.appId, (killedByApp.get(instance.appId) ?? 0) + 1);
      const now = this.nowVersion();
      let root = this.root;
      for (const [appId, killed] of killedByApp) {
        const app = findApp(root, appId);
        if (app === undefined) continue;
        const scaled = nextVersions(app, { ...app, instances: Math.max(0, app.instances - killed) }, now);
        root = this.tree(putApp(root, scaled, now));
      }
      return this.deploy({ root, force: options.force ?? false });
    }
    const effects: Effect[] = [];
    const nowMs = this.clock();
    for (const instance of instances) {
      if (options.wipe === true) {
        effects.push(...this.tracker.killInstance(instance.instanceId, 'Decommissioned', nowMs).effects);
      } else if (instance.taskId !== undefined) {
        // Killed outside a deployment: the tracker relaunches the slot when the task ends (goal Running).
        effects.push({ type: 'kill', taskId: instance.taskId, agentId: instance.agent?.agentId, reason: 'Requested' });
      }
    }
    this.advance(effects);
    return this.apply(effects).then(() => ({ tasks }));
  }

  private instanceOfTask(taskId: string): Instance | undefined {
    const parsed = parseTaskId(taskId);
    const instance = parsed === undefined ? undefined : this.tracker.get(parsed.instanceId);
    return instance?.taskId === taskId ? instance : undefined;
  }

  // ---------------------------------------------------------------- internals: deployments

  /**
   * Runs the deployments' runners until nothing changes; collects the effects.
   * `appIds`: only the deployments that affect one of these apps (what an
   * instance change can move on); all when absent.
   */
  private advance(effects: Effect[], appIds?: ReadonlySet<PathId>): void {
    // Deployments act on the instances' states: not before the master has confirmed them.
    if (!this.reconciled || this.deployments.size === 0) return;
    const view = { instancesOf: (appId: PathId) => this.tracker.instancesOf(appId) };
    const nowMs = this.clock();
    const concerned = (deployment: Deployment): boolean =>
      appIds === undefined || deployment.plan.affectedAppIds.some((id) => appIds.has(id));
    for (let round = 0; round < 20; round += 1) {
      let changed = false;
      for (const deployment of [...this.deployments.values()].filter(concerned)) {
        const advanced = advanceDeployment(deployment, view);
        for (const command of advanced.commands) {
          changed = true;
          if (command.type === 'schedule') {
            const step = this.tracker.schedule(command.app, command.count, nowMs);
            effects.push(...step.effects);
          } else if (this.tracker.get(command.instanceId) !== undefined) {
            effects.push(...this.tracker.killInstance(command.instanceId, 'Decommissioned', nowMs).effects);
          }
        }
        for (const index of advanced.finishedSteps) {
          effects.push(
            this.event('deployment_step_success', {
              plan: planJson(deployment),
              currentStep: { actions: (deployment.plan.steps[index]?.actions ?? []).map(actionJson) },
            }),
          );
        }
        if (advanced.deployment === undefined) {
          changed = true;
          this.endDeployment(deployment, 'deployment_success', effects);
        } else if (advanced.deployment.currentStep !== deployment.currentStep) {
          changed = true;
          this.deployments.set(deployment.plan.id, advanced.deployment);
          effects.push({
            type: 'writes',
            writes: [
              this.options.store.put('deployments', deployment.plan.id, deploymentRecordOf(advanced.deployment)),
            ],
          });
        }
      }
      if (!changed) return;
    }
  }

  private endDeployment(
    deployment: Deployment,
    eventType: 'deployment_success' | 'deployment_failed',
    effects: Effect[],
  ): void {
    this.deployments.delete(deployment.plan.id);
    effects.push({ type: 'writes', writes: [this.options.store.delete('deployments', deployment.plan.id)] });
    effects.push(this.event(eventType, { id: deployment.plan.id, plan: planJson(deployment) }));
  }

  // ---------------------------------------------------------------- internals: offers and updates

  private onOffers(offers: OfferView[]): void {
    // Before the first reconciliation the driver declines them: nothing is launched on unconfirmed state.
    if (this.closed || this.driver === undefined || !this.reconciled) return;
    const driver = this.driver;
    const nowMs = this.clock();
    let launchedAny = false;
    for (const offer of offers) {
      this.knownAgents.set(offer.agentId, {
        fields: { hostname: offer.hostname, attributes: offer.attributes },
        seenAtMs: nowMs,
      });
    }
    for (const offer of offers) {
      const agent = {
        agentId: offer.agentId,
        hostname: offer.hostname,
        attributes: Object.fromEntries(offer.attributes.map((a) => [a.name, renderAttribute(a)])),
      };
      const step = matchOffer({
        offer,
        agent,
        matcher: this.matcher,
        tracker: this.tracker,
        queue: this.launchQueue,
        nowMs,
        maxLaunchesPerOffer: this.options.maxInstancesPerOffer ?? DEFAULT_MAX_INSTANCES_PER_OFFER,
      });
      if (step.result.launches.length === 0) {
        // Nothing waits: keep the agent away for Marathon's decline_offer_duration. Else the driver declines it
        // with its short filter, so that the offer comes back soon for what waits.
        if (!this.launchQueue.wantsOffers(nowMs)) driver.decline([offer.offerId], this.options.declineOfferSeconds);
        continue;
      }
      launchedAny = true;
      const tasks: v1.TaskInfo[] = [];
      const effects: Effect[] = [...step.effects];
      for (const launch of step.result.launches) {
        try {
          const spec = taskLaunchSpec({
            app: launch.app,
            taskId: launch.taskId,
            hostname: offer.hostname,
            hostPorts: launch.hostPorts,
            healthCheck: launch.healthCheck,
            defaultUser: this.options.user,
          });
          tasks.push(buildTaskInfo(spec, { resources: launch.resources, ports: launch.hostPorts }));
        } catch (error) {
          this.options.logger.error({ err: error, taskId: launch.taskId }, 'cannot build a task; it is not launched');
        }
      }
      driver.hold(offer.offerId);
      this.pendingLaunches += 1;
      effects.push({ type: 'launch', offerId: offer.offerId, tasks });
      // NOTE: no deployment moves on a launch (a Provisioned instance is neither ready nor more alive than Scheduled).
      void this.apply(effects);
    }
    this.syncDemand();
    if (launchedAny && this.launchQueue.wantsOffers(this.clock())) this.reviveSoon();
  }

  /**
   * Revives (at most once a second) after a round of offers that launched
   * something while instances still wait: offers declined or left over in that
   * round are filtered, and what was launched may have made them fit (a
   * constraint such as GROUP_BY or UNIQUE now prefers another agent).
   */
  private reviveSoon(): void {
    if (this.reviveTimer !== undefined || this.closed) return;
    const waitMs = Math.max(0, this.lastReviveAtMs + 1000 - this.clock());
    this.reviveTimer = setTimeout(() => {
      this.reviveTimer = undefined;
      if (this.closed || this.driver === undefined || !this.launchQueue.wantsOffers(this.clock())) return;
      this.lastReviveAtMs = this.clock();
      this.driver.session.revive().catch(() => undefined);
    }, waitMs);
    this.reviveTimer.unref();
  }

  private onUpdate(status: v1.TaskStatus__Output): void {
    if (this.closed) return;
    const update: TaskStatusUpdate = {
      taskId: status.taskId?.value ?? '',
      state: taskStateFromProto(status.state),
      reason: String(status.reason),
      message: status.message,
      agentId: status.agentId?.value ?? '',
      healthy: status.hasHealthy ? status.healthy : undefined,
    };
    const nowMs = this.clock();
    const before = this.instanceOfTask(update.taskId);
    const step = this.tracker.statusUpdate(update, nowMs);
    if (before !== undefined && (update.state === 'TASK_FAILED' || update.state === 'TASK_ERROR')) {
      this.lastFailures.set(before.appId, {
        appId: before.appId,
        host: before.agent?.hostname ?? '',
        message: update.message,
        state: update.state,
        taskId: update.taskId,
        timestamp: isoTime(nowMs),
        version: before.appVersion,
        slaveId: update.agentId === '' ? null : update.agentId,
      });
    }
    if (isTerminalTaskState(update.state)) this.driver?.forget(update.taskId);
    void this.apply(step.effects);
    if (before !== undefined) this.advanceSoon(before.appId);
    this.syncDemand();
  }

  /**
   * Advances the deployments of `appId` once this turn of the event loop is
   * over, together with those of every other app changed in it: updates come
   * in bursts (thousands during a scale), and each runner call reads all of
   * its app's instances, so one call per burst instead of one per update.
   */
  private advanceSoon(appId: PathId): void {
    if (this.deployments.size === 0) return;
    this.dirtyApps.add(appId);
    if (this.advanceScheduled) return;
    this.advanceScheduled = true;
    setImmediate(() => {
      this.advanceScheduled = false;
      const appIds = this.dirtyApps;
      this.dirtyApps = new Set();
      if (this.closed) return;
      this.step([], appIds);
    });
  }

  /**
   * Advances the deployments (those of `appIds` only, when given), applies the
   * effects, then re-arms the timer and tells the master whether offers are wanted.
   */
  private step(effects: Effect[], appIds?: ReadonlySet<PathId>): void {
    this.advance(effects, appIds);
    void this.apply(effects);
    this.syncDemand();
  }

  private apply(effects: readonly Effect[]): Promise<void> {
    return this.pipeline.apply(effects);
  }

  private send(effect: Effect): void {
    const driver = this.driver;
    switch (effect.type) {
      case 'kill':
        if (driver !== undefined)
          driver.session.kill(effect.taskId).catch((error: unknown) => {
            this.options.logger.warn({ err: error, taskId: effect.taskId }, 'a kill was not accepted');
          });
        return;
      case 'launch':
        this.pendingLaunches -= 1;
        if (driver === undefined || effect.tasks.length === 0) driver?.decline([effect.offerId]);
        else {
          for (const task of effect.tasks) driver.track(task.taskId?.value ?? '');
          // The rest of the offer is not refused (Marathon accepts with a 0 s filter): it comes back in the next
          // allocation, for what still waits.
          driver.launch(effect.offerId, effect.tasks, 0).catch((error: unknown) => {
            // The tasks' updates (TASK_ERROR/TASK_DROPPED) relaunch the instances.
            this.options.logger.warn({ err: error, offerId: effect.offerId }, 'a launch was not accepted');
          });
        }
        // Held no more: the master may be told now that nothing else is wanted.
        this.syncDemand();
        return;
      case 'replace':
        driver?.session.revive().catch(() => undefined);
        return;
      case 'event':
        this.options.events.emit(effect.event as unknown as MarathonEventJson);
        return;
      case 'marathonEvent':
        this.options.events.emit(effect.event);
        return;
      case 'log':
        this.options.logger[effect.level](effect.fields, effect.message);
        return;
      default:
        return;
    }
  }

  private wanted = false;
  /** Offers held for launches not sent yet (their instances are being persisted): suppressing would decline them. */
  private pendingLaunches = 0;

  /** Revives when instances wait (and their delay has passed), suppresses when none do; re-arms the timer. */
  private syncDemand(): void {
    if (this.closed || this.driver === undefined) return;
    const nowMs = this.clock();
    const wants = this.launchQueue.wantsOffers(nowMs);
    if (wants && !this.wanted) this.driver.session.revive().catch(() => undefined);
    this.wanted = wants;
    if (wants || this.pendingLaunches === 0) this.driver.wantOffers(wants);
    this.syncReadiness();
    const next = minDefined(this.tracker.nextTimerAtMs(), this.launchQueue.nextLaunchableAtMs(nowMs));
    if (next !== this.timerAtMs) {
      clearTimeout(this.timer);
      this.timerAtMs = next;
      if (next !== undefined) {
        this.timer = setTimeout(
          () => {
            this.timerAtMs = undefined;
            this.step([...this.tracker.tick(this.clock()).effects]);
          },
          Math.max(0, next - nowMs),
        );
        this.timer.unref();
      }
    }
  }

  /**
   * The agents offered in the last KNOWN_AGENT_MS. CHOICE: a window, not the
   * master's agent list (Marathon only sees offers): an agent gone for longer
   * no longer holds GROUP_BY back; a busy agent that sends no offers has
   * instances placed on it, which count anyway.
   */
  private currentAgents(): AgentFields[] {
    const oldest = this.clock() - KNOWN_AGENT_MS;
    const agents: AgentFields[] = [];
    for (const [agentId, known] of this.knownAgents) {
      if (known.seenAtMs < oldest) this.knownAgents.delete(agentId);
      else agents.push(known.fields);
    }
    return agents;
  }

  /** Probes the readiness of the new running instances that the deployments' current steps wait for. */
  private syncReadiness(): void {
    const targets: ReadinessTarget[] = [];
    for (const deployment of this.deployments.values()) {
      for (const action of deployment.plan.steps[deployment.currentStep]?.actions ?? []) {
        if (action.action !== 'RestartApplication' && action.action !== 'ScaleApplication') continue;
        const { app } = action;
        if (app.readinessChecks.length === 0) continue;
        for (const instance of this.tracker.instancesOf(app.id)) {
          if (instance.goal !== 'Running' || instance.condition !== 'Running' || instance.ready === true) continue;
          if (instance.appVersion !== app.version) continue;
          if (app.healthChecks.length > 0 && instance.healthy !== true) continue;
          const target = readinessTarget(app, instance);
          if (target !== undefined) targets.push(target);
        }
      }
    }
    this.readiness.sync(targets);
  }

  // ---------------------------------------------------------------- internals: helpers

  private appOrRemoved(appId: PathId): AppDefinition | undefined {
    const app = findApp(this.root, appId);
    if (app !== undefined) return app;
    for (const deployment of this.deployments.values()) {
      const original = findApp(deployment.plan.original, appId);
      if (original !== undefined) return original;
    }
    return undefined;
  }

  private appStatus(app: AppDefinition, embed: EmbedOption | undefined, single: boolean): AppStatusJson {
    return appStatusJson({
      app,
      instances: this.tracker.instancesOf(app.id),
      deploymentIds: [...this.deployments.values()]
        .filter((deployment) => deployment.plan.affectedAppIds.includes(app.id))
        .map((deployment) => deployment.plan.id),
      lastTaskFailure: this.lastFailures.get(app.id),
      embed,
      single,
    });
  }

  private requireApp(id: string): AppDefinition {
    const appId = this.resolveId(id);
    const app = findApp(this.root, appId);
    if (app === undefined) throw new UnknownAppError(appId);
    return app;
  }

  private resolveId(id: string): PathId {
    const resolved = resolvePathId(id.startsWith('/') ? id : `/${id}`);
    if (!resolved.ok) throw new ValidationFailedError([{ path: '/id', errors: [resolved.error] }]);
    return resolved.id;
  }

  private nowVersion(): Version {
    return nextRootVersion(this.root.version, versionOfMs(this.clock()));
  }

  private event(eventType: string, fields: Record<string, unknown>): Effect {
    return { type: 'marathonEvent', event: { eventType, timestamp: isoTime(this.clock()), ...fields } };
  }
}

/**
 * The apps of `target` that are new or not the same definition object as in
 * `original` (any change, a version-only one included: the tree shares what
 * did not change), and the ids of the apps only `original` has.
 */
function changedApps(
  original: Group,
  target: Group,
): { readonly changed: AppDefinition[]; readonly removed: PathId[] } {
  const before = new Map(allApps(original).map((app) => [app.id, app]));
  const changed: AppDefinition[] = [];
  for (const app of allApps(target)) {
    if (before.get(app.id) !== app) changed.push(app);
    before.delete(app.id);
  }
  return { changed, removed: [...before.keys()] };
}

function matchesLabel(app: AppDefinition, selector: string): boolean {
  const [key, value] = selector.split('==').map((part) => part.trim());
  if (key === undefined) return true;
  if (!(key in app.labels)) return false;
  return value === undefined || app.labels[key] === value;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

function planJson(deployment: Deployment): Record<string, unknown> {
  const { plan } = deployment;
  return {
    id: plan.id,
    version: plan.version,
    steps: plan.steps.map((step) => ({ actions: step.actions.map(actionJson) })),
    affectedApps: plan.affectedAppIds,
  };
}

function stepJson(deployment: Deployment): Record<string, unknown> {
  return { actions: (deployment.plan.steps[deployment.currentStep]?.actions ?? []).map(actionJson) };
}

/** The plan with a RestartApplication for each of `appIds` that the plan does not touch otherwise (a restart of an unchanged definition). */
function forceRestart(plan: Deployment['plan'], target: Group, appIds: readonly PathId[]): Deployment['plan'] {
  const missing = appIds.filter((id) => !plan.affectedAppIds.includes(id));
  if (missing.length === 0) return plan;
  const actions = missing.flatMap((id) => {
    const app = findApp(target, id);
    return app === undefined ? [] : [{ action: 'RestartApplication' as const, app }];
  });
  return {
    ...plan,
    steps: [...plan.steps, { actions }],
    affectedAppIds: [...new Set([...plan.affectedAppIds, ...missing])].sort(),
  };
}
