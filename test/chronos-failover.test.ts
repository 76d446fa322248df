import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@tessera/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChronosProcess, type RunView } from './support/chronos.js';
import { Cluster } from './support/cluster.js';

const iso = (ms: number): string => new Date(ms).toISOString();

describe('two Chronos processes: kill -9 of the leader loses no scheduled time and runs none twice', () => {
  let cluster: Cluster;
  let first: ChronosProcess;
  let second: ChronosProcess;
  let marks: string;

  beforeAll(async () => {
    cluster = await Cluster.start({ leaderLeaseMs: 5000 });
    // Tasks may run as nobody: a directory every task can write its mark into.
    marks = join(cluster.workDir, 'marks');
    mkdirSync(marks);
    chmodSync(marks, 0o777);
    first = await ChronosProcess.start(cluster, { name: 'chronos-1' });
    second = await ChronosProcess.start(cluster, { name: 'chronos-2', waitLeader: false });
  });

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await cluster?.stop();
  });

  it('a job every second over 30 s across the kill: every time run once or recorded as skipped; dependency state kept', async () => {
    // The follower forwards to the leader.
    const viaFollower = await second.rest<unknown[]>('GET', '/v1/scheduler/jobs');
    expect(viaFollower.status).toBe(200);
    expect(viaFollower.headers.get('x-chronos-leader')).toBe(`http://127.0.0.1:${first.httpPort}`);

    const startMs = Math.ceil((Date.now() + 2000) / 1000) * 1000;
    const windowEndMs = startMs + 30_000;
    await first.addJob('iso8601', {
      name: 'tick',
      // Each run leaves a mark named by its scheduled time: a time run twice would write it twice.
      command: `echo "$CHRONOS_JOB_RUN_TIME" >> ${marks}/ticks`,
      schedule: `R30/${iso(startMs)}/PT1S`,
      epsilon: 'PT3S',
      concurrent: true,
      cpus: 0.1,
      mem: 16,
    });
    // Dependency state that must survive: 'both' needs p and q; p succeeds before the kill.
    const never = 'R/2099-01-01T00:00:00Z/P1D';
    await first.addJob('iso8601', { name: 'p', command: 'true', schedule: never, cpus: 0.1, mem: 16 });
    await first.addJob('iso8601', { name: 'q', command: 'true', schedule: never, cpus: 0.1, mem: 16 });
    await first.addJob('dependency', { name: 'both', command: 'true', parents: ['p', 'q'], cpus: 0.1, mem: 16 });
    expect((await first.rest('PUT', '/v1/scheduler/job/p')).status).toBe(204);
    await first.waitRuns('p', (runs) => runs.some((run) => run.state === 'Succeeded'), 'p to succeed');

    // Some ticks under the first leader, then kill -9 it.
    await first.waitRuns(
      'tick',
      (runs) => runs.filter((run) => run.state === 'Succeeded').length >= 8,
      '8 ticks',
      60_000,
    );
    await first.kill();
    await second.waitLeader(30_000);

    // The dependency state survived: q alone now makes 'both' run.
    expect(await second.runs('both')).toEqual([]);
    expect((await second.rest('PUT', '/v1/scheduler/job/q')).status).toBe(204);
    await second.waitRuns(
      'both',
      (runs) => runs.some((run) => run.state === 'Succeeded'),
      'both to run after q',
      60_000,
    );

    // The whole window recorded: 30 times, each once — run, or counted in a skipped record.
    const runs = await second.waitRuns(
      'tick',
      (all) => {
        const settled = all.filter((run) => run.state === 'Succeeded' || run.state === 'Skipped');
        const covered = settled.reduce((sum, run) => sum + (run.state === 'Skipped' ? run.skippedCount : 1), 0);
        return Date.now() > windowEndMs && covered === 30;
      },
      'every time of the window run or recorded as skipped',
      90_000,
    );
    const covered = new Map<number, number>();
    const add = (ms: number) => covered.set(ms, (covered.get(ms) ?? 0) + 1);
    for (const run of runs) {
      const at = Date.parse(run.scheduledAt);
      if (run.state === 'Skipped') for (let ms = at; ms <= Date.parse(run.lastSkippedAt); ms += 1000) add(ms);
      else add(at);
    }
    const expected = Array.from({ length: 30 }, (_, k) => startMs + k * 1000);
    expect([...covered.keys()].sort((a, b) => a - b)).toEqual(expected);
    expect([...covered.values()].every((count) => count === 1)).toBe(true);
    // Nothing ran twice: one mark per run that succeeded, none for a skipped time.
    await waitFor(() => existsSync(join(marks, 'ticks')), { timeoutMs: 10_000, what: 'the marks file' });
    const lines = readFileSync(join(marks, 'ticks'), 'utf8').trim().split('\n');
    const ran = runs.filter((run: RunView) => run.state === 'Succeeded').map((run) => run.scheduledAt);
    expect([...lines].sort()).toEqual([...ran].sort());
    expect(new Set(lines).size).toBe(lines.length);
    for (const run of runs)
      expect(run.attempts.filter((a) => a.taskState === 'TASK_FINISHED').length).toBeLessThanOrEqual(1);
  });
});
