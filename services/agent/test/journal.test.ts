import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskState } from '@tessera/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FrameworkCapabilities, StatusUpdate, TaskDescription } from '../src/core/types.js';
import {
  AgentJournal,
  JournalClosedError,
  journalPath,
  JournalWriteError,
  nodeJournalFs,
  type JournalFile,
  type JournalFs,
  type JournalRecord,
} from '../src/journal.js';
import { replay, snapshot } from '../src/core/journal-replay.js';
import { taskDescription } from './helpers.js';

const owner = { agentId: 'a1', bootId: 'boot-1' };
const capabilities: FrameworkCapabilities = { taskKillingState: true, partitionAware: false };

function task(taskId: string, frameworkId = 'f1'): TaskDescription {
  return taskDescription(taskId, { frameworkId, command: { shell: true, value: 'sleep 100', arguments: [] } });
}

function update(taskId: string, state: TaskState, uuid: string, frameworkId = 'f1'): StatusUpdate {
  return { frameworkId, taskId, state, message: '', source: 'executor', timestampMs: 1_000, uuid };
}

function run(taskId: string, runId: string): JournalRecord {
  return { t: 'run', task: task(taskId), capabilities, runId, sandbox: `/work/sandboxes/f1/${taskId}/${runId}` };
}

let workDir: string;
beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tessera-journal-'));
});
afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Appends, closes, and opens the journal again: what a restarted agent recovers. */
async function writeAndRecover(records: readonly JournalRecord[]) {
  const { journal } = await AgentJournal.open(workDir, owner);
  await journal.append(records);
  await journal.close();
  const reopened = await AgentJournal.open(workDir, owner);
  await reopened.journal.close();
  return reopened.recovered;
}

/** The real file system, with hooks to count, stall or fail calls. */
function hookedFs(hooks: {
  beforeWrite?: (bytes: number) => void;
  beforeDatasync?: () => Promise<void>;
  beforeRename?: () => Promise<void>;
}): JournalFs {
  return {
    ...nodeJournalFs,
    open: async (path, flags) => {
      const file = await nodeJournalFs.open(path, flags);
      const hooked: JournalFile = {
        write: async (buffer, offset, length) => {
          hooks.beforeWrite?.(length);
          return file.write(buffer, offset, length);
        },
        datasync: async () => {
          await hooks.beforeDatasync?.();
          return file.datasync();
        },
        sync: async () => file.sync(),
        truncate: async (length) => file.truncate(length),
        close: async () => file.close(),
      };
      return hooked;
    },
    rename: async (from, to) => {
      await hooks.beforeRename?.();
      return nodeJournalFs.rename(from, to);
    },
  };
}

