import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  JOB_DEFAULTS,
  jobToJson,
  MAX_JOB_ENVIRONMENT_VARIABLES,
  MAX_JOB_NAME_LENGTH,
  MAX_JOB_PARENTS,
  MAX_JOB_TEXT_BYTES,
  parseJob,
  type JobCounters,
  type JobDefaults,
  type JobDefinition,
  type JobProblem,
} from '../src/core/index.js';

const options = { defaults: JOB_DEFAULTS };
const NO_COUNTERS: JobCounters = {
  successCount: 0,
  errorCount: 0,
  lastSuccessAtMs: undefined,
  lastErrorAtMs: undefined,
};

function job(json: unknown, parseOptions: { defaults: JobDefaults; createdAtMs?: number } = options): JobDefinition {
  const result = parseJob(json, parseOptions);
  if (!result.ok) return expect.fail(JSON.stringify(result.problems, null, 2));
  return result.job;
}

function problemsOf(json: unknown): readonly JobProblem[] {
  const result = parseJob(json, options);
  if (result.ok) return expect.fail(`accepted: ${JSON.stringify(result.job)}`);
  return result.problems;
}

/** A minimal valid ISO 8601 job; tests spread their fields over it. */
const BASE = { name: 'base', command: 'true', schedule: 'R/2026-01-01T00:00:00Z/PT1H' };

// ------------------------------------------------------------------ Chronos's samples

/** The samples of Chronos's REST API documentation (docs/docs/api.md). */
const SAMPLE_JOB1 = {
  schedule: 'R10/2012-10-01T05:52:00Z/PT2S',
  name: 'SAMPLE_JOB1',
  epsilon: 'PT15M',
  command: "echo 'FOO' >> /tmp/JOB1_OUT",
  owner: 'bob@airbnb.com',
  async: false,
};

const HOSTINGS_EARNINGS_SUMMARY = {
  async: true,
  command: 'bash -x /srv/data-infra/jobs/hive_query.bash run_hive hostings-earnings-summary',
  epsilon: 'PT30M',
  errorCount: 0,
  lastError: '',
  lastSuccess: '2013-03-15T13:02:14.243Z',
  name: 'hostings_earnings_summary',
  owner: 'bob@airbnb.com',
  parents: ['db_export-airbed_hostings', 'db_export-airbed_reservation2s'],
  retries: 2,
  successCount: 100,
};

const CAMUS_KAFKA2HDFS = {
  name: 'camus_kafka2hdfs',
  command: '/srv/data-infra/kafka/camus/kafka_hdfs_job.bash',
  arguments: ['-verbose', '-debug'],
  shell: false,
  epsilon: 'PT30M',
  executor: '',
  executorFlags: '',
  retries: 2,
  owner: 'bofh@your-company.com',
  async: false,
  successCount: 190,
  errorCount: 3,
  lastSuccess: '2014-03-08T16:57:17.507Z',
  lastError: '2014-03-01T00:10:15.957Z',
  cpus: 1.0,
  disk: 10240,
  mem: 1024,
  disabled: false,
  fetch: [{ uri: 'https://url-to-file', cache: false, extract: false, executable: false }],
  schedule: 'R/2014-03-08T20:00:00.000Z/PT2H',
  environmentVariables: [
    { name: 'JVMOPTS', value: '-Xmx1000m' },
    { name: 'JAVA_LIBRARY_PATH', value: '/usr/local/lib' },
  ],
};

const DOCKER_JOB = {
  schedule: 'R/2014-09-25T17:22:00Z/PT2M',
  name: 'dockerjob',
  container: {
    type: 'DOCKER',
    image: 'libmesos/ubuntu',
    network: 'BRIDGE',
    volumes: [{ containerPath: '/var/log/', hostPath: '/logs/', mode: 'RW' }],
  },
  cpus: '0.5',
  mem: '512',
  fetch: [],
  command: 'while sleep 10; do date =u %T; done',
};

