/**
 * Invariants of the agent journal:
 * - crash safety: whatever prefix of the file survives a crash (the file cut at
 *   any byte), the recovered state is the state after the last record written in
 *   full, as a shadow model kept by the test computes it;
 * - compaction is lossless: replay(snapshot(replay(rs))) deep-equals replay(rs)
 *   for any record sequence, valid or not.
 */
import { mkdtemp, readFile, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskState } from '@tessera/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StatusUpdate, TaskDescription } from '../src/core/types.js';
import { replay, snapshot } from '../src/core/journal-replay.js';
import { AgentJournal, journalPath, type JournalRecord } from '../src/journal.js';
import { taskDescription } from './helpers.js';

const owner = { agentId: 'a1', bootId: 'boot-1' };
const TASK_IDS = ['t0', 't1', 't2'];

function task(taskId: string, frameworkId = 'f1'): TaskDescription {
  return taskDescription(taskId, {
    frameworkId,
    command: { shell: false, value: '/bin/sleep', arguments: ['sleep', '100'] },
    environment: { HOME: '/' },
  });
}

function update(taskId: string, state: TaskState, uuid: string, frameworkId = 'f1'): StatusUpdate {
  return { frameworkId, taskId, state, message: `${state} of ${taskId}`, source: 'agent', timestampMs: 5, uuid };
}

// ---------- the shadow model: valid records only, by the agent's rules ----------

interface ModelRun {
  runId: string;
  taskId: string;
  pid?: number;
  startTime?: string;
  killCause?: string;
  ended: boolean;
  latestUuid?: string;
}

class Model {
  runs: ModelRun[] = [];
  /** Pending updates, oldest first. */
  pending: { uuid: string; taskId: string; runId: string }[] = [];

  apply(record: JournalRecord): void {
    const byRunId = (runId: string) => this.runs.find((r) => r.runId === runId);
    switch (record.t) {
      case 'run':
        this.runs.push({ runId: record.runId, taskId: record.task.taskId, ended: false });
        return;
      case 'started':
        Object.assign(byRunId(record.runId) ?? {}, { pid: record.pid, startTime: record.startTime });
        return;
      case 'kill':
        Object.assign(byRunId(record.runId) ?? {}, { killCause: record.cause });
        return;
      case 'update': {
        const run = this.latestRun(record.update.taskId);
        if (run === undefined) throw new Error('generator bug: update without a run');
        run.latestUuid = record.update.uuid;
        this.pending.push({ uuid: record.update.uuid, taskId: record.update.taskId, runId: run.runId });
        return;
      }
      case 'ack':
        this.pending = this.pending.filter((p) => p.uuid !== record.uuid);
        return;
      case 'end':
        Object.assign(byRunId(record.runId) ?? {}, { ended: true });
        return;
      case 'forget':
        this.runs = this.runs.filter((r) => r.runId !== record.runId);
        return;
    }
  }

  latestRun(taskId: string): ModelRun | undefined {
    return this.runs.filter((r) => r.taskId === taskId).at(-1);
  }

  /** What a restarted agent must recover. */
  expected() {
    const project = (r: ModelRun) => ({
      runId: r.runId,
      taskId: r.taskId,
      pid: r.pid,
      startTime: r.startTime,
      killCause: r.killCause,
      latestUuid: r.latestUuid,
    });
    return {
      liveRuns: this.runs.filter((r) => !r.ended).map(project),
      endedRuns: this.runs.filter((r) => r.ended && this.pending.some((p) => p.runId === r.runId)).map(project),
      pendingUuids: this.pending.map((p) => p.uuid),
    };
  }
}

