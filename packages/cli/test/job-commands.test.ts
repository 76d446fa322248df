import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { durationText, jobCommands } from '../src/job-commands.js';

/** What the fake Chronos answers a request: a status, and JSON (an object) or text (a string); no body for undefined. */
interface Answer {
  status: number;
  body?: unknown;
}

/** A request as the fake Chronos saw it: the path as sent (still encoded) and the JSON body. */
interface Seen {
  method: string;
  url: string;
  body: unknown;
}

/**
 * A small HTTP server answering like Chronos: `answers` maps "METHOD /path?query"
 * (as sent, encoded) to an answer; anything else is Chronos's 400 for an unknown job.
 */
const answers = new Map<string, Answer>();
const seen: Seen[] = [];
let server: Server;
let url = '';
let dir = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        body: text === '' ? undefined : JSON.parse(text),
      });
      const answer = answers.get(`${request.method} ${request.url}`) ?? {
        status: 400,
        body: { status: 400, message: 'no such job' },
      };
      if (answer.body === undefined) return void response.writeHead(answer.status).end();
      const isText = typeof answer.body === 'string';
      response
        .writeHead(answer.status, { 'content-type': isText ? 'text/plain' : 'application/json' })
        .end(isText ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'tessera-job-test-'));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  answers.clear();
  seen.length = 0;
});

/** Runs `tessera job SUBCOMMAND --chronos <the fake> ...rest` in this process; answers what it printed. */
async function tessera(subcommand: string, ...rest: string[]): Promise<string> {
  const printed: string[] = [];
  const program = new Command().exitOverride();
  jobCommands(program, (text) => printed.push(text));
  await program.parseAsync(['job', subcommand, '--chronos', url, ...rest], { from: 'user' });
  return printed.join('');
}

/** The error `tessera job ...` fails with. */
const failure = (subcommand: string, ...rest: string[]): Promise<Error> =>
  tessera(subcommand, ...rest).then(
    () => {
      throw new Error('the command succeeded');
    },
    (error: unknown) => error as Error,
  );

async function jsonFile(name: string, content: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(content));
  return file;
}

const scheduled = { name: 'extract', command: 'extract.sh', schedule: 'R/2030-01-01T02:00:00Z/P1D' };
const dependent = { name: 'load data', command: 'load.sh', parents: ['extract'] };
const cronJob = { name: 'report#weekly', command: 'report.sh', cron: '0 6 * * 1', timezone: 'Europe/Paris' };