describe('AgentJournal record kinds', () => {
  it("recovers a 'run' as a live run", async () => {
    const recovered = await writeAndRecover([run('t1', 'r1')]);
    expect(recovered.origin).toBe('resumed');
    expect(recovered.liveRuns).toEqual([
      { task: task('t1'), capabilities, runId: 'r1', sandbox: '/work/sandboxes/f1/t1/r1', ended: false },
    ]);
    expect(recovered.endedRuns).toEqual([]);
    expect(recovered.pendingUpdates).toEqual([]);
  });

  it("recovers 'started' as the run's pid and start time", async () => {
    const recovered = await writeAndRecover([
      run('t1', 'r1'),
      { t: 'started', taskId: 't1', runId: 'r1', pid: 4242, startTime: '987654' },
    ]);
    expect(recovered.liveRuns[0]).toMatchObject({ pid: 4242, startTime: '987654' });
  });

  it("recovers the first 'kill' only", async () => {
    const recovered = await writeAndRecover([
      run('t1', 'r1'),
      { t: 'kill', taskId: 't1', runId: 'r1', cause: 'health-check', gracePeriodMs: 5_000, message: 'unhealthy' },
      { t: 'kill', taskId: 't1', runId: 'r1', cause: 'request', gracePeriodMs: 1_000 },
    ]);
    expect(recovered.liveRuns[0]?.kill).toEqual({ cause: 'health-check', gracePeriodMs: 5_000, message: 'unhealthy' });
    expect(recovered.ignoredRecords).toBe(1);
  });

  it("recovers 'update' as pending and as the run's latest update", async () => {
    const starting = update('t1', 'TASK_STARTING', 'u1');
    const running = update('t1', 'TASK_RUNNING', 'u2');
    const recovered = await writeAndRecover([
      run('t1', 'r1'),
      { t: 'update', update: starting },
      { t: 'update', update: running },
    ]);
    expect(recovered.pendingUpdates).toEqual([starting, running]);
    expect(recovered.liveRuns[0]?.latestUpdate).toEqual(running);
  });

  it("'ack' removes the update from the pending ones; the latest update stays", async () => {
    const starting = update('t1', 'TASK_STARTING', 'u1');
    const running = update('t1', 'TASK_RUNNING', 'u2');
    const recovered = await writeAndRecover([
      run('t1', 'r1'),
      { t: 'update', update: starting },
      { t: 'update', update: running },
      { t: 'ack', uuid: 'u1' },
      { t: 'ack', uuid: 'u2' },
      { t: 'ack', uuid: 'u2' }, // again: ignored
    ]);
    expect(recovered.pendingUpdates).toEqual([]);
    expect(recovered.liveRuns[0]?.latestUpdate).toEqual(running);
    expect(recovered.ignoredRecords).toBe(1);
  });

  it("'end' makes the run ended; it is recovered while its terminal update is pending", async () => {
    const finished = update('t1', 'TASK_FINISHED', 'u1');
    const records: JournalRecord[] = [
      run('t1', 'r1'),
      { t: 'update', update: finished },
      { t: 'end', taskId: 't1', runId: 'r1' },
    ];
    const recovered = await writeAndRecover(records);
    expect(recovered.liveRuns).toEqual([]);
    expect(recovered.endedRuns).toMatchObject([{ runId: 'r1', ended: true, latestUpdate: finished }]);
    expect(recovered.pendingUpdates).toEqual([finished]);

    const acknowledged = await writeAndRecover([{ t: 'ack', uuid: 'u1' }]);
    expect(acknowledged.endedRuns).toEqual([]);
    expect(acknowledged.pendingUpdates).toEqual([]);
  });

  it("'forget' drops an ended run with no pending update, and is ignored otherwise", async () => {
    const { journal } = await AgentJournal.open(workDir, owner);
    await journal.append([
      run('t1', 'r1'),
      { t: 'forget', taskId: 't1', runId: 'r1' }, // live: ignored
      { t: 'update', update: update('t1', 'TASK_FINISHED', 'u1') },
      { t: 'end', taskId: 't1', runId: 'r1' },
      { t: 'forget', taskId: 't1', runId: 'r1' }, // u1 pending: ignored
    ]);
    expect(journal.currentState().runs.map((r) => r.runId)).toEqual(['r1']);
    await journal.append([
      { t: 'ack', uuid: 'u1' },
      { t: 'forget', taskId: 't1', runId: 'r1' },
    ]);
    expect(journal.currentState()).toEqual({ runs: [], pending: [] });
    await journal.close();
    const recovered = await writeAndRecover([]);
    expect(recovered.liveRuns).toEqual([]);
    expect(recovered.endedRuns).toEqual([]);
  });

  it('gives an update to the latest run of its task ID, and keeps an older run’s pending update with that run', async () => {
    const lost = update('t1', 'TASK_FAILED', 'u1');
    const starting = update('t1', 'TASK_STARTING', 'u2');
    const recovered = await writeAndRecover([
      run('t1', 'r1'),
      { t: 'update', update: lost },
      { t: 'end', taskId: 't1', runId: 'r1' },
      run('t1', 'r2'),
      { t: 'update', update: starting },
    ]);
    expect(recovered.endedRuns).toMatchObject([{ runId: 'r1', latestUpdate: lost }]);
    expect(recovered.liveRuns).toMatchObject([{ runId: 'r2', latestUpdate: starting }]);
    expect(recovered.pendingUpdates).toEqual([lost, starting]);
  });
});

