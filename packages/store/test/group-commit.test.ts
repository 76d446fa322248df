import { describe, expect, it } from 'vitest';
import { GroupCommitPipeline, type StoreWrite } from '../src/index.js';

type Effect = { readonly write?: string; readonly send?: string };

function pipeline(commit: (writes: readonly StoreWrite[]) => Promise<void>) {
  const log: string[] = [];
  const fatal: unknown[] = [];
  const p = new GroupCommitPipeline<Effect>({
    commit: async (writes) => {
      log.push(`commit ${writes.map((w) => w.id).join(',')}`);
      await commit(writes);
    },
    writesOf: (effect, out) => {
      if (effect.write !== undefined) out.push({ op: 'delete', collection: 'c', id: effect.write });
    },
    send: (effect) => {
      if (effect.send !== undefined) log.push(`send ${effect.send}`);
    },
    onFatal: (error) => fatal.push(error),
  });
  return { p, log, fatal };
}

describe('GroupCommitPipeline', () => {
  it('commits the steps queued meanwhile together, then sends each step in order', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    const { p, log } = pipeline(async () => {
      if (first) {
        first = false;
        await gate;
      }
    });
    const a = p.apply([{ write: 'a1', send: 'a' }]);
    const b = p.apply([{ write: 'b1' }, { send: 'b' }]);
    const c = p.apply([{ send: 'c' }]);
    release();
    await Promise.all([a, b, c]);
    // a alone (the pipeline was idle), then b and c in one commit.
    expect(log).toEqual(['commit a1', 'send a', 'commit b1', 'send b', 'send c']);
  });

  it('a failed commit sends nothing, rejects every queued and later step, and is reported once', async () => {
    const error = new Error('fenced');
    const { p, log, fatal } = pipeline(() => Promise.reject(error));
    const a = p.apply([{ write: 'a1', send: 'a' }]);
    const b = p.apply([{ write: 'b1', send: 'b' }]);
    await expect(a).rejects.toBe(error);
    await expect(b).rejects.toBe(error);
    await expect(p.apply([{ send: 'later' }])).rejects.toBe(error);
    expect(log).toEqual(['commit a1']);
    expect(fatal).toEqual([error]);
  });

  it('a step without writes is sent without a commit; an empty step resolves at once', async () => {
    const { p, log } = pipeline(() => Promise.resolve());
    await p.apply([]);
    await p.apply([{ send: 'x' }]);
    expect(log).toEqual(['send x']);
  });
});
