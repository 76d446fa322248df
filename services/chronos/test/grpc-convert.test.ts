import { decodeMessage, encodeMessage, type v1 } from '@tessera/proto';
import { describe, expect, it } from 'vitest';
import type { JobStatsJson, JobStatusJson, RunJson } from '../src/api.js';
import { JOB_DEFAULTS, jobToJson, parseJob, type JobDefinition } from '../src/core/index.js';
import {
  graphToProto,
  jobFromProto,
  jobStatsToProto,
  jobStatusToProto,
  jobToProto,
  runEventToProto,
  runToProto,
} from '../src/grpc/convert.js';

/** The message as a server receives it: through the wire codec, defaults filled in (the runtime's options). */
function received<T>(typeName: string, message: object): T {
  return decodeMessage<T>(typeName, encodeMessage(typeName, message));
}
const receivedJob = (job: v1.Job): v1.Job__Output => received('tessera.v1.Job', job);

const ZERO_COUNTERS = { successCount: 0, errorCount: 0, lastSuccessAtMs: undefined, lastErrorAtMs: undefined };

/** The validation path behind ChronosApi.putJob (Chronos's defaults). */
function parsed(json: unknown): JobDefinition {
  const result = parseJob(json, { defaults: JOB_DEFAULTS });
  if (!result.ok) expect.fail(result.problems.map((problem) => problem.message).join('; '));
  return result.job;
}

/** Proto → Chronos JSON → the validation path → Chronos JSON → proto, as through the service and back. */
function roundTrip(job: v1.Job): v1.Job__Output {
  return receivedJob(jobToProto(jobToJson(parsed(jobFromProto(receivedJob(job))), { counters: ZERO_COUNTERS })));
}

/** An ISO 8601 job with every field set to something other than its default. */
const fullJob: v1.Job = {
  name: 'nightly build#1',
  description: 'Builds everything',
  owner: 'builds@example.org',
  ownerName: 'Build team',
  command: '/usr/local/bin/build',
  shell: false,
  arguments: ['--all', '--fast'],
  schedule: 'R5/2026-12-03T02:00:00.000+01:00/P1D',
  scheduleTimeZone: 'Europe/Paris',
  epsilon: 'PT5M',
  retries: 4,
  disabled: true,
  concurrencyPolicy: 'CONCURRENCY_POLICY_REPLACE',
  softError: true,
  highPriority: true,
  cpus: 0.5,
  mem: 512,
  disk: 1024,
  environmentVariables: { MODE: 'nightly', TARGET: 'all' },
  fetch: [
    { uri: 'https://artifacts.example.org/build.tgz', executable: false, extract: true, cache: true },
    { uri: 'https://artifacts.example.org/run.sh', executable: true, extract: false, cache: false },
  ],
  runAsUser: 'builder',
  constraints: [
    { field: 'rack', operator: 'EQUALS', value: 'rack-1' },
    { field: 'hostname', operator: 'UNIQUE', value: '' },
    { field: 'zone', operator: 'LIKE', value: 'eu-.*' },
  ],
};

