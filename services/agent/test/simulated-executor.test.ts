import { describe, expect, it } from 'vitest';
import type { ExitOutcome, TaskLaunch } from '../src/core/types.js';
import { SimulatedExecutor } from '../src/executor/simulated-executor.js';
import { LaunchError } from '../src/executor/types.js';
import { flushMicrotasks, ManualTimer } from './helpers.js';

function taskFor(taskId: string, labels: Record<string, string> = {}): TaskLaunch {
  return {
    frameworkId: 'fw',
    taskId,
    command: { shell: true, value: 'ignored', arguments: [] },
    environment: {},
    sandbox: `/nowhere/${taskId}`,
    metaDir: `/nowhere/meta/${taskId}`,
    ports: [],
    labels,
    uris: [],
    killGracePeriodMs: 1_000,
  };
}

describe('SimulatedExecutor', () => {
  it('ends a task after its duration in TASK_FINISHED by default', async () => {
    const timer = new ManualTimer();
    const executor = new SimulatedExecutor(timer);
    const outcomes: ExitOutcome[] = [];
    expect(
      await executor.launch(taskFor('t', { 'tessera.simulated.duration_ms': '500' }), (o) => outcomes.push(o)),
    ).toEqual({ pid: 0 });
    await flushMicrotasks();
    timer.advance(499);
    expect(outcomes).toEqual([]);
    timer.advance(1);
    expect(outcomes).toEqual([
      { exitCode: 0, killed: false, message: 'Command exited with status 0', state: 'TASK_FINISHED' },
    ]);
    expect(executor.size).toBe(0);
  });

  it('ends in the state named by its label', async () => {
    const timer = new ManualTimer();
    const executor = new SimulatedExecutor(timer);
    const outcomes: ExitOutcome[] = [];
    const labels = { 'tessera.simulated.duration_ms': '0', 'tessera.simulated.state': 'TASK_FAILED' };
    await executor.launch(taskFor('t', labels), (o) => outcomes.push(o));
    await flushMicrotasks();
    timer.advance(0);
    expect(outcomes[0]).toMatchObject({ state: 'TASK_FAILED', exitCode: 1 });
  });

  it('runs until killed without a duration', async () => {
    const timer = new ManualTimer();
    const executor = new SimulatedExecutor(timer);
    const outcomes: ExitOutcome[] = [];
    await executor.launch(taskFor('t'), (o) => outcomes.push(o));
    timer.advance(1e9);
    expect(outcomes).toEqual([]);
    await executor.kill('t', 1_000);
    expect(outcomes).toEqual([{ signal: 'SIGTERM', killed: true, message: 'Command terminated with signal SIGTERM' }]);
    await executor.kill('t', 1_000); // idempotent
    expect(outcomes).toHaveLength(1);
  });

  it('rejects malformed labels with LaunchError', async () => {
    const executor = new SimulatedExecutor(new ManualTimer());
    await expect(
      executor.launch(taskFor('a', { 'tessera.simulated.duration_ms': '-1' }), () => undefined),
    ).rejects.toBeInstanceOf(LaunchError);
    await expect(
      executor.launch(taskFor('b', { 'tessera.simulated.state': 'TASK_RUNNING' }), () => undefined),
    ).rejects.toBeInstanceOf(LaunchError);
  });

  it('drives thousands of tasks on a fake clock', async () => {
    const timer = new ManualTimer();
    const executor = new SimulatedExecutor(timer);
    let finished = 0;
    for (let i = 0; i < 5_000; i++) {
      await executor.launch(
        taskFor(`t${i}`, { 'tessera.simulated.duration_ms': String(1_000 + (i % 100)) }),
        () => finished++,
      );
    }
    await flushMicrotasks();
    timer.advance(1_050);
    expect(finished).toBe(2_550); // durations 1000..1050 of each 100: 51 per hundred
    timer.advance(100);
    expect(finished).toBe(5_000);
    expect(timer.size).toBe(0);
  });

  it('shutdown kills every task and refuses new launches', async () => {
    const executor = new SimulatedExecutor(new ManualTimer());
    const outcomes: ExitOutcome[] = [];
    await executor.launch(taskFor('a'), (o) => outcomes.push(o));
    await executor.launch(taskFor('b'), (o) => outcomes.push(o));
    await executor.shutdown();
    expect(outcomes.map((o) => o.killed)).toEqual([true, true]);
    await expect(executor.launch(taskFor('c'), () => undefined)).rejects.toBeInstanceOf(LaunchError);
  });
});