describe('replay ignores records that do not apply', () => {
  it.each<[string, JournalRecord[]]>([
    ['a second run with the same run ID', [run('t1', 'r1'), run('t1', 'r1')]],
    ['a run of a task ID that has a live run', [run('t1', 'r1'), run('t1', 'r2')]],
    ['started of an unknown run', [{ t: 'started', taskId: 't1', runId: 'r9', pid: 1, startTime: '1' }]],
    [
      'started naming the wrong task ID',
      [run('t1', 'r1'), { t: 'started', taskId: 't2', runId: 'r1', pid: 1, startTime: '1' }],
    ],
    [
      'kill of an ended run',
      [
        run('t1', 'r1'),
        { t: 'end', taskId: 't1', runId: 'r1' },
        { t: 'kill', taskId: 't1', runId: 'r1', cause: 'request', gracePeriodMs: 0 },
      ],
    ],
    [
      'an update whose uuid is pending',
      [
        { t: 'update', update: update('t1', 'TASK_RUNNING', 'u1') },
        { t: 'update', update: update('t1', 'TASK_RUNNING', 'u1') },
      ],
    ],
    ['an ack of an unknown uuid', [{ t: 'ack', uuid: 'nope' }]],
    [
      'a second end',
      [run('t1', 'r1'), { t: 'end', taskId: 't1', runId: 'r1' }, { t: 'end', taskId: 't1', runId: 'r1' }],
    ],
  ])('%s', async (_name, records) => {
    // The last record is the one that does not apply: the state is that of the others.
    expect(replay(records)).toEqual(replay(records.slice(0, -1)));
    const recovered = await writeAndRecover(records);
    expect(recovered.ignoredRecords).toBe(1);
  });
});

describe('AgentJournal recovery', () => {
  it('starts empty and rewrites the file when another agent ID or boot wrote it', async () => {
    const first = await AgentJournal.open(workDir, owner);
    await first.journal.append([run('t1', 'r1')]);
    await first.journal.close();

    const other = await AgentJournal.open(workDir, { agentId: 'a1', bootId: 'boot-2' });
    await other.journal.close();
    expect(other.recovered.origin).toBe('other-owner');
    expect(other.recovered.liveRuns).toEqual([]);
    const lines = (await readFile(journalPath(workDir), 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { t: 'header', agentId: 'a1', bootId: 'boot-2', version: 1 },
    ]);
  });

  it('discards a file without a valid header', async () => {
    await writeFile(journalPath(workDir), `${JSON.stringify(run('t1', 'r1'))}\n`);
    const { journal, recovered } = await AgentJournal.open(workDir, owner);
    await journal.close();
    expect(recovered.origin).toBe('bad-header');
    expect(recovered.liveRuns).toEqual([]);
  });

  it('ignores a torn last line, and appends after it cleanly', async () => {
    const { journal } = await AgentJournal.open(workDir, owner);
    await journal.append([run('t1', 'r1')]);
    await journal.close();
    const torn = '{"t":"update","update":{"frameworkId":"f1","ta';
    await appendFile(journalPath(workDir), torn);

    const second = await AgentJournal.open(workDir, owner);
    expect(second.recovered.tornTailBytes).toBe(torn.length);
    expect(second.recovered.skippedLines).toBe(0);
    expect(second.recovered.liveRuns.map((r) => r.runId)).toEqual(['r1']);
    await second.journal.append([run('t2', 'r2')]);
    await second.journal.close();

    const third = await AgentJournal.open(workDir, owner);
    await third.journal.close();
    expect(third.recovered.liveRuns.map((r) => r.runId)).toEqual(['r1', 'r2']);
    expect(third.recovered.skippedLines).toBe(0);
    expect(third.recovered.tornTailBytes).toBe(0);
  });

  it('skips and counts malformed and unknown lines, keeping the records around them', async () => {
    const { journal } = await AgentJournal.open(workDir, owner);
    await journal.append([run('t1', 'r1')]);
    await journal.close();
    await appendFile(
      journalPath(workDir),
      ['not json', '{"t":"teleport","taskId":"t1"}', '{"t":"started","taskId":"t1"}', '[1,2]', ''].join('\n') + '\n',
    );
    await appendFile(journalPath(workDir), `${JSON.stringify(run('t2', 'r2'))}\n`);

    const { journal: reopened, recovered } = await AgentJournal.open(workDir, owner);
    await reopened.close();
    expect(recovered.skippedLines).toBe(5);
    expect(recovered.liveRuns.map((r) => r.runId)).toEqual(['r1', 'r2']);
  });

  it('recovers nothing from a missing or empty file', async () => {
    const { journal, recovered } = await AgentJournal.open(join(workDir, 'new'), owner);
    await journal.close();
    expect(recovered).toEqual({
      origin: 'new',
      liveRuns: [],
      endedRuns: [],
      pendingUpdates: [],
      skippedLines: 0,
      ignoredRecords: 0,
      tornTailBytes: 0,
    });
  });
});