describe("parseJob: Chronos's documented samples", () => {
  it('SAMPLE_JOB1: every default applied', () => {
    expect(job(SAMPLE_JOB1)).toEqual({
      name: 'SAMPLE_JOB1',
      description: '',
      owner: 'bob@airbnb.com',
      ownerName: '',
      command: "echo 'FOO' >> /tmp/JOB1_OUT",
      shell: true,
      arguments: [],
      schedule: {
        kind: 'iso8601',
        expression: 'R10/2012-10-01T05:52:00Z/PT2S',
        recurrences: 10,
        startMs: Date.parse('2012-10-01T05:52:00Z'),
        period: 'PT2S',
        timeZone: undefined,
      },
      parents: [],
      epsilonMs: 15 * 60_000, // PT15M
      retries: 2,
      disabled: false,
      concurrencyPolicy: 'FORBID', // concurrent defaults to false
      softError: false,
      highPriority: false,
      cpus: 0.1,
      memMb: 128,
      diskMb: 256,
      environmentVariables: [],
      fetch: [],
      runAsUser: undefined,
      constraints: [],
    } satisfies JobDefinition);
  });

  it('hostings_earnings_summary as documented is refused for async: true alone', () => {
    expect(problemsOf(HOSTINGS_EARNINGS_SUMMARY)).toEqual([
      { field: 'async', message: expect.stringMatching(/^async: asynchronous jobs .* not supported by Tessera/) },
    ]);
  });

  it('hostings_earnings_summary with async false: a dependent job; the counters are ignored', () => {
    const parsed = job({ ...HOSTINGS_EARNINGS_SUMMARY, async: false });
    expect(parsed).toMatchObject({
      name: 'hostings_earnings_summary',
      schedule: undefined,
      parents: ['db_export-airbed_hostings', 'db_export-airbed_reservation2s'],
      epsilonMs: 30 * 60_000,
      retries: 2,
      concurrencyPolicy: 'FORBID',
    });
  });

  it('camus_kafka2hdfs: arguments, fetch, environment variables, resources', () => {
    expect(job(CAMUS_KAFKA2HDFS)).toMatchObject({
      command: '/srv/data-infra/kafka/camus/kafka_hdfs_job.bash',
      shell: false,
      arguments: ['-verbose', '-debug'],
      epsilonMs: 30 * 60_000,
      owner: 'bofh@your-company.com',
      cpus: 1,
      diskMb: 10240,
      memMb: 1024,
      fetch: [{ uri: 'https://url-to-file', executable: false, extract: false, cache: false }],
      environmentVariables: [
        { name: 'JVMOPTS', value: '-Xmx1000m' },
        { name: 'JAVA_LIBRARY_PATH', value: '/usr/local/lib' },
      ],
      schedule: {
        kind: 'iso8601',
        recurrences: undefined,
        startMs: Date.parse('2014-03-08T20:00:00Z'),
        period: 'PT2H',
      },
    });
  });

  it('the docker job is refused naming container only (its string numbers are fine)', () => {
    expect(problemsOf(DOCKER_JOB)).toEqual([
      { field: 'container', message: expect.stringMatching(/^container: Docker containers are not supported/) },
    ]);
    const { container: _container, ...withoutContainer } = DOCKER_JOB;
    expect(job(withoutContainer)).toMatchObject({ cpus: 0.5, memMb: 512, fetch: [] });
  });
});

// ------------------------------------------------------------------ fields and defaults

