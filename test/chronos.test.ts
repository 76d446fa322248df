import { decodeMessage, type v1 } from '@tessera/proto';
import { waitFor } from '@tessera/testkit';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChronosProcess, type RunView } from './support/chronos.js';
import { Cluster } from './support/cluster.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const succeeded = (runs: readonly RunView[]): RunView[] => runs.filter((run) => run.state === 'Succeeded');

describe('Chronos end to end: scheduled, dependent and failing jobs with real processes', () => {
  let cluster: Cluster;
  let chronos: ChronosProcess;
  let nats: NatsConnection;
  const facts: { subject: string; event: v1.RunEvent__Output }[] = [];
  /** The cron job's first run is at the next whole minute; it is added first and checked last. */
  let cronAddedAtMs = 0;

  beforeAll(async () => {
    cluster = await Cluster.start({ leaderLeaseMs: 5000 });
    nats = await connect({ servers: cluster.nats.url });
    nats.subscribe('tessera.chronos.run.>', {
      callback: (_error, message) =>
        facts.push({
          subject: message.subject,
          event: decodeMessage<v1.RunEvent__Output>('tessera.v1.RunEvent', message.data),
        }),
    });
    chronos = await ChronosProcess.start(cluster);
    cronAddedAtMs = Date.now();
    await chronos.addJob('cron', {
      name: 'every minute in Kolkata',
      command: 'true',
      cron: '* * * * *',
      timezone: 'Asia/Kolkata',
      cpus: 0.1,
      mem: 32,
    });
  });

  afterAll(async () => {
    await nats?.close();
    await chronos?.stop();
    await cluster?.stop();
  });

  it('a job every 2 s runs 5 times, at its times; its history and stats say so; R5 used up disables it', async () => {
    const startMs = Math.ceil((Date.now() + 2000) / 1000) * 1000;
    await chronos.addJob('iso8601', {
      name: 'every-2s',
      command: 'echo "run $CHRONOS_JOB_RUN_TIME"',
      schedule: `R5/${iso(startMs)}/PT2S`,
      epsilon: 'PT30S',
      // A run that takes longer than 2 s on a loaded machine must not make the next one skipped (FORBID).
      concurrent: true,
      cpus: 0.1,
      mem: 32,
      owner: 'ops@example.com',
    });
    const runs = await chronos.waitRuns('every-2s', (r) => succeeded(r).length === 5, '5 successful runs', 60_000);
    const times = runs.map((run) => Date.parse(run.scheduledAt)).sort((a, b) => a - b);
    expect(times).toEqual([0, 1, 2, 3, 4].map((k) => startMs + k * 2000));
    for (const run of runs) {
      expect(run.cause).toBe('schedule');
      expect(run.attempts).toHaveLength(1);
      expect(run.attempts[0]).toMatchObject({ taskState: 'TASK_FINISHED', exitCode: 0 });
      // Started at its time, give or take a loaded machine.
      expect(run.latenessMs).not.toBeNull();
      expect(run.latenessMs as number).toBeLessThan(5000);
    }
    const job = await chronos.job('every-2s');
    expect(job).toMatchObject({ successCount: 5, errorCount: 0, disabled: true, nextRun: '' });
    const stats = await chronos.rest<Record<string, Record<string, number>>>('GET', '/v1/scheduler/job/stat/every-2s');
    expect(stats.status).toBe(200);
    expect(stats.body['histogram']?.['count']).toBe(5);
    expect(stats.body['lateness']?.['count']).toBe(5);
    // The facts on NATS carry the run's identity.
    await waitFor(
      () =>
        facts.filter((f) => f.subject === 'tessera.chronos.run.succeeded' && f.event.run?.job === 'every-2s').length ===
        5,
      { timeoutMs: 10_000, what: 'five succeeded facts' },
    );
    const fact = facts.find((f) => f.subject === 'tessera.chronos.run.started' && f.event.run?.job === 'every-2s');
    expect(times.map(iso)).toContain(fact?.event.run?.scheduledAt);
  });

  it('a dependent job runs after both parents succeed, not after one, and not when a parent fails', async () => {
    const never = 'R/2099-01-01T00:00:00Z/P1D';
    await chronos.addJob('iso8601', { name: 'parent a', command: 'true', schedule: never, cpus: 0.1, mem: 32 });
    await chronos.addJob('iso8601', {
      name: 'parent-b',
      command: 'test -f "$MARK"',
      schedule: never,
      retries: 0,
      cpus: 0.1,
      mem: 32,
      environmentVariables: [{ name: 'MARK', value: `${cluster.workDir}/parent-b-may-succeed` }],
    });
    await chronos.addJob('dependency', {
      name: 'child',
      command: 'true',
      parents: ['parent a', 'parent-b'],
      cpus: 0.1,
      mem: 32,
    });

    const runNow = async (name: string): Promise<void> => {
      const answer = await chronos.rest('PUT', `/v1/scheduler/job/${encodeURIComponent(name)}`);
      expect(answer.status).toBe(204);
    };
    await runNow('parent a');
    await chronos.waitRuns('parent a', (r) => succeeded(r).length === 1, 'parent a to succeed');
    await runNow('parent-b');
    await chronos.waitRuns('parent-b', (r) => r.some((run) => run.state === 'Failed'), 'parent-b to fail');
    // One parent succeeded, the other failed: the child does not run.
    expect(await chronos.runs('child')).toEqual([]);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${cluster.workDir}/parent-b-may-succeed`, '');
    await runNow('parent-b');
    await chronos.waitRuns('parent-b', (r) => succeeded(r).length === 1, 'parent-b to succeed');
    const childRuns = await chronos.waitRuns('child', (r) => succeeded(r).length === 1, 'the child to run and succeed');
    expect(childRuns.map((run) => run.cause)).toEqual(['dependency']);

    const dot = await chronos.rest<string>('GET', '/v1/scheduler/graph/dot');
    expect(dot.status).toBe(200);
    expect(dot.body).toContain('digraph');
    expect(dot.body).toMatch(/->/);
    const csv = await chronos.rest<string>('GET', '/v1/scheduler/graph/csv');
    expect(csv.body).toContain('link,parent a,child');
    expect(csv.body).toContain('link,parent-b,child');
  });

  it('a failing job is retried `retries` times, then counted as an error', async () => {
    await chronos.addJob('iso8601', {
      name: 'always-fails',
      command: 'exit 3',
      schedule: 'R/2099-01-01T00:00:00Z/P1D',
      retries: 2,
      cpus: 0.1,
      mem: 32,
    });
    expect((await chronos.rest('PUT', '/v1/scheduler/job/always-fails')).status).toBe(204);
    const [run] = await chronos.waitRuns('always-fails', (r) => r[0]?.state === 'Failed', 'the run to fail');
    expect(run?.attempts.map((attempt) => [attempt.attempt, attempt.taskState])).toEqual([
      [1, 'TASK_FAILED'],
      [2, 'TASK_FAILED'],
      [3, 'TASK_FAILED'],
    ]);
    expect(await chronos.job('always-fails')).toMatchObject({ errorCount: 1, successCount: 0 });
    expect((await chronos.job('always-fails'))['lastError']).not.toBe('');
  });

  it('bad input gets 400 naming the problem, and creates nothing', async () => {
    const before = await chronos.rest<unknown[]>('GET', '/v1/scheduler/jobs');
    const cases: [string, unknown, RegExp][] = [
      ['iso8601', { name: 'bad-iso', command: 'true', schedule: 'R/2014-13-10T18:32:00Z/PT1H' }, /schedule/],
      ['cron', { name: 'bad-cron', command: 'true', cron: '61 * * * *' }, /cron/],
      ['dependency', { name: 'orphan', command: 'true', parents: ['no-such-job'] }, /no-such-job/],
      ['dependency', { name: 'parent a', command: 'true', parents: ['child'] }, /cycle/],
      ['iso8601', { name: 'no-command', schedule: 'R//PT1H' }, /command/],
      ['iso8601', { name: 'negative', command: 'true', schedule: 'R//PT1H', cpus: -1 }, /cpus/],
      ['iso8601', '{"name": "broken json"', /JSON|json/],
    ];
    for (const [kind, body, message] of cases) {
      const answer = await chronos.rest<{ status: number; message: string }>('POST', `/v1/scheduler/${kind}`, body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
      expect(answer.body.status).toBe(400);
      expect(answer.body.message).toMatch(message);
      expect(JSON.stringify(answer.body)).not.toMatch(/\n\s+at /);
    }
    // The same jobs (their counters may move: the cron job runs every minute), and 'parent a' is unchanged.
    const names = (answer: { body: unknown[] }) => answer.body.map((job) => (job as { name: string }).name);
    const after = await chronos.rest<unknown[]>('GET', '/v1/scheduler/jobs');
    expect(names(after)).toEqual(names(before));
    expect((await chronos.job('parent a'))['parents']).toBeUndefined();
  });

  it('a cron job with a time zone runs at its instant (the next whole minute)', async () => {
    const expected = Math.floor(cronAddedAtMs / 60_000) * 60_000 + 60_000;
    const runs = await chronos.waitRuns(
      'every minute in Kolkata',
      (r) => r.some((run) => run.scheduledAt === iso(expected) && run.state === 'Succeeded'),
      'the cron job to run at the next minute',
      90_000,
    );
    const run = runs.find((each) => each.scheduledAt === iso(expected));
    expect(run?.latenessMs as number).toBeLessThan(5000);
    // Kolkata is UTC+05:30: a whole minute there is a whole minute in UTC; the next run is the minute after.
    const job = await chronos.job('every minute in Kolkata');
    expect(Date.parse(String(job['nextRun'])) % 60_000).toBe(0);
    expect(job).toMatchObject({ cron: '* * * * *', timezone: 'Asia/Kolkata' });
  });
});