describe('AgentJournal group commit', () => {
  it('writes the appends of one tick with one write and one fdatasync', async () => {
    const { journal } = await AgentJournal.open(workDir, owner);
    const before = { ...journal.stats };
    await Promise.all(Array.from({ length: 50 }, (_, i) => journal.append([run(`t${i}`, `r${i}`)])));
    expect(journal.stats.batches - before.batches).toBe(1);
    expect(journal.stats.writes - before.writes).toBe(1);
    expect(journal.stats.datasyncs - before.datasyncs).toBe(1);
    expect(journal.stats.records - before.records).toBe(50);
    await journal.close();
  });

  it('batches the appends made while a write is in flight, in order', async () => {
    let release: () => void = () => undefined;
    let stalled = false;
    const writes: number[] = [];
    const fs = hookedFs({
      beforeWrite: (bytes) => writes.push(bytes),
      beforeDatasync: async () => {
        if (stalled) return;
        stalled = true;
        await new Promise<void>((resolve) => (release = resolve));
      },
    });
    const { journal } = await AgentJournal.open(workDir, owner, { fs });
    writes.length = 0;
    const first = journal.append([run('t0', 'r0')]);
    while (!stalled) await new Promise((resolve) => setImmediate(resolve)); // the first batch is in flight
    const later: Promise<void>[] = [];
    for (let i = 1; i <= 3; i++) {
      later.push(journal.append([run(`t${i}`, `r${i}`)]));
      await new Promise((resolve) => setImmediate(resolve)); // separate ticks
    }
    release();
    await Promise.all([first, ...later]);
    expect(writes).toHaveLength(2); // r0, then r1..r3 together
    expect(journal.currentState().runs.map((r) => r.runId)).toEqual(['r0', 'r1', 'r2', 'r3']);
    await journal.close();
  });

  it('rejects every waiter of a failed batch, cuts off its partial write, and stays usable', async () => {
    let failNext = false;
    const fs: JournalFs = {
      ...nodeJournalFs,
      open: async (path, flags) => {
        const file = await nodeJournalFs.open(path, flags);
        return {
          write: async (buffer, offset, length) => {
            if (!failNext) return file.write(buffer, offset, length);
            failNext = false;
            await file.write(buffer, offset, Math.floor(length / 2)); // a partial write, then the error
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          },
          datasync: async () => file.datasync(),
          sync: async () => file.sync(),
          truncate: async (length) => file.truncate(length),
          close: async () => file.close(),
        };
      },
    };
    const { journal } = await AgentJournal.open(workDir, owner, { fs });
    await journal.append([run('t0', 'r0')]);
    failNext = true;
    const failed = await Promise.allSettled([journal.append([run('t1', 'r1')]), journal.append([run('t2', 'r2')])]);
    for (const result of failed) {
      expect(result.status).toBe('rejected');
      const reason = (result as PromiseRejectedResult).reason as JournalWriteError;
      expect(reason).toBeInstanceOf(JournalWriteError);
      expect((reason.cause as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    await journal.append([run('t3', 'r3')]);
    await journal.close();

    const { journal: reopened, recovered } = await AgentJournal.open(workDir, owner);
    await reopened.close();
    expect(recovered.liveRuns.map((r) => r.runId)).toEqual(['r0', 'r3']);
    expect(recovered.skippedLines).toBe(0);
  });
});

describe('AgentJournal compaction', () => {
  it('rewrites the file to a snapshot and keeps the state', async () => {
    const { journal } = await AgentJournal.open(workDir, owner, { compactMinBytes: 2_048 });
    const compactionsAtOpen = journal.stats.compactions;
    // Churn: 40 runs that start, run, end and are acknowledged and forgotten; every 10th stays live.
    for (let i = 0; i < 40; i++) {
      const taskId = `t${i}`;
      const runId = `r${i}`;
      const records: JournalRecord[] = [
        run(taskId, runId),
        { t: 'started', taskId, runId, pid: 1_000 + i, startTime: `${50_000 + i}` },
        { t: 'update', update: update(taskId, 'TASK_RUNNING', `u${i}-1`) },
        { t: 'ack', uuid: `u${i}-1` },
      ];
      if (i % 10 !== 0) {
        records.push(
          { t: 'update', update: update(taskId, 'TASK_FINISHED', `u${i}-2`) },
          { t: 'end', taskId, runId },
          { t: 'ack', uuid: `u${i}-2` },
          { t: 'forget', taskId, runId },
        );
      }
      await journal.append(records);
    }
    expect(journal.stats.compactions).toBeGreaterThan(compactionsAtOpen);
    const state = journal.currentState();
    expect(state.runs.map((r) => r.runId)).toEqual(['r0', 'r10', 'r20', 'r30']);
    await journal.close();

    const size = (await readFile(journalPath(workDir))).length;
    expect(size).toBeLessThan(4 * 2_048);
    const { journal: reopened, recovered } = await AgentJournal.open(workDir, owner);
    expect(reopened.currentState()).toEqual(state);
    expect(recovered.liveRuns).toEqual(state.runs);
    await reopened.close();
  });

  it('holds appends made during a compaction and writes them to the new file', async () => {
    let release: () => void = () => undefined;
    let renaming = false;
    let stall = false;
    const fs = hookedFs({
      beforeRename: async () => {
        if (!stall) return;
        renaming = true;
        await new Promise<void>((resolve) => (release = resolve));
      },
    });
    const { journal } = await AgentJournal.open(workDir, owner, { fs, compactMinBytes: 1 });
    stall = true;
    const first = journal.append([run('t0', 'r0')]); // exceeds 1 byte: compacts after writing
    while (!renaming) await new Promise((resolve) => setImmediate(resolve));
    const during = journal.append([run('t1', 'r1')]);
    await new Promise((resolve) => setImmediate(resolve));
    stall = false;
    release();
    await Promise.all([first, during]);
    await journal.close();

    const { journal: reopened, recovered } = await AgentJournal.open(workDir, owner);
    await reopened.close();
    expect(recovered.liveRuns.map((r) => r.runId)).toEqual(['r0', 'r1']);
  });

  it('snapshot is the minimal record list of a churned state', () => {
    const running = update('t1', 'TASK_RUNNING', 'u2');
    const records: JournalRecord[] = [
      run('t1', 'r1'),
      { t: 'started', taskId: 't1', runId: 'r1', pid: 7, startTime: '70' },
      { t: 'update', update: update('t1', 'TASK_STARTING', 'u1') },
      { t: 'update', update: running },
      { t: 'ack', uuid: 'u1' },
      { t: 'ack', uuid: 'u2' },
    ];
    expect(snapshot(replay(records))).toEqual([
      run('t1', 'r1'),
      { t: 'started', taskId: 't1', runId: 'r1', pid: 7, startTime: '70' },
      { t: 'update', update: running },
      { t: 'ack', uuid: 'u2' },
    ]);
  });
});

describe('AgentJournal close', () => {
  it('writes what was appended before close, and rejects appends after it', async () => {
    const { journal } = await AgentJournal.open(workDir, owner);
    const pending = journal.append([run('t1', 'r1')]);
    await journal.close();
    await pending;
    await expect(journal.append([run('t2', 'r2')])).rejects.toBeInstanceOf(JournalClosedError);
    await journal.close(); // idempotent
    const recovered = await writeAndRecover([]);
    expect(recovered.liveRuns.map((r) => r.runId)).toEqual(['r1']);
  });
});