describe('parseJob: numbers, booleans and defaults', () => {
  it.each([
    // [field, given, job field, expected]
    ['cpus', '0.5', 'cpus', 0.5],
    ['cpus', 2, 'cpus', 2],
    ['cpus', 0, 'cpus', 0.1], // 0: the default
    ['cpus', '0', 'cpus', 0.1],
    ['mem', '512', 'memMb', 512],
    ['mem', ' 1024 ', 'memMb', 1024],
    ['mem', '1e3', 'memMb', 1000],
    ['mem', 0, 'memMb', 128],
    ['disk', '10240', 'diskMb', 10240],
    ['disk', 0, 'diskMb', 256],
    ['retries', '3', 'retries', 3],
    ['retries', 0, 'retries', 0],
    ['shell', 'false', 'shell', false],
    ['disabled', 'true', 'disabled', true],
    ['softError', true, 'softError', true],
    ['highPriority', 'true', 'highPriority', true],
    ['runAsUser', 'batch', 'runAsUser', 'batch'],
    ['runAsUser', '', 'runAsUser', undefined], // "": not given
    ['description', 'nightly', 'description', 'nightly'],
    ['ownerName', 'Bob', 'ownerName', 'Bob'],
    ['cpus', null, 'cpus', 0.1], // null: not given
  ])('%s %j → %s %j', (key, given, jobField, expected) => {
    expect(job({ ...BASE, [key]: given })[jobField as keyof JobDefinition]).toEqual(expected);
  });

  it("a job that gives nothing gets the service's defaults", () => {
    const defaults: JobDefaults = { cpus: 0.25, memMb: 64, diskMb: 32, epsilonMs: 120_000, user: 'batch' };
    expect(job(BASE, { defaults })).toMatchObject({
      cpus: 0.25,
      memMb: 64,
      diskMb: 32,
      epsilonMs: 120_000,
      runAsUser: 'batch',
      retries: 2,
      shell: true,
      arguments: [],
      disabled: false,
      softError: false,
      highPriority: false,
      owner: '',
      ownerName: '',
      description: '',
    });
    expect(job({ ...BASE, runAsUser: 'etl', cpus: 1 }, { defaults })).toMatchObject({ runAsUser: 'etl', cpus: 1 });
  });

  it.each([
    // [fields, expected epsilonMs]
    [{ schedule: BASE.schedule }, 60_000], // the service's default, PT60S
    [{ schedule: BASE.schedule, epsilon: 'PT15M' }, 900_000],
    [{ schedule: BASE.schedule, epsilon: 'P1D' }, 86_400_000],
    [{ schedule: BASE.schedule, epsilon: 'PT0.5S' }, 500],
    [{ schedule: BASE.schedule, startingDeadlineSeconds: 30 }, 30_000],
    [{ schedule: BASE.schedule, startingDeadlineSeconds: '30', epsilon: 'PT30S' }, 30_000], // both, agreeing
    [{ parents: ['a'], epsilon: 'PT30M' }, 1_800_000],
    [{ cron: '*/5 * * * *' }, 900_000], // Metronome's default startingDeadlineSeconds
    [{ cron: '*/5 * * * *', startingDeadlineSeconds: 60 }, 60_000],
    [{ cron: '*/5 * * * *', epsilon: 'PT2M' }, 120_000],
  ])('epsilon of %j is %d ms', (fields, epsilonMs) => {
    expect(job({ name: 'j', command: 'true', ...fields }).epsilonMs).toBe(epsilonMs);
  });

  it.each([
    // [fields, concurrent, concurrencyPolicy, expected]
    [{ schedule: BASE.schedule }, undefined, undefined, 'FORBID'],
    [{ schedule: BASE.schedule }, true, undefined, 'ALLOW'],
    [{ schedule: BASE.schedule }, 'true', undefined, 'ALLOW'],
    [{ schedule: BASE.schedule }, undefined, 'REPLACE', 'REPLACE'],
    [{ schedule: BASE.schedule }, false, 'REPLACE', 'REPLACE'],
    [{ schedule: BASE.schedule }, true, 'ALLOW', 'ALLOW'],
    [{ parents: ['a'] }, undefined, undefined, 'FORBID'],
    [{ parents: ['a'] }, true, undefined, 'ALLOW'],
    [{ cron: '0 * * * *' }, undefined, undefined, 'ALLOW'], // Metronome's default
    [{ cron: '0 * * * *' }, false, undefined, 'FORBID'], // said explicitly: honoured
    [{ cron: '0 * * * *' }, undefined, 'FORBID', 'FORBID'],
  ])('%j with concurrent %j and concurrencyPolicy %j: %s', (fields, concurrent, concurrencyPolicy, expected) => {
    expect(job({ name: 'j', command: 'true', ...fields, concurrent, concurrencyPolicy }).concurrencyPolicy).toBe(
      expected,
    );
  });

  it('a cron job: the expression and its zone (UTC unless given)', () => {
    expect(job({ name: 'j', command: 'true', cron: '30 2 * * MON-FRI' }).schedule).toEqual({
      kind: 'cron',
      expression: '30 2 * * MON-FRI',
      timeZone: 'UTC',
    });
    expect(job({ name: 'j', command: 'true', cron: '0 6 * * *', timezone: 'Europe/Berlin' }).schedule).toMatchObject({
      timeZone: 'Europe/Berlin',
    });
  });

  it('scheduleTimeZone keeps the start wall-clock time in the zone; "" is no zone', () => {
    // 18:32 Pacific daylight time (UTC-7) is 01:32 UTC the next day.
    expect(
      job({ ...BASE, schedule: 'R/2014-10-10T18:32:00Z/PT60M', scheduleTimeZone: 'America/Los_Angeles' }).schedule,
    ).toMatchObject({ startMs: Date.parse('2014-10-11T01:32:00Z'), timeZone: 'America/Los_Angeles' });
    expect(job({ ...BASE, scheduleTimeZone: '' }).schedule).toMatchObject({ timeZone: undefined });
  });

  it('an empty start becomes the creation time when it is given, written into the expression', () => {
    const createdAtMs = Date.parse('2026-03-01T12:00:00Z');
    expect(job({ ...BASE, schedule: 'R5//PT10S' }).schedule).toMatchObject({ startMs: undefined });
    expect(job({ ...BASE, schedule: 'R5//PT10S' }, { defaults: JOB_DEFAULTS, createdAtMs }).schedule).toEqual({
      kind: 'iso8601',
      expression: 'R5/2026-03-01T12:00:00.000Z/PT10S',
      recurrences: 5,
      startMs: createdAtMs,
      period: 'PT10S',
      timeZone: undefined,
    });
    // In a zone: the start with the zone's offset (13:00 in Berlin, UTC+1 in March).
    expect(
      job({ ...BASE, schedule: 'R//P1D', scheduleTimeZone: 'Europe/Berlin' }, { defaults: JOB_DEFAULTS, createdAtMs })
        .schedule,
    ).toMatchObject({ expression: 'R/2026-03-01T13:00:00.000+01:00/P1D', startMs: createdAtMs });
  });

  it('fetch and the deprecated uris both become fetch (uris extracted, as Mesos does)', () => {
    expect(
      job({
        ...BASE,
        fetch: [
          { uri: 'https://a/x.tgz', extract: 'true' },
          { uri: 'https://a/run.sh', executable: true },
        ],
        uris: ['https://a/y.tar.gz', 'https://a/x.tgz'], // the second is in fetch already
      }).fetch,
    ).toEqual([
      { uri: 'https://a/x.tgz', executable: false, extract: true, cache: false },
      { uri: 'https://a/run.sh', executable: true, extract: false, cache: false },
      { uri: 'https://a/y.tar.gz', executable: false, extract: true, cache: false },
    ]);
  });

  it("constraints: Chronos's EQUALS is CLUSTER with a value; the framework's operators as they are", () => {
    expect(
      job({
        ...BASE,
        constraints: [
          ['rack', 'EQUALS', 'rack-1'],
          ['rack', 'LIKE', 'rack-[1-3]'],
          ['rack', 'UNLIKE', 'rack-9'],
          ['hostname', 'UNIQUE'],
          ['zone', 'GROUP_BY', '3'],
          ['zone', 'CLUSTER'],
          ['hostname', 'MAX_PER', '2'],
          ['os', 'IS', 'linux'],
        ],
      }).constraints,
    ).toEqual([
      { field: 'rack', operator: 'CLUSTER', value: 'rack-1' },
      { field: 'rack', operator: 'LIKE', value: 'rack-[1-3]' },
      { field: 'rack', operator: 'UNLIKE', value: 'rack-9' },
      { field: 'hostname', operator: 'UNIQUE' },
      { field: 'zone', operator: 'GROUP_BY', value: '3' },
      { field: 'zone', operator: 'CLUSTER' },
      { field: 'hostname', operator: 'MAX_PER', value: '2' },
      { field: 'os', operator: 'IS', value: 'linux' },
    ]);
  });

  it("accepts the empty forms of what it refuses, and Chronos's read-only fields, and ignores them", () => {
    const listed = {
      ...BASE,
      executor: '',
      executorFlags: '',
      taskInfoData: '',
      async: 'false',
      dataJob: false,
      dataProcessingJobType: false,
      container: null,
      successCount: 3,
      errorCount: 1,
      lastSuccess: '2026-01-01T00:00:00.000Z',
      lastError: '',
      errorsSinceLastSuccess: 0,
    };
    expect(job(listed)).toEqual(job(BASE));
  });
});

