import { describe, expect, it } from 'vitest';
import {
  InvalidDependencyStateError,
  JobGraph,
  childStarted,
  dependencyStateFromJSON,
  dependencyStateToJSON,
  emptyDependencyState,
  parentFinished,
  pendingParents,
  pruneDependencyState,
  type DependencyState,
  type GraphJob,
  type ParentOutcome,
} from '../src/core/index.js';

const job = (name: string, ...parents: string[]): GraphJob => ({ name, parents });

function graphOf(...jobs: GraphJob[]): JobGraph {
  const built = JobGraph.fromJobs(jobs);
  if (!built.ok) throw built.error;
  return built.graph;
}

// a, b, s scheduled; c after a and b; d after a alone; e after c and s.
const graph = graphOf(job('a'), job('b'), job('s'), job('c', 'a', 'b'), job('d', 'a'), job('e', 'c', 's'));

type Step =
  | readonly ['finish', parent: string, outcome: ParentOutcome, atMs: number, ready: readonly string[]]
  | readonly ['start', child: string, atMs: number];

function run(steps: readonly Step[], state: DependencyState = emptyDependencyState()): DependencyState {
  steps.forEach((step, index) => {
    if (step[0] === 'start') {
      state = childStarted(state, graph, step[1], step[2]);
      return;
    }
    const [, parent, outcome, atMs, ready] = step;
    const finished = parentFinished(state, graph, parent, outcome, atMs);
    expect(finished.ready, `step ${index}: ${parent} ${outcome} at ${atMs}`).toEqual(ready);
    state = finished.state;
  });
  return state;
}

describe('parentFinished / childStarted', () => {
  it.each<[string, readonly Step[]]>([
    [
      'two parents: ready only after both; one parent: after it',
      [
        ['finish', 'a', 'succeeded', 10, ['d']],
        ['finish', 'b', 'succeeded', 20, ['c']],
      ],
    ],
    [
      "a parent's failure counts for nothing and resets nothing",
      [
        ['finish', 'a', 'succeeded', 10, ['d']],
        ['finish', 'b', 'failed', 15, []],
        ['finish', 'a', 'failed', 16, []],
        // a's success at 10 still counts for c.
        ['finish', 'b', 'succeeded', 20, ['c']],
      ],
    ],
    [
      'softError: a final failure of a softError parent counts as done',
      [
        ['finish', 'a', 'failed-soft', 10, ['d']],
        ['finish', 'b', 'succeeded', 20, ['c']],
      ],
    ],
    [
      'the child starting begins a new round: every parent again',
      [
        ['finish', 'a', 'succeeded', 10, ['d']],
        ['finish', 'b', 'succeeded', 20, ['c']],
        ['start', 'c', 30],
        ['finish', 'a', 'succeeded', 40, ['d']],
        ['finish', 'b', 'succeeded', 50, ['c']],
      ],
    ],
    [
      'ready again before it started: reported again (the concurrency policy decides)',
      [
        ['finish', 'a', 'succeeded', 10, ['d']],
        ['finish', 'b', 'succeeded', 20, ['c']],
        ['finish', 'a', 'succeeded', 25, ['c', 'd']],
      ],
    ],
    [
      'a redelivered or older completion of the same parent reports nothing',
      [
        ['finish', 'a', 'succeeded', 10, ['d']],
        ['finish', 'a', 'succeeded', 10, []],
        ['finish', 'a', 'failed-soft', 5, []],
        ['finish', 'b', 'succeeded', 20, ['c']],
        ['finish', 'b', 'succeeded', 20, []],
      ],
    ],
    [
      "a completion not after the child's last start belongs to the round before",
      [
        ['start', 'c', 30],
        ['start', 'd', 30],
        ['finish', 'a', 'succeeded', 30, []],
        ['finish', 'a', 'succeeded', 25, []],
        ['finish', 'b', 'succeeded', 40, []],
        ['finish', 'a', 'succeeded', 41, ['c', 'd']],
      ],
    ],
    [
      'a start delivered after later completions keeps them',
      [
        ['finish', 'a', 'succeeded', 40, ['d']],
        ['finish', 'b', 'succeeded', 20, ['c']],
        // c started at 30: b's completion at 20 was its previous round's, a's at 40 counts.
        ['start', 'c', 30],
        ['finish', 'b', 'succeeded', 45, ['c']],
      ],
    ],
    [
      'an earlier or repeated start changes nothing',
      [
        ['start', 'c', 30],
        ['finish', 'a', 'succeeded', 35, ['d']],
        ['start', 'c', 30],
        ['start', 'c', 20],
        ['finish', 'b', 'succeeded', 36, ['c']],
      ],
    ],
    [
      'a chain: c ready makes nothing ready below it; c completing does',
      [
        ['finish', 's', 'succeeded', 5, []],
        ['finish', 'a', 'succeeded', 10, ['d']],
        ['finish', 'b', 'succeeded', 20, ['c']],
        ['start', 'c', 21],
        ['finish', 'c', 'succeeded', 30, ['e']],
      ],
    ],
    [
      'a parent not in the graph, or without children, changes nothing',
      [
        ['finish', 'zz', 'succeeded', 10, []],
        ['finish', 'e', 'succeeded', 10, []],
      ],
    ],
  ])('%s', (_title, steps) => {
    run(steps);
  });

  it('returns the same state object when nothing changes', () => {
    const state = run([['finish', 'a', 'succeeded', 10, ['d']]]);
    expect(parentFinished(state, graph, 'a', 'succeeded', 10).state).toBe(state);
    expect(parentFinished(state, graph, 'b', 'failed', 11).state).toBe(state);
    // a, b and s are scheduled: their starts are not recorded.
    expect(childStarted(state, graph, 'a', 50)).toBe(state);
    expect(childStarted(state, graph, 'zz', 50)).toBe(state);
  });

  it('does not change the state it was given', () => {
    const before = run([['finish', 'a', 'succeeded', 10, ['d']]]);
    const json = dependencyStateToJSON(before);
    run(
      [
        ['finish', 'b', 'succeeded', 20, ['c']],
        ['start', 'c', 30],
      ],
      before,
    );
    expect(dependencyStateToJSON(before)).toEqual(json);
  });

  it('pendingParents: the parents not completed since the last start, in definition order', () => {
    expect(pendingParents(emptyDependencyState(), graph, 'c')).toEqual(['a', 'b']);
    const state = run([
      ['finish', 'b', 'succeeded', 10, []],
      ['finish', 's', 'succeeded', 11, []],
    ]);
    expect(pendingParents(state, graph, 'c')).toEqual(['a']);
    expect(pendingParents(state, graph, 'e')).toEqual(['c']);
    expect(pendingParents(childStarted(state, graph, 'c', 12), graph, 'c')).toEqual(['a', 'b']);
    expect(pendingParents(state, graph, 'a')).toEqual([]);
  });
});

