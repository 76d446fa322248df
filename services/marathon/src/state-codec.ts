/**
 * How Marathon's state is written to the store and read back: apps in
 * Marathon's JSON (what `GET /v2/apps/{id}` shows of the definition), groups
 * without their apps, instances as they are, and deployments as their plan's
 * steps with only the affected apps' definitions (before and after), so that a
 * deployment record stays small however large the tree is.
 */
import { appToJson, parseApp, type AppJson } from './core/app-definition.js';
import { emptyGroup, findApp } from './core/group-tree.js';
import type { AppDefinition, Deployment, DeploymentAction, Group, Instance, PathId, Version } from './core/model.js';
import { ancestorsOf, parentOf, ROOT_ID } from './core/paths.js';
import type { StoredRecord } from './persistence.js';

/** A group's own record: its dependencies and version (apps are stored on their own). */
export interface GroupRecord {
  readonly id: PathId;
  readonly dependencies: readonly PathId[];
  readonly version: Version;
}

/** A stored record that cannot be read back: the store holds something this version does not understand. */
export class UnreadableStateError extends Error {
  override readonly name = 'UnreadableStateError';
  constructor(
    readonly what: string,
    readonly id: string,
    detail: string,
  ) {
    super(`cannot read the stored ${what} ${JSON.stringify(id)}: ${detail}`);
  }
}

/** An app read back from its JSON, with its stored version and version info (parseApp would stamp new ones). */
export function appFromJson(json: unknown, defaultRole: string): AppDefinition {
  const record = json as Partial<AppJson>;
  const parsed = parseApp(json, { baseGroup: ROOT_ID, nowVersion: record.version ?? '', defaultRole });
  if (!parsed.ok)
    throw new UnreadableStateError(
      'app',
      String(record.id),
      parsed.problems.map((p) => `${p.path}: ${p.errors.join('; ')}`).join(', '),
    );
  if (record.version === undefined || record.versionInfo === undefined)
    throw new UnreadableStateError('app', String(record.id), 'no version');
  return { ...parsed.app, version: record.version, versionInfo: record.versionInfo };
}

export function groupRecordOf(group: Group): GroupRecord {
  return { id: group.id, dependencies: [...group.dependencies], version: group.version };
}

/** The tree from its stored groups and apps (groups that only hold apps are made as needed). */
export function treeFromRecords(
  groups: readonly GroupRecord[],
  apps: readonly AppDefinition[],
  rootVersion: Version,
): Group {
  const records = new Map(groups.map((g) => [g.id, g]));
  const childGroups = new Map<PathId, Set<PathId>>();
  const childApps = new Map<PathId, AppDefinition[]>();
  const note = (id: PathId): void => {
    for (const ancestor of [...ancestorsOf(id), id]) {
      if (ancestor === ROOT_ID) continue;
      const parent = parentOf(ancestor) ?? ROOT_ID;
      let set = childGroups.get(parent);
      if (set === undefined) childGroups.set(parent, (set = new Set()));
      set.add(ancestor);
    }
  };
  for (const group of groups) if (group.id !== ROOT_ID) note(group.id);
  for (const app of apps) {
    const parent = parentOf(app.id) ?? ROOT_ID;
    if (parent !== ROOT_ID) note(parent);
    let list = childApps.get(parent);
    if (list === undefined) childApps.set(parent, (list = []));
    list.push(app);
  }
  const build = (id: PathId): Group => {
    const record = records.get(id);
    const base = emptyGroup(id, record?.version ?? rootVersion);
    return {
      ...base,
      dependencies: record?.dependencies ?? [],
      apps: new Map((childApps.get(id) ?? []).map((app) => [app.id, app])),
      groups: new Map([...(childGroups.get(id) ?? [])].sort().map((child) => [child, build(child)])),
    };
  };
  return { ...build(ROOT_ID), version: rootVersion };
}

// ------------------------------------------------------------------ deployments

type ActionRecord =
  | { readonly action: 'StartApplication' | 'RestartApplication' | 'StopApplication'; readonly app: AppJson }
  | {
      readonly action: 'ScaleApplication';
      readonly app: AppJson;
      readonly scaleTo: number;
      readonly sentencedToKill: readonly string[];
    };

export interface DeploymentRecord {
  readonly id: string;
  readonly version: Version;
  readonly steps: readonly { readonly actions: readonly ActionRecord[] }[];
  readonly affectedAppIds: readonly PathId[];
  /** The affected apps as they were before the deployment (absent: the deployment added it). */
  readonly originalApps: readonly AppJson[];
  /** The affected apps as the deployment makes them (absent: it removes it). */
  readonly targetApps: readonly AppJson[];
  readonly originalVersion: Version;
  readonly currentStep: number;
  readonly startedAtMs: number;
}

function actionRecord(action: DeploymentAction): ActionRecord {
  const app = appToJson(action.app);
  return action.action === 'ScaleApplication'
    ? { action: action.action, app, scaleTo: action.scaleTo, sentencedToKill: [...action.sentencedToKill] }
    : { action: action.action, app };
}

/** A group holding only `apps` (what a stored deployment remembers of its original and target trees). */
function sparseTree(apps: readonly AppDefinition[], version: Version): Group {
  return treeFromRecords([], apps, version);
}

export function deploymentRecordOf(deployment: Deployment): DeploymentRecord {
  const { plan } = deployment;
  // Only the affected apps, looked up by id: a record written at every step need not walk the trees.
  const pick = (group: Group): AppJson[] =>
    plan.affectedAppIds.flatMap((id) => {
      const app = findApp(group, id);
      return app === undefined ? [] : [appToJson(app)];
    });
  return {
    id: plan.id,
    version: plan.version,
    steps: plan.steps.map((step) => ({ actions: step.actions.map(actionRecord) })),
    affectedAppIds: [...plan.affectedAppIds],
    originalApps: pick(plan.original),
    targetApps: pick(plan.target),
    originalVersion: plan.original.version,
    currentStep: deployment.currentStep,
    startedAtMs: deployment.startedAtMs,
  };
}

export function deploymentFromRecord(record: StoredRecord, defaultRole: string): Deployment {
  const value = record.value as DeploymentRecord;
  if (typeof value !== 'object' || value === null || !Array.isArray(value.steps))
    throw new UnreadableStateError('deployment', record.id, 'not a deployment record');
  const app = (json: AppJson): AppDefinition => appFromJson(json, defaultRole);
  const steps = value.steps.map((step) => ({
    actions: step.actions.map((action: ActionRecord): DeploymentAction =>
      action.action === 'ScaleApplication'
        ? {
            action: 'ScaleApplication',
            app: app(action.app),
            scaleTo: action.scaleTo,
            sentencedToKill: action.sentencedToKill,
          }
        : { action: action.action, app: app(action.app) },
    ),
  }));
  return {
    plan: {
      id: value.id,
      version: value.version,
      steps,
      affectedAppIds: value.affectedAppIds,
      original: sparseTree(value.originalApps.map(app), value.originalVersion),
      target: sparseTree(value.targetApps.map(app), value.version),
    },
    currentStep: value.currentStep,
    startedAtMs: value.startedAtMs,
  };
}

/** An instance read back (stored as it is). */
export function instanceFromRecord(record: StoredRecord): Instance {
  const value = record.value as Instance;
  if (typeof value !== 'object' || value === null || typeof value.instanceId !== 'string')
    throw new UnreadableStateError('instance', record.id, 'not an instance record');
  return value;
}