describe('tessera job add', () => {
  it('posts each job of an array, in order, to the path of its schedule field, and says what Chronos saved', async () => {
    answers.set('POST /v1/scheduler/iso8601', {
      status: 200,
      body: { ...scheduled, nextRun: '2030-01-01T02:00:00.000Z', scheduleTimeZone: '' },
    });
    answers.set('POST /v1/scheduler/dependency', { status: 200, body: { ...dependent, nextRun: '' } });
    answers.set('POST /v1/scheduler/cron', { status: 204 }); // Chronos's own answer: no body

    const output = await tessera('add', await jsonFile('three.json', [scheduled, dependent, cronJob]));

    expect(seen).toEqual([
      { method: 'POST', url: '/v1/scheduler/iso8601', body: scheduled },
      { method: 'POST', url: '/v1/scheduler/dependency', body: dependent },
      { method: 'POST', url: '/v1/scheduler/cron', body: cronJob },
    ]);
    expect(output).toBe(
      [
        'saved extract: R/2030-01-01T02:00:00Z/P1D, next run 2030-01-01T02:00:00.000Z',
        'saved load data: after extract',
        'saved report#weekly: cron 0 6 * * 1 (Europe/Paris)',
        '',
      ].join('\n'),
    );
  });

  it('with --json prints the answers: one for a job, an array for an array (null for an empty answer)', async () => {
    answers.set('POST /v1/scheduler/iso8601', { status: 200, body: { ...scheduled, nextRun: 'n' } });
    answers.set('POST /v1/scheduler/cron', { status: 204 });
    expect(JSON.parse(await tessera('add', await jsonFile('one.json', scheduled), '--json'))).toEqual({
      ...scheduled,
      nextRun: 'n',
    });
    expect(JSON.parse(await tessera('add', await jsonFile('two.json', [scheduled, cronJob]), '--json'))).toEqual([
      { ...scheduled, nextRun: 'n' },
      null,
    ]);
  });

  it('stops at a refused job, saying which were saved before it and which were not sent', async () => {
    answers.set('POST /v1/scheduler/iso8601', { status: 200, body: scheduled });
    answers.set('POST /v1/scheduler/dependency', {
      status: 400,
      body: { status: 400, message: 'parents: no job named "extract"' },
    });
    const error = await failure('add', await jsonFile('refused.json', [scheduled, dependent, cronJob]));
    expect(error.message).toBe(
      'job 2 of 3 (load data): parents: no job named "extract"\n(saved before it: extract; not sent: job 3 of 3 (report#weekly))',
    );
    expect(seen.map((request) => request.url)).toEqual(['/v1/scheduler/iso8601', '/v1/scheduler/dependency']);
  });

  it('sends nothing when a job of the file has none, or several, of schedule, parents and cron', async () => {
    const both = { name: 'both', command: 'x', schedule: 'R/2030-01-01T00:00:00Z/PT1H', parents: ['extract'] };
    const error = await failure('add', await jsonFile('both.json', [scheduled, both]));
    expect(error.message).toBe(
      'job 2 of 2 (both) needs exactly one of schedule (ISO 8601), parents or cron; it has schedule and parents',
    );
    const none = await failure('add', await jsonFile('none.json', { name: 'none', command: 'x' }));
    expect(none.message).toBe('the job (none) needs exactly one of schedule (ISO 8601), parents or cron; it has none');
    const notJob = await failure('add', await jsonFile('number.json', [scheduled, 7]));
    expect(notJob.message).toBe('job 2 of 2 is not a job: a job is a JSON object');
    expect(seen).toEqual([]);
  });

  it('names a file that is not JSON', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{"name": ');
    expect((await failure('add', file)).message).toMatch(/^.*broken\.json is not JSON: /);
  });
});

const listed = [
  {
    ...scheduled,
    nextRun: '2030-01-01T02:00:00.000Z',
    scheduleTimeZone: '',
    successCount: 12,
    errorCount: 1,
    lastSuccess: '2029-12-31T02:00:41.000Z',
    lastError: '2029-12-30T02:00:09.000Z',
    disabled: false,
  },
  { ...dependent, nextRun: '', successCount: 0, errorCount: 0, lastSuccess: '', lastError: '', disabled: true },
  { ...cronJob, nextRun: '2030-01-07T05:00:00.000Z', successCount: 3, errorCount: 0, lastSuccess: '', lastError: '' },
];

describe('tessera job list', () => {
  it('prints a table of the jobs', async () => {
    answers.set('GET /v1/scheduler/jobs', { status: 200, body: listed });
    expect(await tessera('list')).toBe(
      [
        'NAME           SCHEDULE                       NEXT RUN                  SUCCESSES  ERRORS  LAST SUCCESS              LAST ERROR                DISABLED',
        'extract        R/2030-01-01T02:00:00Z/P1D     2030-01-01T02:00:00.000Z  12         1       2029-12-31T02:00:41.000Z  2029-12-30T02:00:09.000Z  no',
        'load data      after extract                  -                         0          0       -                         -                         yes',
        'report#weekly  cron 0 6 * * 1 (Europe/Paris)  2030-01-07T05:00:00.000Z  3          0       -                         -                         no',
        '',
      ].join('\n'),
    );
    expect(seen).toEqual([{ method: 'GET', url: '/v1/scheduler/jobs', body: undefined }]);
  });

  it('with --json prints the answer; --name searches, encoded', async () => {
    answers.set('GET /v1/scheduler/jobs/search?name=load%20data%231', { status: 200, body: [listed[1]] });
    expect(JSON.parse(await tessera('list', '--name', 'load data#1', '--json'))).toEqual([listed[1]]);
  });
});