describe('jobFromProto: only what the message sets', () => {
  it('a job of a name, a command and a cron expression is exactly those fields: the rest is absent, so defaults apply', () => {
    const json = jobFromProto(receivedJob({ name: 'hourly', command: 'date', cron: '0 * * * *' }));
    expect(json).toEqual({ name: 'hourly', command: 'date', cron: '0 * * * *' });
    expect(parsed(json)).toMatchObject({
      shell: true,
      retries: 2,
      cpus: 0.1,
      memMb: 128,
      diskMb: 256,
      concurrencyPolicy: 'ALLOW',
      epsilonMs: 900_000,
    });
  });

  it('an empty message is a name of "" (for the validation to refuse on "name"), nothing else', () => {
    expect(jobFromProto(receivedJob({}))).toEqual({ name: '' });
  });

  it('an enum number this build does not know is passed on, for the validation to refuse on its field', () => {
    // Found by the fuzz suite: Job{concurrency_policy: 4} on the wire was an INTERNAL error ("policy.slice is not a function").
    const json = jobFromProto(decodeMessage('tessera.v1.Job', Buffer.from([0x0a, 0x01, 0x6a, 0x88, 0x01, 0x04])));
    expect(json).toEqual({ name: 'j', concurrencyPolicy: 4 });
    const parsed = parseJob(
      { ...json, command: 'true', schedule: 'R/2030-01-01T00:00:00Z/PT1H' },
      { defaults: JOB_DEFAULTS },
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.field)).toContain('concurrencyPolicy');
  });

  it('every field, with Chronos’s names: timezone, environment as a list, constraints without an empty value', () => {
    expect(jobFromProto(receivedJob(fullJob))).toEqual({
      name: 'nightly build#1',
      description: 'Builds everything',
      owner: 'builds@example.org',
      ownerName: 'Build team',
      command: '/usr/local/bin/build',
      shell: false,
      arguments: ['--all', '--fast'],
      schedule: 'R5/2026-12-03T02:00:00.000+01:00/P1D',
      scheduleTimeZone: 'Europe/Paris',
      epsilon: 'PT5M',
      retries: 4,
      disabled: true,
      concurrencyPolicy: 'REPLACE',
      softError: true,
      highPriority: true,
      cpus: 0.5,
      mem: 512,
      disk: 1024,
      environmentVariables: [
        { name: 'MODE', value: 'nightly' },
        { name: 'TARGET', value: 'all' },
      ],
      fetch: [
        { uri: 'https://artifacts.example.org/build.tgz', extract: true, cache: true },
        { uri: 'https://artifacts.example.org/run.sh', executable: true },
      ],
      runAsUser: 'builder',
      constraints: [
        ['rack', 'EQUALS', 'rack-1'],
        ['hostname', 'UNIQUE'],
        ['zone', 'LIKE', 'eu-.*'],
      ],
    });
  });

  it('sends the optional fields set to their zero values (shell false, retries 0, cpus 0) and a cron job’s zone and deadline', () => {
    const json = jobFromProto(
      receivedJob({
        name: 'c',
        command: 'x',
        shell: false,
        retries: 0,
        cpus: 0,
        cron: '*/5 * * * *',
        cronTimeZone: 'America/New_York',
        startingDeadlineSeconds: 30,
      }),
    );
    expect(json).toEqual({
      name: 'c',
      command: 'x',
      shell: false,
      retries: 0,
      cpus: 0,
      cron: '*/5 * * * *',
      timezone: 'America/New_York',
      startingDeadlineSeconds: 30,
    });
  });
});

describe('round trips: message → JSON → the validation path → JSON → message', () => {
  it.each<[string, v1.Job]>([
    ['an ISO 8601 job with every field set', fullJob],
    ['a bare ISO 8601 job', { name: 'a', command: 'true', schedule: 'R/2026-12-03T00:00:00.000Z/PT1H' }],
    [
      'a cron job with its zone and deadline',
      {
        name: 'hourly',
        command: 'date',
        cron: '0 * * * *',
        cronTimeZone: 'Europe/Paris',
        startingDeadlineSeconds: 120,
        concurrencyPolicy: 'CONCURRENCY_POLICY_FORBID',
      },
    ],
    ['a dependent job', { name: 'child', command: 'true', parents: ['a', 'nightly build#1'], epsilon: 'PT30S' }],
  ])('%s comes back as sent, every field set', (_name, job) => {
    const back = roundTrip(job);
    // Every field the message sent comes back the same…
    expect(back).toMatchObject(job as object);
    // …and reading it back once more changes nothing.
    expect(roundTrip(back)).toEqual(back);
  });

  it('a listed job posted back through the door is the same job (JSON → message → JSON)', () => {
    for (const json of [
      { name: 'n', command: 'c', schedule: 'R3/2026-12-03T00:00:00.000Z/P1W', scheduleTimeZone: 'Asia/Tokyo' },
      { name: 'm', command: 'c', cron: '5 4 * * 1', retries: 0, mem: 64, fetch: [{ uri: 'https://e.org/a.zip' }] },
      { name: 'd', command: 'c', parents: ['n'], constraints: [['rack', 'UNLIKE', 'r-9']] },
    ]) {
      const definition = parsed(json);
      const listed = jobToJson(definition, { counters: ZERO_COUNTERS });
      expect(parsed(jobFromProto(receivedJob(jobToProto(listed))))).toEqual(definition);
    }
  });
});