describe('pruneDependencyState: the state follows the graph', () => {
  it('deleting a parent: its children drop its completion and keep the others', () => {
    // c waits for a and b; b done. Delete b (scheduled): c keeps only a, and a's completion is still to come.
    let state = run([['finish', 'b', 'succeeded', 10, []]]);
    const removal = graph.withoutJob('b');
    if (!removal.ok) throw removal.error;
    state = pruneDependencyState(state, removal.graph);
    expect(dependencyStateToJSON(state).children).toEqual([{ child: 'c', startedAtMs: null, completed: [] }]);
    // Nothing became ready by the delete; a's next completion makes c ready.
    expect(parentFinished(state, removal.graph, 'a', 'succeeded', 20).ready).toEqual(['c', 'd']);
  });

  it('deleting a child or making it scheduled drops its round', () => {
    const state = run([
      ['finish', 'a', 'succeeded', 10, ['d']],
      ['finish', 'c', 'succeeded', 11, []],
    ]);
    const removal = graph.withoutJob('d');
    if (!removal.ok) throw removal.error;
    const scheduled = removal.graph.withJob(job('e'));
    if (!scheduled.ok) throw scheduled.error;
    expect(dependencyStateToJSON(pruneDependencyState(state, scheduled.graph)).children.map((c) => c.child)).toEqual([
      'c',
    ]);
  });

  it('returns the same state when the graph dropped nothing it holds', () => {
    const state = run([['finish', 'a', 'succeeded', 10, ['d']]]);
    expect(pruneDependencyState(state, graph)).toBe(state);
  });
});

describe('dependencyStateToJSON / dependencyStateFromJSON', () => {
  const state = run([
    ['start', 'c', 5],
    ['finish', 'b', 'succeeded', 20, []],
    ['finish', 'a', 'succeeded', 10, ['c', 'd']],
  ]);

  it('plain JSON, sorted', () => {
    expect(dependencyStateToJSON(state)).toEqual({
      version: 1,
      children: [
        {
          child: 'c',
          startedAtMs: 5,
          completed: [
            { parent: 'a', atMs: 10 },
            { parent: 'b', atMs: 20 },
          ],
        },
        { child: 'd', startedAtMs: null, completed: [{ parent: 'a', atMs: 10 }] },
      ],
    });
  });

  it('reads back what it wrote, through a JSON string', () => {
    const read = dependencyStateFromJSON(JSON.parse(JSON.stringify(dependencyStateToJSON(state))));
    expect(read).toEqual({ ok: true, state });
  });

  it.each([
    [null, 'expected object'],
    [{ version: 2, children: [] }, 'version'],
    [{ version: 1, children: [{ child: 'c', startedAtMs: 'soon', completed: [] }] }, 'startedAtMs'],
    [{ version: 1, children: [{ child: '', startedAtMs: null, completed: [] }] }, 'child'],
    [
      {
        version: 1,
        children: [
          { child: 'c', startedAtMs: null, completed: [] },
          { child: 'c', startedAtMs: 1, completed: [] },
        ],
      },
      'child "c" is listed twice',
    ],
    [
      {
        version: 1,
        children: [
          {
            child: 'c',
            startedAtMs: null,
            completed: [
              { parent: 'a', atMs: 1 },
              { parent: 'a', atMs: 2 },
            ],
          },
        ],
      },
      'parent "a" of "c" is listed twice',
    ],
    [
      { version: 1, children: [{ child: 'c', startedAtMs: 10, completed: [{ parent: 'a', atMs: 10 }] }] },
      'the completion of "a" at 10 is not after "c"\'s start at 10',
    ],
  ])('refuses %j', (json, problem) => {
    const read = dependencyStateFromJSON(json);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.error).toBeInstanceOf(InvalidDependencyStateError);
    expect(read.error.message).toContain(problem);
  });
});