describe('tessera job show', () => {
  it('prints the job as pretty JSON, the name encoded as one path segment', async () => {
    answers.set('GET /v1/scheduler/job/report%23weekly%20v2', { status: 200, body: listed[2] });
    expect(await tessera('show', 'report#weekly v2')).toBe(JSON.stringify(listed[2], null, 2) + '\n');
  });
});

describe('tessera job run', () => {
  const run = {
    job: 'load data',
    scheduledAt: '2030-01-01T02:03:04.005Z',
    cause: 'manual',
    state: 'Due',
    attempts: [],
  };

  it('starts a run with the arguments after --, and prints the run Chronos answers', async () => {
    answers.set('PUT /v1/scheduler/job/load%20data?arguments=--date%3D2030-01-01%20-v', { status: 200, body: run });
    expect(await tessera('run', 'load data', '--', '--date=2030-01-01', '-v')).toBe(
      'started load data: the run of 2030-01-01T02:03:04.005Z, Due\n',
    );
    expect(seen).toEqual([
      { method: 'PUT', url: '/v1/scheduler/job/load%20data?arguments=--date%3D2030-01-01%20-v', body: undefined },
    ]);
  });

  it('says "started" when Chronos answers 204, and prints null with --json', async () => {
    answers.set('PUT /v1/scheduler/job/extract', { status: 204 });
    expect(await tessera('run', 'extract')).toBe('started extract\n');
    expect(await tessera('run', 'extract', '--json')).toBe('null\n');
  });

  it('refuses an argument holding whitespace (Chronos would split it) without asking Chronos', async () => {
    const error = await failure('run', 'extract', '--', 'two words');
    expect(error.message).toBe(
      `Chronos splits a run's arguments at spaces, so each must be a non-empty word: "two words"`,
    );
    expect(seen).toEqual([]);
  });
});

describe('tessera job history', () => {
  const runs = [
    {
      job: 'extract',
      scheduledAt: '2030-01-03T02:00:00.000Z',
      cause: 'schedule',
      state: 'Failed',
      skipReason: '',
      skippedCount: 0,
      latenessMs: 1250,
      attempts: [
        { attempt: 1, exitCode: 2, agentId: 'a-1', hostname: 'node-7', message: 'exited with 2' },
        { attempt: 2, exitCode: 1, agentId: 'a-2', hostname: '', message: 'exited with 1' },
      ],
    },
    {
      job: 'extract',
      scheduledAt: '2029-12-30T02:00:00.000Z',
      cause: 'schedule',
      state: 'Skipped',
      skipReason: 'no leader from 02:00 to 02:05',
      skippedCount: 3,
      latenessMs: null,
      attempts: [],
    },
    {
      job: 'extract',
      scheduledAt: '2029-12-29T11:00:00.000Z',
      cause: 'manual',
      state: 'Succeeded',
      skipReason: '',
      skippedCount: 0,
      latenessMs: 245_000,
      attempts: [{ attempt: 1, exitCode: 0, agentId: 'a-1', hostname: 'node-7', message: '' }],
    },
  ];

  it('prints a table of the runs: the last attempt, lateness, skipped records with their count', async () => {
    answers.set('GET /v1/scheduler/job/extract/runs?limit=3', { status: 200, body: runs });
    expect(await tessera('history', 'extract', '--limit', '3')).toBe(
      [
        'SCHEDULED AT              CAUSE     STATE       ATTEMPTS  LATENESS  EXIT CODE  AGENT   NOTE',
        '2030-01-03T02:00:00.000Z  schedule  Failed      2         1.3s      1          a-2     exited with 1',
        '2029-12-30T02:00:00.000Z  schedule  Skipped ×3  0         -         -          -       no leader from 02:00 to 02:05',
        '2029-12-29T11:00:00.000Z  manual    Succeeded   1         4m05s     0          node-7',
        '',
      ].join('\n'),
    );
  });

  it('with --json prints the answer; asks without a limit unless given; refuses a bad --limit', async () => {
    answers.set('GET /v1/scheduler/job/load%20data/runs', { status: 200, body: [] });
    expect(JSON.parse(await tessera('history', 'load data', '--json'))).toEqual([]);
    expect((await failure('history', 'load data', '--limit', '0')).message).toBe(
      '--limit is a whole number from 1, not 0',
    );
    expect(seen.map((request) => request.url)).toEqual(['/v1/scheduler/job/load%20data/runs']);
  });
});