describe('answers: every field set', () => {
  const listed = (json: unknown, extra: Partial<JobStatusJson> = {}): JobStatusJson => ({
    ...jobToJson(parsed(json), {
      counters: {
        successCount: 7,
        errorCount: 2,
        lastSuccessAtMs: Date.parse('2026-12-01T02:00:00Z'),
        lastErrorAtMs: undefined,
      },
    }),
    nextRun: '2026-12-03T01:00:00.000Z',
    activeRuns: 1,
    ...extra,
  });

  it('a job status: the job with defaults written out, the counters, the next run, recurrences left of Rn', () => {
    const status = jobStatusToProto(listed({ name: 'r', command: 'c', schedule: 'R4/2026-12-03T01:00:00.000Z/PT1H' }));
    expect(status).toEqual({
      job: {
        name: 'r',
        description: '',
        owner: '',
        ownerName: '',
        command: 'c',
        shell: true,
        arguments: [],
        schedule: 'R4/2026-12-03T01:00:00.000Z/PT1H',
        scheduleTimeZone: '',
        cron: '',
        cronTimeZone: '',
        parents: [],
        epsilon: 'PT1M',
        retries: 2,
        disabled: false,
        concurrencyPolicy: 'CONCURRENCY_POLICY_FORBID',
        softError: false,
        highPriority: false,
        cpus: 0.1,
        mem: 128,
        disk: 256,
        environmentVariables: {},
        fetch: [],
        runAsUser: '',
        constraints: [],
      },
      successCount: 7,
      errorCount: 2,
      lastSuccess: '2026-12-01T02:00:00.000Z',
      lastError: '',
      nextRun: '2026-12-03T01:00:00.000Z',
      recurrencesLeft: 4,
      activeRuns: 1,
    });
    // It survives the wire as it is.
    expect(received<v1.JobStatus__Output>('tessera.v1.JobStatus', status)).toMatchObject(status);
  });

  it.each([
    ['"R/…" (forever)', { name: 'f', command: 'c', schedule: 'R/2026-12-03T01:00:00.000Z/PT1H' }],
    ['a cron job', { name: 'k', command: 'c', cron: '* * * * *' }],
    ['a dependent job', { name: 'd', command: 'c', parents: ['f'] }],
  ])('no recurrences left for %s', (_name, json) => {
    expect(jobStatusToProto(listed(json))).not.toHaveProperty('recurrencesLeft');
  });

  it('a cron job answers its zone and deadline', () => {
    const job = jobToProto(listed({ name: 'k', command: 'c', cron: '0 3 * * *', timezone: 'Europe/Paris' }));
    expect(job).toMatchObject({
      cron: '0 3 * * *',
      cronTimeZone: 'Europe/Paris',
      startingDeadlineSeconds: 900,
      epsilon: 'PT15M',
      concurrencyPolicy: 'CONCURRENCY_POLICY_ALLOW',
    });
  });

  const fullRun: RunJson = {
    job: 'r',
    scheduledAt: '2026-12-02T09:00:00.000Z',
    cause: 'dependency',
    state: 'Failed',
    recordedAt: '2026-12-02T09:00:00.100Z',
    skipReason: '',
    skippedCount: 0,
    lastSkippedAt: '',
    arguments: ['-v'],
    latenessMs: 1500,
    attempts: [
      {
        attempt: 1,
        taskId: 'ct:1:0:r',
        launchedAt: '2026-12-02T09:00:00.200Z',
        startedAt: '2026-12-02T09:00:01.500Z',
        endedAt: '2026-12-02T09:00:09.000Z',
        taskState: 'TASK_FAILED',
        exitCode: 0,
        agentId: 'agent-1',
        hostname: 'host-1',
        message: 'exited',
      },
      {
        attempt: 2,
        taskId: 'ct:1:1:r',
        launchedAt: '2026-12-02T09:00:10.000Z',
        startedAt: '',
        endedAt: '2026-12-02T09:00:11.000Z',
        taskState: 'TASK_LOST',
        exitCode: null,
        agentId: '',
        hostname: '',
        message: '',
      },
    ],
  };

  it('a run: cause and state as the enums, an exit code of 0 kept and none left unset', () => {
    const message = received<v1.Run__Output>('tessera.v1.Run', runToProto(fullRun));
    expect(message).toMatchObject({
      job: 'r',
      cause: 'RUN_CAUSE_DEPENDENCY',
      state: 'RUN_STATE_FAILED',
      arguments: ['-v'],
      skippedCount: 0,
    });
    expect(message.attempts[0]).toMatchObject({ attempt: 1, exitCode: 0, taskState: 'TASK_FAILED' });
    expect(message.attempts[1]?.exitCode).toBeUndefined();
    expect(message.attempts[1]).toMatchObject({ attempt: 2, startedAt: '', taskState: 'TASK_LOST' });
  });

  it.each([
    ['schedule', 'RUN_CAUSE_SCHEDULE'],
    ['manual', 'RUN_CAUSE_MANUAL'],
    ['dependency', 'RUN_CAUSE_DEPENDENCY'],
  ] as const)('cause %s → %s', (cause, expected) => {
    expect(runToProto({ ...fullRun, cause }).cause).toBe(expected);
  });

  it.each([
    ['Due', 'RUN_STATE_DUE'],
    ['Launched', 'RUN_STATE_LAUNCHED'],
    ['Running', 'RUN_STATE_RUNNING'],
    ['Succeeded', 'RUN_STATE_SUCCEEDED'],
    ['Failed', 'RUN_STATE_FAILED'],
    ['Skipped', 'RUN_STATE_SKIPPED'],
    ['Killed', 'RUN_STATE_KILLED'],
  ] as const)('state %s → %s', (state, expected) => {
    expect(runToProto({ ...fullRun, state }).state).toBe(expected);
  });

  it('a run event: its type, run and time', () => {
    expect(runEventToProto({ type: 'failed', run: fullRun, timestamp: '2026-12-02T09:00:11.000Z' })).toEqual({
      type: 'failed',
      run: runToProto(fullRun),
      timestamp: '2026-12-02T09:00:11.000Z',
    });
  });

  it('job statistics: the counts, durations (Chronos’s histogram) and lateness as percentiles', () => {
    const percentiles = (base: number) => ({
      count: 3,
      median: base,
      mean: base + 0.5,
      '75thPercentile': base + 1,
      '95thPercentile': base + 2,
      '98thPercentile': base + 3,
      '99thPercentile': base + 4,
      max: base + 5,
    });
    const stats: JobStatsJson = {
      histogram: percentiles(10),
      lateness: percentiles(1),
      successCount: 2,
      errorCount: 1,
      skippedCount: 4,
      taskStatHistory: [fullRun],
    };
    expect(jobStatsToProto('r', stats)).toEqual({
      job: 'r',
      successCount: 2,
      errorCount: 1,
      skippedCount: 4,
      durationSeconds: { count: 3, median: 10, p75: 11, p95: 12, p98: 13, p99: 14, max: 15 },
      latenessSeconds: { count: 3, median: 1, p75: 2, p95: 3, p98: 4, p99: 5, max: 6 },
    });
  });

  it('the graph: nodes and edges', () => {
    expect(
      graphToProto({
        nodes: [
          { name: 'a', lastStatus: 'success', state: 'idle' },
          { name: 'b', lastStatus: 'fresh', state: '1 running' },
        ],
        edges: [{ parent: 'a', child: 'b' }],
        dot: 'digraph G {\n}\n',
        csv: '',
      }),
    ).toEqual({
      nodes: [
        { name: 'a', lastStatus: 'success', state: 'idle' },
        { name: 'b', lastStatus: 'fresh', state: '1 running' },
      ],
      edges: [{ parent: 'a', child: 'b' }],
    });
  });
});