/** Turns random choices into a valid record sequence: each op picks a target it applies to, else is skipped. */
function validRecords(ops: readonly (readonly [number, number])[]): JournalRecord[] {
  const model = new Model();
  const records: JournalRecord[] = [];
  let nextRun = 0;
  let nextUuid = 0;
  const emit = (...rs: JournalRecord[]) => {
    for (const r of rs) {
      model.apply(r);
      records.push(r);
    }
  };
  const pick = <T>(items: readonly T[], selector: number): T | undefined => items[selector % Math.max(1, items.length)];
  for (const [op, selector] of ops) {
    const live = model.runs.filter((r) => !r.ended);
    switch (op) {
      case 0: {
        const free = TASK_IDS.filter((taskId) => !live.some((r) => r.taskId === taskId));
        const taskId = pick(free, selector);
        if (taskId === undefined) break;
        const runId = `r${nextRun++}`;
        emit({
          t: 'run',
          task: task(taskId),
          capabilities: { taskKillingState: true, partitionAware: true },
          runId,
          sandbox: `/s/${runId}`,
        });
        emit({ t: 'update', update: update(taskId, 'TASK_STARTING', `u${nextUuid++}`) });
        break;
      }
      case 1: {
        const run = pick(
          live.filter((r) => r.pid === undefined),
          selector,
        );
        if (run !== undefined) {
          emit({
            t: 'started',
            taskId: run.taskId,
            runId: run.runId,
            pid: 100 + selector,
            startTime: `${selector * 7}`,
          });
        }
        break;
      }
      case 2: {
        const run = pick(
          live.filter((r) => r.killCause === undefined),
          selector,
        );
        if (run !== undefined) {
          emit({
            t: 'kill',
            taskId: run.taskId,
            runId: run.runId,
            cause: selector % 2 ? 'request' : 'drain',
            gracePeriodMs: 3_000,
          });
        }
        break;
      }
      case 3: {
        const run = pick(live, selector);
        if (run !== undefined) emit({ t: 'update', update: update(run.taskId, 'TASK_RUNNING', `u${nextUuid++}`) });
        break;
      }
      case 4: {
        // The master acknowledges the oldest pending update of a task (the one in flight).
        const heads = TASK_IDS.map((taskId) => model.pending.find((p) => p.taskId === taskId)).filter(
          (p) => p !== undefined,
        );
        const head = pick(heads, selector);
        if (head !== undefined) emit({ t: 'ack', uuid: head.uuid });
        break;
      }
      case 5: {
        const run = pick(live, selector);
        if (run !== undefined) {
          emit(
            { t: 'update', update: update(run.taskId, 'TASK_FINISHED', `u${nextUuid++}`) },
            { t: 'end', taskId: run.taskId, runId: run.runId },
          );
        }
        break;
      }
      default: {
        const forgettable = model.runs.filter((r) => r.ended && !model.pending.some((p) => p.runId === r.runId));
        const run = pick(forgettable, selector);
        if (run !== undefined) emit({ t: 'forget', taskId: run.taskId, runId: run.runId });
      }
    }
  }
  return records;
}

const opsArbitrary = fc.array(fc.tuple(fc.nat(6), fc.nat(1_000)), { maxLength: 60 });

/** Splits records into consecutive batches of 1..5. */
function batches(records: readonly JournalRecord[], sizes: readonly number[]): JournalRecord[][] {
  const out: JournalRecord[][] = [];
  for (let start = 0, i = 0; start < records.length; i++) {
    const size = sizes.length === 0 ? records.length : (sizes[i % sizes.length] ?? 1);
    out.push(records.slice(start, start + size));
    start += size;
  }
  return out;
}

