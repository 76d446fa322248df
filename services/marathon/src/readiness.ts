/**
 * Readiness checks, run by Marathon itself (as Marathon does): during a
 * deployment, a new instance of an app with a readiness check counts only once
 * its HTTP endpoint answers one of `httpStatusCodesForReady`. The leader probes
 * each such instance every `intervalSeconds` (each probe with
 * `timeoutSeconds`) until it is ready or no longer wanted, and reports the
 * result; the instance tracker records it (`readiness`).
 */
import type { Logger } from '@tessera/runtime';
import type { AppDefinition, Instance } from './core/model.js';

/** One instance's task to probe. */
export interface ReadinessTarget {
  readonly instanceId: string;
  readonly taskId: string;
  readonly url: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly readyStatuses: readonly number[];
}

/** The probe of `instance` of `app` (its first readiness check), or undefined when it has none or no such port. */
export function readinessTarget(app: AppDefinition, instance: Instance): ReadinessTarget | undefined {
  const check = app.readinessChecks[0];
  if (check === undefined || instance.taskId === undefined || instance.agent === undefined) return undefined;
  const index = app.portDefinitions.findIndex((definition) => definition.name === check.portName);
  const port = instance.hostPorts[index];
  if (port === undefined) return undefined;
  const path = check.path.startsWith('/') ? check.path : `/${check.path}`;
  return {
    instanceId: instance.instanceId,
    taskId: instance.taskId,
    url: `${check.protocol.toLowerCase()}://${instance.agent.hostname}:${port}${path}`,
    intervalMs: check.intervalSeconds * 1000,
    timeoutMs: check.timeoutSeconds * 1000,
    readyStatuses: check.httpStatusCodesForReady,
  };
}

export class ReadinessProbes {
  private readonly probing = new Map<string, { readonly target: ReadinessTarget; timer: NodeJS.Timeout | undefined }>();
  private stopped = false;

  constructor(
    private readonly onReady: (instanceId: string, taskId: string) => void,
    private readonly logger: Logger,
  ) {}

  /** Probes exactly `targets` from now on: new ones start at once, those no longer listed stop. */
  sync(targets: readonly ReadinessTarget[]): void {
    if (this.stopped) return;
    const wanted = new Map(targets.map((target) => [target.taskId, target]));
    for (const [taskId, probe] of this.probing) {
      if (wanted.has(taskId)) continue;
      clearTimeout(probe.timer);
      this.probing.delete(taskId);
    }
    for (const [taskId, target] of wanted) {
      if (this.probing.has(taskId)) continue;
      const probe = { target, timer: undefined as NodeJS.Timeout | undefined };
      this.probing.set(taskId, probe);
      void this.probe(taskId);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const probe of this.probing.values()) clearTimeout(probe.timer);
    this.probing.clear();
  }

  private async probe(taskId: string): Promise<void> {
    const probe = this.probing.get(taskId);
    if (probe === undefined) return;
    const { target } = probe;
    let ready = false;
    try {
      const answer = await fetch(target.url, { signal: AbortSignal.timeout(target.timeoutMs) });
      await answer.body?.cancel();
      ready = target.readyStatuses.includes(answer.status);
    } catch (error) {
      this.logger.debug({ err: error, taskId, url: target.url }, 'readiness probe failed');
    }
    if (this.probing.get(taskId) !== probe) return; // no longer wanted
    if (ready) {
      this.probing.delete(taskId);
      this.onReady(target.instanceId, taskId);
      return;
    }
    probe.timer = setTimeout(() => void this.probe(taskId), target.intervalMs);
    probe.timer.unref();
  }
}