// ------------------------------------------------------------------ refusals

describe('parseJob: refusals, each naming the field and the value', () => {
  it.each([
    // [fields over BASE, field, message]
    [{ name: 'a/b' }, 'name', 'name: "a/b": must be letters, digits, whitespace, "_", ".", "#" or "-"'],
    [{ name: '' }, 'name', 'name: "": must be letters'],
    [{ name: undefined }, 'name', 'name: is required'],
    [{ command: '' }, 'command', 'command: "": must not be empty'],
    [{ command: 42 }, 'command', 'command: 42: must be a string'],
    [
      { schedule: 'R/2014-13-10T18:32:00Z/PT1H' },
      'schedule',
      'schedule: the start "2014-13-10T18:32:00Z" in "R/2014-13-10T18:32:00Z/PT1H" is not an ISO 8601 date-time',
    ],
    [{ schedule: 'every hour' }, 'schedule', 'schedule: "every hour" is not an ISO 8601 repeating interval'],
    [{ scheduleTimeZone: 'Mars/Olympus' }, 'scheduleTimeZone', 'scheduleTimeZone: "Mars/Olympus": is not a time zone'],
    [{ epsilon: 'soon' }, 'epsilon', 'epsilon: "soon": is not an ISO 8601 duration'],
    [{ epsilon: 'PT-1M' }, 'epsilon', 'epsilon: "PT-1M": is not an ISO 8601 duration of zero or more'],
    [{ epsilon: 'P' }, 'epsilon', 'epsilon: "P": is not an ISO 8601 duration'],
    [
      { epsilon: 'PT60S', startingDeadlineSeconds: 900 },
      '',
      'epsilon "PT60S" and startingDeadlineSeconds 900 disagree',
    ],
    [{ startingDeadlineSeconds: 0 }, 'startingDeadlineSeconds', 'startingDeadlineSeconds: 0: must be >= 1'],
    [{ retries: -1 }, 'retries', 'retries: -1: must be >= 0'],
    [{ retries: 2.5 }, 'retries', 'retries: 2.5: must be a whole number'],
    [{ retries: 'two' }, 'retries', 'retries: "two": must be a whole number'],
    [{ cpus: -0.5 }, 'cpus', 'cpus: -0.5: must be >= 0'],
    [{ mem: '-1' }, 'mem', 'mem: "-1": must be >= 0'],
    [{ disk: 'lots' }, 'disk', 'disk: "lots": must be a number or a numeric string'],
    [{ shell: 'yes' }, 'shell', 'shell: "yes": must be a boolean'],
    [{ concurrencyPolicy: 'SOMETIMES' }, 'concurrencyPolicy', 'concurrencyPolicy: "SOMETIMES": must be one of ALLOW'],
    [{ concurrent: true, concurrencyPolicy: 'FORBID' }, '', 'concurrent true contradicts concurrencyPolicy FORBID'],
    [{ arguments: 'x' }, 'arguments', 'arguments: "x": must be an array'],
    [{ arguments: ['-v', 3] }, 'arguments[1]', 'arguments[1]: 3: must be a string'],
    [{ runAsUser: 0 }, 'runAsUser', 'runAsUser: 0: must be a string'],
    [{ timezone: 'Europe/Berlin' }, 'timezone', 'timezone: "Europe/Berlin": applies to a cron schedule only'],
    [
      {
        environmentVariables: [
          { name: 'A', value: '1' },
          { name: 'A', value: '2' },
        ],
      },
      'environmentVariables[1].name',
      'environmentVariables[1].name: "A": is given twice (also environmentVariables[0])',
    ],
    [
      { environmentVariables: [{ name: '', value: '1' }] },
      'environmentVariables[0].name',
      'environmentVariables[0].name: "": must not be empty',
    ],
    [
      { environmentVariables: [{ name: 'A=B', value: '1' }] },
      'environmentVariables[0].name',
      'environmentVariables[0].name: "A=B": must not contain "="',
    ],
    [
      { environmentVariables: [{ name: 'A', value: 1 }] },
      'environmentVariables[0].value',
      'environmentVariables[0].value: 1: must be a string',
    ],
    [
      { environmentVariables: [{ name: 'A', value: '1', secret: 'x' }] },
      'environmentVariables[0].secret',
      'environmentVariables[0].secret: unknown field',
    ],
    [{ fetch: [{ uri: '' }] }, 'fetch[0].uri', 'fetch[0].uri: "": must not be empty'],
    [
      { fetch: [{ uri: 'https://a/b', outputFile: 'c' }] },
      'fetch[0].outputFile',
      'fetch[0].outputFile: renaming a fetched file is not supported by Tessera',
    ],
    [{ uris: [''] }, 'uris[0]', 'uris[0]: "": must not be empty'],
    [
      { constraints: [['rack', 'NEAR', 'x']] },
      'constraints[0]',
      'constraints[0]: ["rack","NEAR","x"]: unknown operator "NEAR": must be Chronos\'s EQUALS, LIKE or UNLIKE',
    ],
    [
      { constraints: [['rack', 'EQUALS']] },
      'constraints[0]',
      'constraints[0]: ["rack","EQUALS"]: EQUALS needs a value',
    ],
    [
      { constraints: [['rack', 'LIKE', '[']] },
      'constraints[0]',
      'constraints[0]: ["rack","LIKE","["]: LIKE: "[" is not a valid regular expression',
    ],
    [{ constraints: ['rack'] }, 'constraints[0]', 'constraints[0]: "rack": a constraint is a list'],
    [
      {
        constraints: [
          ['rack', 'UNIQUE'],
          ['rack', 'UNIQUE'],
        ],
      },
      'constraints[1]',
      'constraints[1]: ["rack","UNIQUE"]: is given twice (also constraints[0])',
    ],
    [{ constraints: { rack: 'x' } }, 'constraints', 'constraints: {"rack":"x"}: must be an array'],
    [{ container: { type: 'MESOS' } }, 'container', 'container: Docker containers are not supported by Tessera'],
    [{ async: true }, 'async', 'async: asynchronous jobs'],
    [{ executor: '/usr/bin/my-executor' }, 'executor', 'executor: custom executors are not supported by Tessera'],
    [{ executorFlags: '--fast' }, 'executorFlags', 'executorFlags: flags of a custom executor are not supported'],
    [{ taskInfoData: 'abc' }, 'taskInfoData', "taskInfoData: data for a custom executor (TaskInfo's data)"],
    [{ dataJob: true }, 'dataJob', 'dataJob: data-processing jobs'],
    [{ dataProcessingJobType: true }, 'dataProcessingJobType', 'dataProcessingJobType: data-processing jobs'],
    [{ colour: 'red' }, 'colour', 'colour: unknown field: Tessera refuses fields it does not know'],
  ])('%j: %s', (fields, field, message) => {
    const problems = problemsOf({ ...BASE, ...fields });
    expect(problems).toContainEqual({ field, message: expect.stringContaining(message) });
    expect(problems.every((problem) => problem.message.startsWith(field === '' ? '' : `${field}: `))).toBe(true);
  });

  it.each([
    // [fields, field, message]
    [{ name: 'j', command: 'true' }, '', 'a job needs one of schedule'],
    [{ name: 'j', command: 'true', schedule: BASE.schedule, parents: ['a'] }, '', 'this one has schedule and parents'],
    [
      { name: 'j', command: 'true', schedule: BASE.schedule, cron: '* * * * *', parents: ['a'] },
      '',
      'this one has schedule and cron and parents',
    ],
    [{ name: 'j', command: 'true', parents: [] }, 'parents', 'parents: []: must have at least 1 element(s)'],
    [{ name: 'j', command: 'true', parents: ['a', 'b', 'a'] }, 'parents[2]', 'parents[2]: "a": is given twice'],
    [{ name: 'j', command: 'true', parents: ['j'] }, 'parents[0]', 'parents[0]: "j": is the job itself'],
    [{ name: 'j', command: 'true', parents: ['a/b'] }, 'parents[0]', 'parents[0]: "a/b": must be letters'],
    [
      { name: 'j', command: 'true', parents: ['a'], scheduleTimeZone: 'UTC' },
      'scheduleTimeZone',
      'scheduleTimeZone: "UTC": applies to an ISO 8601 schedule only',
    ],
    [{ name: 'j', command: 'true', cron: '61 * * * *' }, 'cron', 'cron: "61 * * * *" is not a valid cron expression'],
    [{ name: 'j', command: 'true', cron: '* * * *' }, 'cron', 'cron: "* * * *" is not a cron expression of five'],
    [
      { name: 'j', command: 'true', cron: '* * * * *', timezone: 'Nowhere/City' },
      'timezone',
      'timezone: "Nowhere/City": is not a time zone',
    ],
    [
      { name: 'j', command: 'true', cron: '* * * * *', epsilon: 'PT0.5S' },
      'epsilon',
      'epsilon: "PT0.5S": a cron job\'s epsilon is its startingDeadlineSeconds: whole seconds, at least 1',
    ],
  ])('%j: %s', (json, field, message) => {
    expect(problemsOf(json)).toContainEqual({ field, message: expect.stringContaining(message) });
  });

  it('refuses "__proto__" keys, at the top and inside', () => {
    const json = JSON.parse(
      `{"name": "p", "command": "true", "schedule": "${BASE.schedule}", "__proto__": {"x": 1},
        "fetch": [{"uri": "https://a/b", "__proto__": 1}]}`,
    ) as unknown;
    expect(problemsOf(json)).toEqual([
      { field: '__proto__', message: '__proto__: "__proto__" is not accepted as a key' },
      { field: 'fetch[0].__proto__', message: 'fetch[0].__proto__: "__proto__" is not accepted as a key' },
    ]);
  });

  it('refuses what is not an object', () => {
    expect(parseJob([BASE], options)).toEqual({
      ok: false,
      problems: [{ field: '', message: expect.stringContaining('a job must be a JSON object') }],
    });
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({
      name: 'bad/name',
      command: '',
      schedule: 'R/yesterday/PT1H',
      cpus: -1,
      retries: 'many',
      colour: 'red',
      async: true,
      constraints: [['rack', 'EQUALS']],
    });
    expect(problems.map((problem) => problem.field).sort()).toEqual(
      ['async', 'colour', 'command', 'constraints[0]', 'cpus', 'name', 'retries', 'schedule'].sort(),
    );
  });
});

