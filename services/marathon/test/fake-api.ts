/**
 * A MarathonApi that does nothing: it records every call (operation and
 * arguments) and answers what the test set with `answer` (or throws what it
 * set with `fail`), else a default. For testing the front doors, which only
 * translate.
 */
import type { DeploymentResultJson, MarathonApi, TaskJson } from '../src/api.js';
import { appToJson, type AppJson } from '../src/core/app-definition.js';
import type { MarathonEventJson } from '../src/events.js';
import { app } from './fixtures.js';

type Operation = Exclude<keyof MarathonApi, 'subscribe'>;
type AnswerOf<K extends Operation> = Awaited<ReturnType<MarathonApi[K]>>;

export interface RecordedCall {
  readonly operation: Operation;
  readonly args: readonly unknown[];
}

export const DEPLOYMENT: DeploymentResultJson = { deploymentId: 'd-1', version: '2026-12-02T10:00:00.000Z' };

/** `/prod/web` with two service ports (10000, 10001). */
export const WEB_APP: AppJson = appToJson(
  app({
    id: '/prod/web',
    cmd: 'python3 -m http.server $PORT0',
    instances: 2,
    portDefinitions: [{ port: 10000 }, { port: 10001 }],
  }),
);

export function task(overrides: Partial<TaskJson> = {}): TaskJson {
  return {
    id: 'prod_web.instance-1._app.1',
    appId: '/prod/web',
    host: 'agent-1.example',
    slaveId: 'agent-1',
    ports: [31000, 31001],
    servicePorts: [10000, 10001],
    state: 'TASK_RUNNING',
    stagedAt: '2026-12-02T10:00:00.000Z',
    startedAt: '2026-12-02T10:00:01.000Z',
    version: '2026-12-02T09:00:00.000Z',
    healthCheckResults: [],
    ipAddresses: [{ ipAddress: '10.0.0.1', protocol: 'IPv4' }],
    ...overrides,
  };
}

const DEFAULTS: { readonly [K in Operation]: () => AnswerOf<K> } = {
  listApps: () => [],
  getApp: () => ({
    ...WEB_APP,
    tasksStaged: 0,
    tasksRunning: 0,
    tasksHealthy: 0,
    tasksUnhealthy: 0,
    deployments: [],
  }),
  createApp: () => ({ app: WEB_APP, ...DEPLOYMENT }),
  updateApp: () => ({ ...DEPLOYMENT, created: false }),
  updateApps: () => DEPLOYMENT,
  deleteApp: () => DEPLOYMENT,
  restartApp: () => DEPLOYMENT,
  listAppVersions: () => ({ versions: [] }),
  getAppVersion: () => WEB_APP,
  rollbackApp: () => DEPLOYMENT,
  listTasks: () => [],
  appTasks: () => [],
  killAppTasks: () => ({ tasks: [] }),
  killAppTask: () => ({ tasks: [task()] }),
  killTasks: () => ({ tasks: [] }),
  getGroup: () => ({ id: '/', apps: [], groups: [], pods: [], dependencies: [], version: DEPLOYMENT.version }),
  putGroup: () => DEPLOYMENT,
  deleteGroup: () => DEPLOYMENT,
  listDeployments: () => [],
  cancelDeployment: () => DEPLOYMENT,
  queue: () => ({ queue: [] }),
  resetDelay: () => undefined,
  info: () => ({
    name: 'marathon',
    version: '1.10.0-tessera',
    buildref: 'test',
    elected: true,
    leader: 'marathon-1:8080',
    frameworkId: 'fw-1',
    marathon_config: {},
    http_config: {},
  }),
  leader: () => 'marathon-1:8080',
};

export class FakeMarathonApi implements MarathonApi {
  readonly calls: RecordedCall[] = [];
  private readonly answers = new Map<Operation, () => unknown>();
  private readonly listeners = new Set<(event: MarathonEventJson) => void>();

  /** Answers `value` to every later call of `operation`. */
  answer<K extends Operation>(operation: K, value: AnswerOf<K>): this {
    this.answers.set(operation, () => value);
    return this;
  }

  /** Rejects every later call of `operation` with `error`. */
  fail(operation: Operation, error: unknown): this {
    this.answers.set(operation, () => {
      throw error;
    });
    return this;
  }

  /** The arguments of the only call of `operation` (fails the test when there is not exactly one). */
  onlyCall(operation: Operation): readonly unknown[] {
    const calls = this.calls.filter((call) => call.operation === operation);
    if (calls.length !== 1) throw new Error(`expected one call of ${operation}, got ${calls.length}`);
    return calls[0]!.args;
  }

  /** Delivers `event` to every subscriber. */
  emit(event: MarathonEventJson): void {
    for (const listener of this.listeners) listener(event);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  private async call<K extends Operation>(operation: K, args: readonly unknown[]): Promise<AnswerOf<K>> {
    this.calls.push({ operation, args });
    const answer = this.answers.get(operation) ?? DEFAULTS[operation];
    return answer() as AnswerOf<K>;
  }

  listApps: MarathonApi['listApps'] = (...args) => this.call('listApps', args);
  getApp: MarathonApi['getApp'] = (...args) => this.call('getApp', args);
  createApp: MarathonApi['createApp'] = (...args) => this.call('createApp', args);
  updateApp: MarathonApi['updateApp'] = (...args) => this.call('updateApp', args);
  updateApps: MarathonApi['updateApps'] = (...args) => this.call('updateApps', args);
  deleteApp: MarathonApi['deleteApp'] = (...args) => this.call('deleteApp', args);
  restartApp: MarathonApi['restartApp'] = (...args) => this.call('restartApp', args);
  listAppVersions: MarathonApi['listAppVersions'] = (...args) => this.call('listAppVersions', args);
  getAppVersion: MarathonApi['getAppVersion'] = (...args) => this.call('getAppVersion', args);
  rollbackApp: MarathonApi['rollbackApp'] = (...args) => this.call('rollbackApp', args);
  listTasks: MarathonApi['listTasks'] = (...args) => this.call('listTasks', args);
  appTasks: MarathonApi['appTasks'] = (...args) => this.call('appTasks', args);
  killAppTasks: MarathonApi['killAppTasks'] = (...args) => this.call('killAppTasks', args);
  killAppTask: MarathonApi['killAppTask'] = (...args) => this.call('killAppTask', args);
  killTasks: MarathonApi['killTasks'] = (...args) => this.call('killTasks', args);
  getGroup: MarathonApi['getGroup'] = (...args) => this.call('getGroup', args);
  putGroup: MarathonApi['putGroup'] = (...args) => this.call('putGroup', args);
  deleteGroup: MarathonApi['deleteGroup'] = (...args) => this.call('deleteGroup', args);
  listDeployments: MarathonApi['listDeployments'] = (...args) => this.call('listDeployments', args);
  cancelDeployment: MarathonApi['cancelDeployment'] = (...args) => this.call('cancelDeployment', args);
  queue: MarathonApi['queue'] = (...args) => this.call('queue', args);
  resetDelay: MarathonApi['resetDelay'] = (...args) => this.call('resetDelay', args);
  info: MarathonApi['info'] = (...args) => this.call('info', args);
  leader: MarathonApi['leader'] = (...args) => this.call('leader', args);

  subscribe(listener: (event: MarathonEventJson) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
