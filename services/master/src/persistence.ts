import { decodeMessage, encodeMessage, type v1 } from '@tessera/proto';
import type { Fence, StateStore, StoreWrite } from '@tessera/store';

/** Store collections of the master's registry. Values are tessera.v1 protobuf messages. */
export const COLLECTIONS = {
  agents: 'master.agents',
  frameworks: 'master.frameworks',
  tasks: 'master.tasks',
  quotas: 'master.quotas',
  weights: 'master.weights',
  policies: 'master.policies',
} as const;

const TYPES = {
  agent: 'tessera.v1.AgentState',
  framework: 'tessera.v1.FrameworkState',
  task: 'tessera.v1.TaskRecord',
  quota: 'tessera.v1.Quota',
  weight: 'tessera.v1.WeightInfo',
  policy: 'tessera.v1.RolePolicy',
} as const;

export interface LoadedRegistryProto {
  agents: v1.AgentState__Output[];
  frameworks: v1.FrameworkState__Output[];
  tasks: v1.TaskRecord__Output[];
  quotas: v1.Quota__Output[];
  weights: v1.WeightInfo__Output[];
  policies: v1.RolePolicy__Output[];
}

/**
 * The master's registry in the state store. Every write carries the leader's
 * fence, so a deposed master cannot overwrite its successor's state (the store
 * rejects it with FencedError).
 */
export class RegistryStore {
  constructor(
    private readonly store: StateStore,
    private readonly fence: () => Fence | undefined,
  ) {}

  async load(): Promise<LoadedRegistryProto> {
    const [agents, frameworks, tasks, quotas, weights, policies] = await Promise.all([
      this.store.list(COLLECTIONS.agents),
      this.store.list(COLLECTIONS.frameworks),
      this.store.list(COLLECTIONS.tasks),
      this.store.list(COLLECTIONS.quotas),
      this.store.list(COLLECTIONS.weights),
      this.store.list(COLLECTIONS.policies),
    ]);
    return {
      agents: agents.map((e) => decodeMessage<v1.AgentState__Output>(TYPES.agent, e.value)),
      frameworks: frameworks.map((e) => decodeMessage<v1.FrameworkState__Output>(TYPES.framework, e.value)),
      tasks: tasks.map((e) => decodeMessage<v1.TaskRecord__Output>(TYPES.task, e.value)),
      quotas: quotas.map((e) => decodeMessage<v1.Quota__Output>(TYPES.quota, e.value)),
      weights: weights.map((e) => decodeMessage<v1.WeightInfo__Output>(TYPES.weight, e.value)),
      policies: policies.map((e) => decodeMessage<v1.RolePolicy__Output>(TYPES.policy, e.value)),
    };
  }

  putAgent(id: string, agent: v1.AgentState): StoreWrite {
    return { op: 'put', collection: COLLECTIONS.agents, id, value: encodeMessage(TYPES.agent, agent) };
  }
  putFramework(id: string, framework: v1.FrameworkState): StoreWrite {
    return { op: 'put', collection: COLLECTIONS.frameworks, id, value: encodeMessage(TYPES.framework, framework) };
  }
  deleteFramework(id: string): StoreWrite {
    return { op: 'delete', collection: COLLECTIONS.frameworks, id };
  }
  putTask(key: string, task: v1.TaskRecord): StoreWrite {
    return { op: 'put', collection: COLLECTIONS.tasks, id: key, value: encodeMessage(TYPES.task, task) };
  }
  deleteTask(key: string): StoreWrite {
    return { op: 'delete', collection: COLLECTIONS.tasks, id: key };
  }
  putQuota(quota: v1.Quota): StoreWrite {
    return {
      op: 'put',
      collection: COLLECTIONS.quotas,
      id: quota.role ?? '',
      value: encodeMessage(TYPES.quota, quota),
    };
  }
  deleteQuota(role: string): StoreWrite {
    return { op: 'delete', collection: COLLECTIONS.quotas, id: role };
  }
  putWeight(weight: v1.WeightInfo): StoreWrite {
    return {
      op: 'put',
      collection: COLLECTIONS.weights,
      id: weight.role ?? '',
      value: encodeMessage(TYPES.weight, weight),
    };
  }
  putPolicy(policy: v1.RolePolicy): StoreWrite {
    return {
      op: 'put',
      collection: COLLECTIONS.policies,
      id: policy.role ?? '',
      value: encodeMessage(TYPES.policy, policy),
    };
  }

  private batch: { writes: readonly StoreWrite[]; resolve: () => void; reject: (error: unknown) => void }[] = [];

  /**
   * Applies the writes atomically under the leader's fence. Commits made in the
   * same turn of the event loop are sent as one atomic store commit, in the order
   * they were made (group commit), so they succeed or fail together.
   */
  commit(writes: readonly StoreWrite[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.batch.push({ writes, resolve, reject });
      if (this.batch.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    this.store
      .commit(
        batch.flatMap((entry) => entry.writes),
        this.fence(),
      )
      .then(
        () => batch.forEach((entry) => entry.resolve()),
        (error: unknown) => batch.forEach((entry) => entry.reject(error)),
      );
  }
}