// ------------------------------------------------------------------ writing

describe('jobToJson', () => {
  it("writes camus_kafka2hdfs as Chronos's listing shows it", () => {
    const counters: JobCounters = {
      successCount: 190,
      errorCount: 3,
      lastSuccessAtMs: Date.parse('2014-03-08T16:57:17.507Z'),
      lastErrorAtMs: Date.parse('2014-03-01T00:10:15.957Z'),
    };
    expect(jobToJson(job(CAMUS_KAFKA2HDFS), { counters })).toEqual({
      name: 'camus_kafka2hdfs',
      command: '/srv/data-infra/kafka/camus/kafka_hdfs_job.bash',
      shell: false,
      arguments: ['-verbose', '-debug'],
      epsilon: 'PT30M',
      executor: '',
      executorFlags: '',
      taskInfoData: '',
      retries: 2,
      owner: 'bofh@your-company.com',
      ownerName: '',
      description: '',
      async: false,
      successCount: 190,
      errorCount: 3,
      lastSuccess: '2014-03-08T16:57:17.507Z',
      lastError: '2014-03-01T00:10:15.957Z',
      cpus: 1,
      disk: 10240,
      mem: 1024,
      disabled: false,
      softError: false,
      dataJob: false,
      dataProcessingJobType: false,
      fetch: [{ uri: 'https://url-to-file', executable: false, extract: false, cache: false }],
      uris: [],
      environmentVariables: [
        { name: 'JVMOPTS', value: '-Xmx1000m' },
        { name: 'JAVA_LIBRARY_PATH', value: '/usr/local/lib' },
      ],
      highPriority: false,
      runAsUser: '',
      concurrent: false,
      concurrencyPolicy: 'FORBID',
      constraints: [],
      schedule: 'R/2014-03-08T20:00:00.000Z/PT2H',
      scheduleTimeZone: '',
    });
  });

  it('never-run counters are empty strings; a dependent job has parents and no schedule', () => {
    const json = jobToJson(job({ ...HOSTINGS_EARNINGS_SUMMARY, async: false }), { counters: NO_COUNTERS });
    expect(json).toMatchObject({ lastSuccess: '', lastError: '', parents: HOSTINGS_EARNINGS_SUMMARY.parents });
    expect(json).not.toHaveProperty('schedule');
    expect(json).not.toHaveProperty('cron');
  });

  it('a cron job: cron, timezone, startingDeadlineSeconds and the same epsilon; ALLOW is concurrent', () => {
    const json = jobToJson(job({ name: 'c', command: 'true', cron: '*/5 * * * *', timezone: 'Europe/Berlin' }), {
      counters: NO_COUNTERS,
    });
    expect(json).toMatchObject({
      cron: '*/5 * * * *',
      timezone: 'Europe/Berlin',
      startingDeadlineSeconds: 900,
      epsilon: 'PT15M',
      concurrent: true,
      concurrencyPolicy: 'ALLOW',
    });
    expect(json).not.toHaveProperty('schedule');
    expect(json).not.toHaveProperty('parents');
  });

  it('writes CLUSTER with a value as EQUALS, the rest as the framework names them', () => {
    const constraints = [
      ['rack', 'EQUALS', 'r1'],
      ['zone', 'CLUSTER'],
      ['hostname', 'UNIQUE'],
      ['os', 'LIKE', 'l.*'],
    ];
    expect(jobToJson(job({ ...BASE, constraints }), { counters: NO_COUNTERS }).constraints).toEqual(constraints);
  });

  it.each([
    // [schedule, zone, nextRun (UTC), remaining, shown]
    ['R10/2012-10-01T05:52:00Z/PT2S', '', '2012-10-01T05:52:06Z', 7, 'R7/2012-10-01T05:52:06.000Z/PT2S'],
    ['R10/2012-10-01T05:52:00Z/PT2S', '', '2012-10-01T05:52:06Z', undefined, 'R10/2012-10-01T05:52:06.000Z/PT2S'],
    ['R/2014-03-08T20:00:00.000Z/PT2H', '', '2026-05-01T10:00:00Z', 3, 'R/2026-05-01T10:00:00.000Z/PT2H'], // forever
    // 01:32 UTC is 18:32 the day before in Los Angeles (UTC-7 in October).
    [
      'R/2014-10-10T18:32:00Z/PT60M',
      'America/Los_Angeles',
      '2014-10-12T01:32:00Z',
      undefined,
      'R/2014-10-11T18:32:00.000-07:00/PT60M',
    ],
    // 01:30 comes twice in Los Angeles on 2026-11-01; 09:30 UTC is the second (UTC-8), and stays it.
    [
      'R/2026-01-01T00:00:00Z/PT1H',
      'America/Los_Angeles',
      '2026-11-01T09:30:00Z',
      undefined,
      'R/2026-11-01T01:30:00.000-08:00/PT1H',
    ],
  ])('%s in %j, next run %s, %j left: %s', (schedule, scheduleTimeZone, next, remaining, shown) => {
    const parsed = job({ ...BASE, schedule, scheduleTimeZone });
    const json = jobToJson(parsed, {
      counters: NO_COUNTERS,
      nextRunAtMs: Date.parse(next),
      remainingRecurrences: remaining,
    });
    expect(json.schedule).toBe(shown);
    expect(json.scheduleTimeZone).toBe(scheduleTimeZone);
    // Posted back, the schedule starts at the next run.
    expect(job(json).schedule).toMatchObject({ startMs: Date.parse(next) });
  });
});

