import { describe, expect, it } from 'vitest';
import { demandCall, KnownTasks, type DemandState } from '../src/index.js';

describe('demandCall', () => {
  it.each<[DemandState, ReturnType<typeof demandCall>]>([
    [{ wanted: true, suppressed: true, calling: false }, 'revive'],
    [{ wanted: false, suppressed: false, calling: false }, 'suppress'],
    [{ wanted: true, suppressed: false, calling: false }, undefined],
    [{ wanted: false, suppressed: true, calling: false }, undefined],
    // one call at a time: asked again when it returns
    [{ wanted: true, suppressed: true, calling: true }, undefined],
    [{ wanted: false, suppressed: false, calling: true }, undefined],
  ])('%j → %s', (state, call) => {
    expect(demandCall(state)).toBe(call);
  });
});

describe('KnownTasks', () => {
  it('knows launched tasks until they end or the master does not know them', () => {
    const known = new KnownTasks();
    known.launched('a');
    known.launched('b');
    known.launched('c');
    known.observe('a', 'TASK_RUNNING');
    known.launched('a'); // idempotent: stays RUNNING
    known.observe('b', 'TASK_FINISHED');
    known.observe('c', 'TASK_UNKNOWN');
    known.observe('d', 'TASK_UNREACHABLE'); // seen in an update: known from now on
    expect(known.stateOf('a')).toBe('TASK_RUNNING');
    expect(known.reconcileBatches()).toEqual([['a', 'd']]);
    known.forget('d');
    expect(known.size).toBe(1);
  });

  it('reconciles in batches', () => {
    const known = new KnownTasks();
    for (let i = 0; i < 5; i++) known.launched(`t${i}`);
    // 5 tasks, 2 per call: 2 + 2 + 1
    expect(known.reconcileBatches(2)).toEqual([['t0', 't1'], ['t2', 't3'], ['t4']]);
    expect(new KnownTasks().reconcileBatches()).toEqual([]);
  });
});
