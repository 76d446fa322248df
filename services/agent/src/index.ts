/**
 * @tessera/agent: one machine's agent — resources, task processes, sandboxes,
 * status updates. `startAgent` runs it in-process (`tessera up`, benchmarks with
 * many simulated agents); `main.ts` is the `tessera-agent` binary.
 */
export * from './core/index.js';
export { Agent, AGENT_VERSION, type AgentOptions, type AgentStats } from './agent.js';
export { agentApiImplementation, agentStateResponse } from './api/agent-service.js';
export { agentConfigSchema, type AgentConfig, type AgentConfigInput } from './config.js';
export * from './errors.js';
export { detectMachineFacts, readBootId } from './detect.js';
export { ProcessExecutor, type ProcessExecutorOptions } from './executor/process-executor.js';
export { DirectSpawner, ForkServerSpawner, type Spawner } from './executor/spawner.js';
export { SimulatedExecutor, SIMULATED_DURATION_LABEL, SIMULATED_STATE_LABEL } from './executor/simulated-executor.js';
export { FetchError, LaunchError, realTimer, type Executor, type Timer } from './executor/types.js';
export { Fetcher, DEFAULT_FETCH_CACHE_BYTES, type FetcherOptions } from './executor/fetcher.js';
export { HealthChecker, type HealthCheckerOptions } from './health-checker.js';
export { taskEnvironment } from './executor/environment.js';
export { CgroupsV1Isolator, cgroupsV1Available, type CgroupsV1Options } from './isolation/cgroups-v1-isolator.js';
export { PosixIsolator, type PosixIsolatorOptions } from './isolation/posix-isolator.js';
export { IsolationUnavailableError, selectIsolator, type IsolationSetting } from './isolation/select-isolator.js';
export type * from './isolation/types.js';
export { MAX_READ_BYTES, listSandbox, readSandboxFile, type SandboxEntry } from './sandbox-files.js';

export * from './server.js';