// ------------------------------------------------------------------ properties

const ZONES = ['America/Los_Angeles', 'Europe/Berlin', 'Asia/Kolkata', 'UTC'];
const PERIODS = ['PT2S', 'PT1H', 'PT90M', 'P1D', 'P1W', 'P1M'];
const CRONS = ['*/5 * * * *', '0 2 * * MON-FRI', '30 6 1 * *', '0 0 * JAN,JUL SUN'];
const CONSTRAINTS = [
  ['rack', 'EQUALS', 'rack-1'],
  ['hostname', 'UNIQUE'],
  ['rack', 'LIKE', 'rack-[1-3]'],
  ['rack', 'UNLIKE', 'rack-9'],
  ['zone', 'GROUP_BY', '3'],
  ['zone', 'CLUSTER'],
  ['hostname', 'MAX_PER', '2'],
  ['os', 'IS', 'linux'],
];
const MS_2000 = Date.parse('2000-01-01T00:00:00Z');
const MS_2040 = Date.parse('2040-01-01T00:00:00Z');

const jobName = fc.stringMatching(/^[\w .#-]{1,16}$/);
const optional = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arbitrary, { nil: undefined });
const flagJson = fc.oneof(fc.boolean(), fc.constantFrom('true', 'false'));
const amountJson = fc.oneof(
  fc.constant(0),
  fc.double({ min: 0.001, max: 4096, noNaN: true }),
  fc.integer({ min: 1, max: 4096 }).map(String),
);

const isoWhen = fc.record({
  schedule: fc
    .tuple(
      optional(fc.nat({ max: 1000 })),
      fc.oneof(
        fc.constant(''),
        fc.integer({ min: MS_2000, max: MS_2040 }).map((ms) => new Date(ms).toISOString()),
        fc.integer({ min: MS_2000, max: MS_2040 }).map((ms) => new Date(ms).toISOString().replace('.', ',')),
      ),
      fc.constantFrom(...PERIODS),
    )
    .map(([count, start, period]) => `R${count ?? ''}/${start}/${period}`),
  scheduleTimeZone: optional(fc.constantFrom('', ...ZONES)),
  epsilon: optional(fc.constantFrom('PT60S', 'PT15M', 'PT0.5S', 'P1D', 'PT0S')),
});
const cronWhen = fc.record({
  cron: fc.constantFrom(...CRONS),
  timezone: optional(fc.constantFrom(...ZONES)),
  startingDeadlineSeconds: optional(fc.oneof(fc.integer({ min: 1, max: 86_400 }), fc.constant('600'))),
});
const parentsWhen = fc.record({ parents: fc.uniqueArray(jobName, { minLength: 1, maxLength: 4 }) });

/** Valid job JSON as users write it (numbers and booleans sometimes as strings, fields often left out). */
const validJobJson = fc
  .record({
    name: jobName,
    command: fc.string({ minLength: 1, maxLength: 20 }),
    when: fc.oneof(isoWhen, cronWhen, parentsWhen),
    shell: optional(flagJson),
    arguments: optional(fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 })),
    retries: optional(fc.oneof(fc.nat({ max: 10 }), fc.nat({ max: 10 }).map(String))),
    disabled: optional(flagJson),
    softError: optional(flagJson),
    highPriority: optional(flagJson),
    concurrency: optional(
      fc.oneof(
        fc.record({ concurrent: flagJson }),
        fc.record({ concurrencyPolicy: fc.constantFrom('ALLOW', 'FORBID', 'REPLACE') }),
      ),
    ),
    cpus: optional(amountJson),
    mem: optional(amountJson),
    disk: optional(amountJson),
    environmentVariables: optional(
      fc.uniqueArray(fc.record({ name: fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/), value: fc.string() }), {
        selector: (variable) => variable.name,
        maxLength: 3,
      }),
    ),
    fetch: optional(
      fc.uniqueArray(
        fc.record(
          {
            uri: fc.webUrl(),
            executable: flagJson,
            extract: flagJson,
            cache: flagJson,
          },
          { requiredKeys: ['uri'] },
        ),
        { selector: (item) => item.uri, maxLength: 3 },
      ),
    ),
    uris: optional(fc.array(fc.webUrl(), { maxLength: 2 })),
    runAsUser: optional(fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/)),
    constraints: optional(fc.subarray(CONSTRAINTS)),
    owner: optional(fc.emailAddress()),
    ownerName: optional(fc.string({ maxLength: 10 })),
    description: optional(fc.string({ maxLength: 20 })),
    successCount: optional(fc.nat()),
  })
  .filter(({ name, when }) => !('parents' in when && when.parents.includes(name)))
  .map(
    ({ when, concurrency, ...fields }) =>
      JSON.parse(JSON.stringify({ ...fields, ...when, ...concurrency })) as Record<string, unknown>,
  );