describe('AgentJournal crash safety', () => {
  it('recovers the state after the last fully written record, wherever the file is cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        opsArbitrary,
        fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 8 }),
        fc.array(fc.boolean(), { maxLength: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (ops, sizes, awaitEach, cutFraction) => {
          const records = validRecords(ops);
          const workDir = await mkdtemp(join(tmpdir(), 'tessera-journal-prop-'));
          try {
            // NOTE: no compaction, so that the file is the header followed by the records in order.
            const { journal } = await AgentJournal.open(workDir, owner, { compactMinBytes: 1 << 30 });
            const appends: Promise<void>[] = [];
            for (const [i, batch] of batches(records, sizes).entries()) {
              const appended = journal.append(batch);
              appends.push(appended);
              if (awaitEach[i % Math.max(1, awaitEach.length)] === true) await appended;
            }
            await Promise.all(appends);
            await journal.close();

            const file = await readFile(journalPath(workDir));
            const cutAt = Math.floor(cutFraction * file.length);
            await truncate(journalPath(workDir), cutAt);

            // Records whose line (with its newline) lies wholly before the cut survive.
            const headerBytes = file.indexOf(0x0a) + 1;
            const model = new Model();
            let end = headerBytes;
            for (const record of records) {
              end += Buffer.byteLength(JSON.stringify(record)) + 1;
              if (end > cutAt) break;
              model.apply(record);
            }

            const { journal: reopened, recovered } = await AgentJournal.open(workDir, owner);
            await reopened.close();
            const project = (r: (typeof recovered.liveRuns)[number]) => ({
              runId: r.runId,
              taskId: r.task.taskId,
              pid: r.pid,
              startTime: r.startTime,
              killCause: r.kill?.cause,
              latestUuid: r.latestUpdate?.uuid,
            });
            expect({
              liveRuns: recovered.liveRuns.map(project),
              endedRuns: recovered.endedRuns.map(project),
              pendingUuids: recovered.pendingUpdates.map((u) => u.uuid),
            }).toEqual(model.expected());
            expect(recovered.skippedLines).toBe(0);
            expect(recovered.ignoredRecords).toBe(0);
            expect(recovered.origin).toBe(cutAt < headerBytes ? 'new' : 'resumed');
          } finally {
            await rm(workDir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

// ---------- any records, valid or not ----------

const recordArbitrary: fc.Arbitrary<JournalRecord> = (() => {
  const taskId = fc.constantFrom(...TASK_IDS);
  const frameworkId = fc.constantFrom('f1', 'f2');
  const runId = fc.constantFrom('r0', 'r1', 'r2', 'r3', 'r4');
  const uuid = fc.constantFrom('u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7');
  const state = fc.constantFrom<TaskState>('TASK_STARTING', 'TASK_RUNNING', 'TASK_FINISHED', 'TASK_KILLED');
  return fc.oneof(
    fc.record({ taskId, frameworkId, runId }).map(({ taskId, frameworkId, runId }): JournalRecord => ({
      t: 'run',
      task: task(taskId, frameworkId),
      capabilities: { taskKillingState: false, partitionAware: true },
      runId,
      sandbox: `/s/${runId}`,
    })),
    fc
      .record({ taskId, runId, pid: fc.nat(100) })
      .map(({ taskId, runId, pid }): JournalRecord => ({ t: 'started', taskId, runId, pid, startTime: `${pid * 3}` })),
    fc
      .record({ taskId, runId, message: fc.option(fc.string({ maxLength: 3 }), { nil: undefined }) })
      .map(({ taskId, runId, message }): JournalRecord =>
        message === undefined
          ? { t: 'kill', taskId, runId, cause: 'request', gracePeriodMs: 1 }
          : { t: 'kill', taskId, runId, cause: 'health-check', gracePeriodMs: 2, message },
      ),
    fc.record({ taskId, frameworkId, state, uuid }).map(({ taskId, frameworkId, state, uuid }): JournalRecord => ({
      t: 'update',
      update: update(taskId, state, uuid, frameworkId),
    })),
    uuid.map((uuid): JournalRecord => ({ t: 'ack', uuid })),
    fc.record({ taskId, runId }).map(({ taskId, runId }): JournalRecord => ({ t: 'end', taskId, runId })),
    fc.record({ taskId, runId }).map(({ taskId, runId }): JournalRecord => ({ t: 'forget', taskId, runId })),
  );
})();

/**
 * Makes update uuids unique (the journal's assumption) by suffixing each update's
 * uuid with its position; an ack keeps naming one of the uuids generated so far.
 */
function uniqueUuids(records: readonly JournalRecord[]): JournalRecord[] {
  const issued: string[] = [];
  return records.map((record, index) => {
    if (record.t === 'update') {
      const uuid = `${record.update.uuid}-${index}`;
      issued.push(uuid);
      return { t: 'update', update: { ...record.update, uuid } };
    }
    if (record.t === 'ack' && issued.length > 0) {
      return { t: 'ack', uuid: issued[Number(record.uuid.slice(1)) % issued.length] ?? record.uuid };
    }
    return record;
  });
}

describe('replay and snapshot', () => {
  it('replay(snapshot(state)) equals state, for any record sequence', () => {
    fc.assert(
      fc.property(fc.array(recordArbitrary, { maxLength: 80 }), (generated) => {
        const state = replay(uniqueUuids(generated));
        const records = snapshot(state);
        expect(replay(records)).toStrictEqual(state);
        // A snapshot of a snapshot is the same snapshot.
        expect(snapshot(replay(records))).toStrictEqual(records);
      }),
      { numRuns: 2_000 },
    );
  });

  it('replay(snapshot(state)) equals state, for valid sequences', () => {
    fc.assert(
      fc.property(opsArbitrary, (ops) => {
        const state = replay(validRecords(ops));
        expect(replay(snapshot(state))).toStrictEqual(state);
      }),
      { numRuns: 500 },
    );
  });
});
