/**
 * Task status updates as Marathon's core sees them, and Marathon's mapping of
 * Tessera's task states to instance conditions.
 */
import type { TaskState } from '@tessera/domain';
import type { InstanceCondition } from './model.js';

/**
 * One TaskStatus from the master, in domain form (the shell converts the proto
 * once). Updates come at least once: the same update may arrive again.
 */
export interface TaskStatusUpdate {
  readonly taskId: string;
  readonly state: TaskState;
  /** TaskStatus.Reason as on the wire ("REASON_AGENT_DISCONNECTED"); "REASON_UNSPECIFIED" when none. */
  readonly reason: string;
  readonly message: string;
  /** "" when not known. */
  readonly agentId: string;
  /** TaskStatus.has_healthy / healthy: undefined while the task has no health result (or no health check). */
  readonly healthy: boolean | undefined;
}

/**
 * Reasons with which a TASK_LOST means the task may come back (Marathon's
 * TaskConditionMapping: the agent is away, or the master answered a
 * reconciliation and the original reason is unknown).
 */
const LOST_UNREACHABLE_REASONS: ReadonlySet<string> = new Set([
  'REASON_RECONCILIATION',
  'REASON_AGENT_DISCONNECTED',
  'REASON_AGENT_REMOVED',
]);

/**
 * Marathon's condition for a task state. TASK_LOST (sent only to frameworks
 * that are not partition-aware) is refined by its reason: Unreachable when the
 * task may come back, Unknown when the master does not know it, Gone otherwise.
 * TASK_GONE_BY_OPERATOR is Gone, as in Marathon.
 */
export function conditionOf(state: TaskState, reason: string): InstanceCondition {
  switch (state) {
    case 'TASK_STAGING':
      return 'Staging';
    case 'TASK_STARTING':
      return 'Starting';
    case 'TASK_RUNNING':
      return 'Running';
    case 'TASK_KILLING':
      return 'Killing';
    case 'TASK_FINISHED':
      return 'Finished';
    case 'TASK_FAILED':
      return 'Failed';
    case 'TASK_KILLED':
      return 'Killed';
    case 'TASK_ERROR':
      return 'Error';
    case 'TASK_DROPPED':
      return 'Dropped';
    case 'TASK_UNREACHABLE':
      return 'Unreachable';
    case 'TASK_GONE':
    case 'TASK_GONE_BY_OPERATOR':
      return 'Gone';
    case 'TASK_UNKNOWN':
      return 'Unknown';
    case 'TASK_LOST':
      if (LOST_UNREACHABLE_REASONS.has(reason)) return 'Unreachable';
      return reason === 'REASON_TASK_UNKNOWN' ? 'Unknown' : 'Gone';
  }
}

const TERMINAL_CONDITIONS: ReadonlySet<InstanceCondition> = new Set<InstanceCondition>([
  'Finished',
  'Failed',
  'Killed',
  'Error',
  'Gone',
  'Dropped',
  'Unknown',
]);

/** The instance's task has ended (or, for Unknown, is not known to the master): it holds nothing any more. */
export function isTerminalCondition(condition: InstanceCondition): boolean {
  return TERMINAL_CONDITIONS.has(condition);
}

/** Unreachable or UnreachableInactive: the task may or may not still run. */
export function isUnreachableCondition(condition: InstanceCondition): boolean {
  return condition === 'Unreachable' || condition === 'UnreachableInactive';
}

/**
 * The instance holds (or may hold) a place on its agent: launched and not
 * ended. UnreachableInactive is not active: it has been replaced, and it does
 * not count for the app's placement constraints.
 */
export function isActiveCondition(condition: InstanceCondition): boolean {
  return (
    condition === 'Provisioned' ||
    condition === 'Staging' ||
    condition === 'Starting' ||
    condition === 'Running' ||
    condition === 'Killing' ||
    condition === 'Unreachable'
  );
}

/**
 * Whether a task in this state may be alive and is not being killed already —
 * the states in which a task that is not ours (or not current) is worth a kill.
 * An unreachable task is not: the kill could not reach it, and it is killed
 * when it reports again.
 */
export function mayBeAlive(state: TaskState): boolean {
  return state === 'TASK_STAGING' || state === 'TASK_STARTING' || state === 'TASK_RUNNING';
}