const countersArbitrary: fc.Arbitrary<JobCounters> = fc.record({
  successCount: fc.nat(),
  errorCount: fc.nat(),
  lastSuccessAtMs: optional(fc.integer({ min: MS_2000, max: MS_2040 })),
  lastErrorAtMs: optional(fc.integer({ min: MS_2000, max: MS_2040 })),
});

const defaultsArbitrary: fc.Arbitrary<JobDefaults> = fc.constantFrom(JOB_DEFAULTS, {
  cpus: 0.5,
  memMb: 256,
  diskMb: 1024,
  epsilonMs: 120_000,
  user: 'batch',
});

/** JSON as it travels over HTTP. */
const overTheWire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('job definitions over random input', () => {
  it('parseJob(jobToJson(job)) gives the job back, and jobToJson is then a fixpoint', () => {
    fc.assert(
      fc.property(validJobJson, countersArbitrary, defaultsArbitrary, (json, counters, defaults) => {
        const first = job(json, { defaults });
        const written = overTheWire(jobToJson(first, { counters }));
        const second = job(written, { defaults });
        expect(second).toEqual(first);
        expect(overTheWire(jobToJson(second, { counters }))).toEqual(written);
      }),
      { numRuns: 400 },
    );
  });

  it('a schedule re-based on the next run starts there, with the runs left, and nothing else changes', () => {
    const isoJob = validJobJson.filter((json) => typeof json['schedule'] === 'string');
    fc.assert(
      fc.property(
        isoJob,
        fc.integer({ min: MS_2000, max: MS_2040 }),
        optional(fc.nat({ max: 1000 })),
        (json, nextRunAtMs, remaining) => {
          const first = job(json);
          const schedule = first.schedule;
          if (schedule?.kind !== 'iso8601') return expect.fail('an ISO 8601 job');
          const written = overTheWire(
            jobToJson(first, { counters: NO_COUNTERS, nextRunAtMs, remainingRecurrences: remaining }),
          );
          const second = job(written);
          expect({ ...second, schedule: undefined }).toEqual({ ...first, schedule: undefined });
          expect(second.schedule).toMatchObject({
            kind: 'iso8601',
            startMs: nextRunAtMs,
            recurrences: schedule.recurrences === undefined ? undefined : (remaining ?? schedule.recurrences),
            period: schedule.period,
            timeZone: schedule.timeZone,
          });
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never throws, and a refusal always says why', () => {
    const anyJson = fc.oneof(
      fc.anything(),
      fc.jsonValue(),
      // Valid jobs with one field replaced by anything.
      fc.tuple(validJobJson, fc.nat(), fc.jsonValue()).map(([json, index, value]) => {
        const keys = Object.keys(json);
        return { ...json, [keys[index % keys.length] ?? 'name']: value };
      }),
      // Valid jobs with keys that name object internals.
      fc
        .tuple(validJobJson, fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'), fc.jsonValue())
        .map(
          ([json, key, value]) =>
            JSON.parse(
              `{${JSON.stringify(key)}: ${JSON.stringify(value)}, ${JSON.stringify(json).slice(1)}`,
            ) as unknown,
        ),
    );
    fc.assert(
      fc.property(anyJson, (json) => {
        const result = parseJob(json, options);
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems)
            expect(problem.message.startsWith(problem.field === '' ? '' : `${problem.field}: `)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('limits (core/limits.ts), so that every accepted job makes tasks the master accepts', () => {
  const variables = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `E${i}`, value: 'v' }));

  it.each<[string, Record<string, unknown>, JobProblem]>([
    [
      'a name over the limit',
      { name: 'n'.repeat(MAX_JOB_NAME_LENGTH + 1) },
      {
        field: 'name',
        message: `name: must be at most ${MAX_JOB_NAME_LENGTH} characters long (it has ${MAX_JOB_NAME_LENGTH + 1})`,
      },
    ],
    [
      'too many variables',
      { environmentVariables: variables(MAX_JOB_ENVIRONMENT_VARIABLES + 1) },
      {
        field: 'environmentVariables',
        message: `environmentVariables: must have at most ${MAX_JOB_ENVIRONMENT_VARIABLES} variables (it has ${MAX_JOB_ENVIRONMENT_VARIABLES + 1})`,
      },
    ],
    [
      'too many parents',
      { schedule: undefined, parents: Array.from({ length: MAX_JOB_PARENTS + 1 }, (_, i) => `p${i}`) },
      {
        field: 'parents',
        message: `parents: must name at most ${MAX_JOB_PARENTS} parents (it names ${MAX_JOB_PARENTS + 1})`,
      },
    ],
    // command "true" (4 bytes) + variable "BIG" (3) = "x" × (limit - 6): limit + 1 bytes
    [
      'text over the limit, counted over command and environment',
      { environmentVariables: [{ name: 'BIG', value: 'x'.repeat(MAX_JOB_TEXT_BYTES - 6) }] },
      {
        field: '',
        message: `command, arguments and environmentVariables together must be at most ${MAX_JOB_TEXT_BYTES} bytes (they have ${MAX_JOB_TEXT_BYTES + 1})`,
      },
    ],
  ])('refuses %s', (_what, fields, problem) => {
    const json: Record<string, unknown> = { ...BASE, ...fields };
    for (const [key, value] of Object.entries(fields)) if (value === undefined) delete json[key];
    expect(problemsOf(json)).toContainEqual(problem);
  });

  it('accepts each bound exactly', () => {
    const atLimit = {
      name: 'n'.repeat(MAX_JOB_NAME_LENGTH),
      environmentVariables: variables(MAX_JOB_ENVIRONMENT_VARIABLES),
    };
    expect(parseJob({ ...BASE, ...atLimit }, options).ok).toBe(true);
  });
});
