import type { TaskLaunch } from '../core/types.js';

/** PATH given to tasks when the agent has none. */
export const DEFAULT_TASK_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The environment a task's command sees, built in three layers (later wins):
 *
 * 1. A minimal base — the agent's own environment is NOT inherited (it may hold
 *    the agent's secrets and config): PATH (the agent's PATH, else a default),
 *    HOME = the sandbox (a task has no home of its own; dotfiles it writes stay
 *    in, and are cleaned up with, its sandbox), LANG = C.UTF-8, and USER/LOGNAME
 *    when the task runs as a named user.
 * 2. The task's own environment (CommandInfo.environment), which may override
 *    the base (e.g. its own PATH).
 * 3. What the agent defines, which the task cannot override, so that it can be
 *    trusted: TESSERA_SANDBOX (and MESOS_SANDBOX, for Mesos-era tooling),
 *    TESSERA_TASK_ID, TESSERA_FRAMEWORK_ID, TESSERA_AGENT_ID (when registered),
 *    and for the task's port resources PORT0..PORTn, PORT (= PORT0, as Marathon
 *    sets it) and PORTS (comma-separated).
 */
export function taskEnvironment(
  task: TaskLaunch,
  context: { agentId: string | undefined; path: string | undefined },
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: context.path ?? DEFAULT_TASK_PATH,
    HOME: task.sandbox,
    LANG: 'C.UTF-8',
  };
  if (task.user !== undefined) {
    env.USER = task.user;
    env.LOGNAME = task.user;
  }
  Object.assign(env, task.environment);
  env.TESSERA_SANDBOX = task.sandbox;
  env.MESOS_SANDBOX = task.sandbox;
  env.TESSERA_TASK_ID = task.taskId;
  env.TESSERA_FRAMEWORK_ID = task.frameworkId;
  if (context.agentId !== undefined) env.TESSERA_AGENT_ID = context.agentId;
  task.ports.forEach((port, index) => {
    env[`PORT${index}`] = String(port);
  });
  if (task.ports.length > 0) {
    env.PORT = String(task.ports[0]);
    env.PORTS = task.ports.join(',');
  }
  return env;
}