describe('tessera job remove', () => {
  it('deletes the job and says which children Chronos changed', async () => {
    answers.set('DELETE /v1/scheduler/job/extract', { status: 200, body: { changedChildren: ['load data'] } });
    answers.set('DELETE /v1/scheduler/job/report%23weekly', { status: 204 });
    expect(await tessera('remove', 'extract')).toBe('removed extract; changed its children: load data\n');
    expect(await tessera('remove', 'report#weekly')).toBe('removed report#weekly\n');
    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual([
      'DELETE /v1/scheduler/job/extract',
      'DELETE /v1/scheduler/job/report%23weekly',
    ]);
  });
});

describe('tessera job graph', () => {
  it('prints each root with its children below it, by name; a job under two parents shows its children once', async () => {
    const job = (name: string, parents?: string[], disabled = false) =>
      parents === undefined ? { name, schedule: 'R/2030-01-01T00:00:00Z/P1D', disabled } : { name, parents, disabled };
    answers.set('GET /v1/scheduler/jobs', {
      status: 200,
      // A diamond (b and c after a, d after both), e after d, a lone job and a disabled one.
      body: [job('d', ['c', 'b']), job('lone'), job('c', ['a'], true), job('a'), job('e', ['d']), job('b', ['a'])],
    });
    expect(await tessera('graph')).toBe(
      ['a', '├── b', '│   └── d', '│       └── e', '└── c (disabled)', '    └── d (children above)', 'lone', ''].join(
        '\n',
      ),
    );
  });

  it("prints Chronos's DOT text with --dot", async () => {
    const dot = 'digraph G {\n  1 [ label="a" ];\n  2 [ label="b" ];\n  1 -> 2;\n}\n';
    answers.set('GET /v1/scheduler/graph/dot', { status: 200, body: dot });
    expect(await tessera('graph', '--dot')).toBe(dot);
  });
});

describe('errors', () => {
  it("says Chronos's message for a 400 and a 503", async () => {
    answers.set('GET /v1/scheduler/job/gone', { status: 400, body: { status: 400, message: 'no job named "gone"' } });
    expect((await failure('show', 'gone')).message).toBe('no job named "gone"');
    answers.set('GET /v1/scheduler/jobs', {
      status: 503,
      body: { status: 503, message: 'no Chronos leader is elected yet' },
    });
    expect((await failure('list')).message).toBe('no Chronos leader is elected yet');
    answers.set('GET /v1/scheduler/graph/dot', { status: 503 });
    expect((await failure('graph', '--dot')).message).toBe('Chronos has no leader (HTTP 503); try again');
  });

  it('names the URL and how to start Chronos when nothing answers', async () => {
    const printed: string[] = [];
    const program = new Command().exitOverride();
    jobCommands(program, (text) => printed.push(text));
    const error = await program
      .parseAsync(['job', 'list', '--chronos', 'http://127.0.0.1:1'], { from: 'user' })
      .catch((e: unknown) => e as Error);
    expect((error as Error).message).toBe(
      'cannot reach Chronos at http://127.0.0.1:1 — is it running? `tessera up` starts one',
    );
  });
});

describe('durationText', () => {
  it.each([
    [null, '-'],
    [0, '0ms'],
    [999, '999ms'],
    [1250, '1.3s'], // 1.25 s, one decimal
    [59_949, '59.9s'],
    [245_000, '4m05s'], // 4 × 60 + 5
    [3_599_000, '59m59s'],
    [7_380_000, '2h03m'], // 2 × 3600 + 3 × 60
  ])('%s ms is %s', (ms, text) => expect(durationText(ms)).toBe(text));
});
