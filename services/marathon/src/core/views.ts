/**
 * Marathon's JSON views of the core's state, as the REST API (and, converted,
 * the gRPC API) answers them: tasks, apps with their status counts, and
 * deployments. Pure: the state and the time go in, JSON comes out.
 */
import type {
  AppStatusJson,
  DeploymentActionJson,
  DeploymentJson,
  EmbedOption,
  HealthCheckResultJson,
  LastTaskFailureJson,
  TaskJson,
} from '../api.js';
import { appToJson } from './app-definition.js';
import { isoTime } from './instance-effects.js';
import type { AppDefinition, Deployment, Instance, InstanceCondition } from './model.js';

/** Marathon's task state name for an instance's condition; undefined for an instance without a task (Scheduled). */
export function taskStateOf(condition: InstanceCondition): string | undefined {
  switch (condition) {
    case 'Scheduled':
      return undefined;
    case 'Provisioned':
    case 'Staging':
      return 'TASK_STAGING';
    case 'Starting':
      return 'TASK_STARTING';
    case 'Running':
      return 'TASK_RUNNING';
    case 'Killing':
      return 'TASK_KILLING';
    case 'Unreachable':
    case 'UnreachableInactive':
      return 'TASK_UNREACHABLE';
    case 'Finished':
      return 'TASK_FINISHED';
    case 'Failed':
      return 'TASK_FAILED';
    case 'Killed':
      return 'TASK_KILLED';
    case 'Error':
      return 'TASK_ERROR';
    case 'Gone':
      return 'TASK_GONE';
    case 'Dropped':
      return 'TASK_DROPPED';
    case 'Unknown':
      return 'TASK_UNKNOWN';
  }
}

/** Whether the instance has a task to show (placed and launched). */
export function hasTask(instance: Instance): boolean {
  return instance.taskId !== undefined && instance.agent !== undefined && taskStateOf(instance.condition) !== undefined;
}

/** The instance's task as `/v2/tasks` shows it; undefined when it has none. */
export function taskJson(instance: Instance, app: AppDefinition | undefined): TaskJson | undefined {
  const state = taskStateOf(instance.condition);
  if (state === undefined || instance.taskId === undefined || instance.agent === undefined) return undefined;
  const healthResults: HealthCheckResultJson[] =
    instance.healthy === undefined || app === undefined || app.healthChecks.length === 0
      ? []
      : [
          {
            alive: instance.healthy,
            consecutiveFailures: instance.healthy ? 0 : 1,
            firstSuccess: null,
            lastFailure: null,
            lastSuccess: null,
            lastFailureCause: null,
            instanceId: instance.instanceId,
          },
        ];
  return {
    id: instance.taskId,
    appId: instance.appId,
    host: instance.agent.hostname,
    slaveId: instance.agent.agentId,
    ports: [...instance.hostPorts],
    servicePorts: app === undefined ? [] : app.portDefinitions.map((definition) => definition.port),
    state,
    stagedAt: instance.stagedAtMs === undefined ? null : isoTime(instance.stagedAtMs),
    startedAt: instance.startedAtMs === undefined ? null : isoTime(instance.startedAtMs),
    version: instance.appVersion,
    healthCheckResults: healthResults,
    ipAddresses: [],
  };
}

/** Whether the instance counts as healthy for its app (healthy, or running without health checks). */
export function isHealthyInstance(instance: Instance, app: AppDefinition | undefined): boolean {
  if (instance.condition !== 'Running') return false;
  return app === undefined || app.healthChecks.length === 0 ? true : instance.healthy === true;
}

export interface AppCounts {
  readonly tasksStaged: number;
  readonly tasksRunning: number;
  readonly tasksHealthy: number;
  readonly tasksUnhealthy: number;
}

/** Marathon's counts: healthy and unhealthy count only for apps with health checks. */
export function appCounts(app: AppDefinition, instances: readonly Instance[]): AppCounts {
  let tasksStaged = 0;
  let tasksRunning = 0;
  let tasksHealthy = 0;
  let tasksUnhealthy = 0;
  const checked = app.healthChecks.length > 0;
  for (const instance of instances) {
    const state = taskStateOf(instance.condition);
    if (state === 'TASK_STAGING' || state === 'TASK_STARTING') tasksStaged += 1;
    if (state === 'TASK_RUNNING' || state === 'TASK_KILLING') tasksRunning += 1;
    if (checked && instance.condition === 'Running' && instance.healthy === true) tasksHealthy += 1;
    if (checked && instance.healthy === false && hasTask(instance)) tasksUnhealthy += 1;
  }
  return { tasksStaged, tasksRunning, tasksHealthy, tasksUnhealthy };
}

/** Whether `embed` asks for `what` (accepting Marathon's "app." and "apps." prefixes). */
export function embeds(embed: EmbedOption | undefined, what: string): boolean {
  return (embed ?? []).some((value) => value.replace(/^apps?\./, '') === what);
}

export interface AppStatusInput {
  readonly app: AppDefinition;
  readonly instances: readonly Instance[];
  /** Ids of the running deployments that touch the app. */
  readonly deploymentIds: readonly string[];
  readonly lastTaskFailure: LastTaskFailureJson | undefined;
  readonly embed: EmbedOption | undefined;
  /** true for `GET /v2/apps/{id}`, which always shows tasks and lastTaskFailure, as Marathon. */
  readonly single: boolean;
}

/** An app with its status, as `GET /v2/apps` and `GET /v2/apps/{id}` show it. */
export function appStatusJson(input: AppStatusInput): AppStatusJson {
  const { app, instances } = input;
  const withTasks = input.single || embeds(input.embed, 'tasks');
  const withFailure = input.single || embeds(input.embed, 'lastTaskFailure');
  const tasks = withTasks
    ? instances.flatMap((instance) => {
        const task = taskJson(instance, app);
        return task === undefined ? [] : [task];
      })
    : undefined;
  return {
    ...appToJson(app),
    ...appCounts(app, instances),
    deployments: input.deploymentIds.map((id) => ({ id })),
    ...(tasks === undefined ? {} : { tasks }),
    ...(withFailure ? { lastTaskFailure: input.lastTaskFailure ?? null } : {}),
  };
}

/** One action of a plan as deployments and deployment events name it: `{action, app}`. */
export function actionJson(action: Deployment['plan']['steps'][number]['actions'][number]): DeploymentActionJson {
  return { action: action.action, app: action.app.id };
}

/** A running deployment as `GET /v2/deployments` shows it. */
export function deploymentJson(deployment: Deployment): DeploymentJson {
  const { plan } = deployment;
  const current = plan.steps[deployment.currentStep];
  return {
    id: plan.id,
    version: plan.version,
    affectedApps: [...plan.affectedAppIds],
    affectedPods: [],
    steps: plan.steps.map((step) => ({ actions: step.actions.map(actionJson) })),
    currentActions: (current?.actions ?? []).map((action) => ({ ...actionJson(action), readinessCheckResults: [] })),
    currentStep: Math.min(deployment.currentStep + 1, plan.steps.length),
    totalSteps: plan.steps.length,
  };
}
