/**
 * The durability gate (`durability.ts`): what a tracker step does outside runs
 * only once the step's journal records are durable, in the order of the steps.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@tessera/runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../src/core/journal-records.js';
import { Durability } from '../src/durability.js';
import { AgentJournal, nodeJournalFs, type JournalFs } from '../src/journal.js';
import { waitFor } from './helpers.js';

const logger = createLogger('test', { level: 'silent' });
const owner = { agentId: 'a1', bootId: 'boot-1' };

let workDir: string;
beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tessera-durability-'));
});
afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function ack(uuid: string): JournalRecord {
  return { t: 'ack', uuid };
}

/** A file system whose fdatasyncs wait while `held`; `release` lets them through. */
function gatedFs(): { fs: JournalFs; hold: () => void; release: () => void } {
  let held = false;
  let waiting: (() => void)[] = [];
  const fs: JournalFs = {
    ...nodeJournalFs,
    open: async (path, flags) => {
      const file = await nodeJournalFs.open(path, flags);
      return {
        write: async (buffer, offset, length) => file.write(buffer, offset, length),
        datasync: async () => {
          if (held) await new Promise<void>((resolve) => waiting.push(resolve));
          return file.datasync();
        },
        sync: async () => file.sync(),
        truncate: async (length) => file.truncate(length),
        close: async () => file.close(),
      };
    },
  };
  return {
    fs,
    hold: () => {
      held = true;
    },
    release: () => {
      held = false;
      for (const resolve of waiting.splice(0)) resolve();
      waiting = [];
    },
  };
}

describe('Durability', () => {
  it('without checkpointing, runs each step at once, inside the call', () => {
    const durability = new Durability({ checkpointing: false, logger });
    const ran: number[] = [];
    durability.afterDurable([ack('u1')], () => ran.push(1));
    durability.afterDurable([], () => ran.push(2));
    expect(ran).toEqual([1, 2]);
  });

  it('runs a step once its records are durable, and later steps (even without records) after it', async () => {
    const { fs, hold, release } = gatedFs();
    const { journal } = await AgentJournal.open(workDir, owner, { fs });
    const durability = new Durability({ checkpointing: true, logger });
    durability.use(journal);
    const ran: string[] = [];
    // Nothing in flight and nothing to journal: at once.
    durability.afterDurable([], () => ran.push('empty'));
    expect(ran).toEqual(['empty']);

    hold();
    durability.afterDurable([ack('u1')], () => ran.push(`first: ${journal.stats.records} durable`));
    durability.afterDurable([], () => ran.push('second'));
    await waitFor(() => journal.stats.writes > 0, 'the write to start');
    expect(ran).toEqual(['empty']);
    release();
    await durability.settled();
    expect(ran).toEqual(['empty', 'first: 1 durable', 'second']);
    await durability.close();
  });

  it('holds steps until the journal is opened (the first registration), then writes what waited', async () => {
    const durability = new Durability({ checkpointing: true, logger });
    const ran: string[] = [];
    durability.afterDurable([ack('u1')], () => ran.push('first'));
    durability.afterDurable([], () => ran.push('second'));
    await Promise.resolve();
    expect(ran).toEqual([]);
    let opened: AgentJournal | undefined;
    durability.reopen(async () => {
      opened = (await AgentJournal.open(workDir, owner)).journal;
      return opened;
    });
    await waitFor(() => ran.length === 2, 'the held steps');
    expect(ran).toEqual(['first', 'second']);
    expect(opened?.stats.records).toBe(1);
    await durability.close();
  });

  it('when the journal cannot be opened, what waited runs anyway and nothing waits from then on', async () => {
    const durability = new Durability({ checkpointing: true, logger });
    const ran: string[] = [];
    durability.afterDurable([ack('u1')], () => ran.push('held'));
    durability.reopen(() => Promise.reject(new Error('EACCES')));
    await waitFor(() => ran.length === 1, 'the held step');
    durability.afterDurable([ack('u2')], () => ran.push('later'));
    expect(ran).toEqual(['held', 'later']);
    await durability.close();
  });

  it('a failed write still lets its step run (at least once beats never)', async () => {
    const failing: JournalFs = {
      ...nodeJournalFs,
      open: async (path, flags) => {
        const file = await nodeJournalFs.open(path, flags);
        return flags === 'a' ? { ...file, datasync: () => Promise.reject(new Error('EIO')) } : file;
      },
    };
    const { journal } = await AgentJournal.open(workDir, owner, { fs: failing });
    const durability = new Durability({ checkpointing: true, logger });
    durability.use(journal);
    const ran: string[] = [];
    durability.afterDurable([ack('u1')], () => ran.push('step'));
    await durability.settled();
    expect(ran).toEqual(['step']);
    expect(journal.stats.records).toBe(0);
    await durability.close();
  });

  it('close: steps held for a journal that was never opened run at once; later steps run inside the call', async () => {
    const durability = new Durability({ checkpointing: true, logger });
    const ran: string[] = [];
    durability.afterDurable([ack('u1')], () => ran.push('held'));
    await durability.close();
    expect(ran).toEqual(['held']);
    durability.afterDurable([ack('u2')], () => ran.push('after close'));
    expect(ran).toEqual(['held', 'after close']);
  });
});
