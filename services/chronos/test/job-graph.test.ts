import { describe, expect, it } from 'vitest';
import {
  DependencyCycleError,
  DuplicateJobError,
  JobGraph,
  OwnParentError,
  UnknownJobError,
  UnknownParentError,
  checkJob,
  graphToCsv,
  graphToDot,
  type GraphJob,
  type JobActivity,
  type LastOutcome,
} from '../src/core/index.js';

const job = (name: string, ...parents: string[]): GraphJob => ({ name, parents });

function graphOf(...jobs: GraphJob[]): JobGraph {
  const built = JobGraph.fromJobs(jobs);
  if (!built.ok) throw built.error;
  return built.graph;
}

//   a     s
//  / \   /
// b   c
//  \ /
//   d
const diamond = () => graphOf(job('d', 'b', 'c'), job('b', 'a'), job('c', 'a', 's'), job('a'), job('s'));

describe('JobGraph: building and reading', () => {
  it('takes the definitions in any order; parents in definition order, children sorted', () => {
    const graph = diamond();
    expect(graph.jobNames()).toEqual(['a', 'b', 'c', 'd', 's']);
    expect(graph.parentsOf('d')).toEqual(['b', 'c']);
    expect(graph.parentsOf('c')).toEqual(['a', 's']);
    expect(graph.parentsOf('a')).toEqual([]);
    expect(graph.childrenOf('a')).toEqual(['b', 'c']);
    expect(graph.childrenOf('d')).toEqual([]);
    expect(graph.edges()).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'd'],
      ['c', 'd'],
      ['s', 'c'],
    ]);
  });

  it('a job not in the graph has no parents and no children', () => {
    expect(diamond().parentsOf('zz')).toEqual([]);
    expect(diamond().childrenOf('zz')).toEqual([]);
    expect(diamond().has('zz')).toBe(false);
  });

  it('a parent named twice is one edge', () => {
    expect(graphOf(job('a'), job('b', 'a', 'a')).parentsOf('b')).toEqual(['a']);
  });

  it('topological order: parents first, the smallest ready name first', () => {
    // Ready at first: a, s → a; then b (c still waits for s), then c's turn after s.
    expect(diamond().topologicalOrder()).toEqual(['a', 'b', 's', 'c', 'd']);
    expect(JobGraph.empty().topologicalOrder()).toEqual([]);
  });

  it.each([
    // [definitions, error class, message]
    [[job('a'), job('a', 'b')], DuplicateJobError, 'job "a" is defined more than once'],
    [[job('a', 'a')], OwnParentError, 'job "a" cannot be its own parent'],
    [[job('b', 'x'), job('a', 'z', 'y')], UnknownParentError, 'job "a" names unknown parents "y", "z"'],
    [[job('c', 'b'), job('b', 'a'), job('a', 'c'), job('s')], DependencyCycleError, 'cycle: a → b → c → a'],
    [[job('y', 'x'), job('x', 'y')], DependencyCycleError, 'cycle: x → y → x'],
  ])('fromJobs refuses %j', (jobs, errorClass, message) => {
    const built = JobGraph.fromJobs(jobs);
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.error).toBeInstanceOf(errorClass);
    expect(built.error.message).toContain(message);
  });
});

describe('JobGraph.withJob / checkJob', () => {
  it('adds a dependent job; the graph it came from is unchanged', () => {
    const before = diamond();
    const change = before.withJob(job('e', 'd', 's'));
    expect(change.ok).toBe(true);
    if (!change.ok) return;
    expect(change.graph.parentsOf('e')).toEqual(['d', 's']);
    expect(change.graph.childrenOf('s')).toEqual(['c', 'e']);
    expect(before.has('e')).toBe(false);
    expect(before.childrenOf('s')).toEqual(['c']);
  });

  it('a scheduled job becomes dependent and back; its children keep it', () => {
    const dependent = diamond().withJob(job('s', 'a'));
    expect(dependent.ok).toBe(true);
    if (!dependent.ok) return;
    expect(dependent.graph.parentsOf('s')).toEqual(['a']);
    expect(dependent.graph.childrenOf('s')).toEqual(['c']);
    const scheduled = dependent.graph.withJob(job('s'));
    expect(scheduled.ok).toBe(true);
    if (!scheduled.ok) return;
    expect(scheduled.graph.edges()).toEqual(diamond().edges());
  });

  it.each([
    // [job, error class, exact message]
    [job('e', 'e'), OwnParentError, 'job "e" cannot be its own parent'],
    [job('e', 'a', 'x'), UnknownParentError, 'job "e" names an unknown parent "x"'],
    [job('e', 'y', 'x', 'y'), UnknownParentError, 'job "e" names unknown parents "x", "y"'],
    // a → b → d; making d a parent of a closes a → b → d → a (the shorter of a → b → d, a → c → d).
    [job('a', 'd'), DependencyCycleError, 'the parents of job "a" make a cycle: a → b → d → a'],
    [job('b', 'd', 'a'), DependencyCycleError, 'the parents of job "b" make a cycle: b → d → b'],
    // s → c → d; d as a parent of s.
    [job('s', 'd'), DependencyCycleError, 'the parents of job "s" make a cycle: s → c → d → s'],
    [job('a', 'a'), OwnParentError, 'job "a" cannot be its own parent'],
  ])('refuses %j', (candidate, errorClass, message) => {
    const graph = diamond();
    const error = checkJob(candidate, graph);
    expect(error).toBeInstanceOf(errorClass);
    expect(error?.message).toBe(message);
    expect(graph.withJob(candidate)).toEqual({ ok: false, error });
  });

  it('the cycle error names the cycle as data', () => {
    const error = checkJob(job('a', 'd'), diamond());
    expect(error).toBeInstanceOf(DependencyCycleError);
    expect((error as DependencyCycleError).cycle).toEqual(['a', 'b', 'd', 'a']);
    expect((error as DependencyCycleError).job).toBe('a');
  });
});

describe('JobGraph.withoutJob (Chronos: the children are re-pointed, never left without parents)', () => {
  it('deleting a dependent job gives its children its parents: a → b → d without b is a → d', () => {
    const removal = diamond().withoutJob('b');
    expect(removal.ok).toBe(true);
    if (!removal.ok) return;
    // d had [b, c]; b's parents are [a]: d gets [c, a].
    expect(removal.changedChildren).toEqual([{ name: 'd', parents: ['c', 'a'], takesScheduleOf: undefined }]);
    expect(removal.graph.has('b')).toBe(false);
    expect(removal.graph.parentsOf('d')).toEqual(['c', 'a']);
    expect(removal.graph.childrenOf('a')).toEqual(['c', 'd']);
  });

  it('a grandparent the child already has is not added twice', () => {
    const graph = graphOf(job('a'), job('b', 'a'), job('c', 'a', 'b'));
    const removal = graph.withoutJob('b');
    expect(removal.ok && removal.changedChildren).toEqual([{ name: 'c', parents: ['a'], takesScheduleOf: undefined }]);
  });

  it('deleting a scheduled job: a child with other parents loses it, an only child takes its schedule', () => {
    // a's children: b (only parent a) and c (parents a, s).
    const removal = diamond().withoutJob('a');
    expect(removal.ok).toBe(true);
    if (!removal.ok) return;
    expect(removal.changedChildren).toEqual([
      { name: 'b', parents: [], takesScheduleOf: 'a' },
      { name: 'c', parents: ['s'], takesScheduleOf: undefined },
    ]);
    expect(removal.graph.parentsOf('b')).toEqual([]);
    expect(removal.graph.parentsOf('d')).toEqual(['b', 'c']);
    expect(removal.graph.jobNames()).toEqual(['b', 'c', 'd', 's']);
  });

  it('deleting a job without children changes no other job', () => {
    const removal = diamond().withoutJob('d');
    expect(removal.ok && removal.changedChildren).toEqual([]);
    expect(removal.ok && removal.graph.childrenOf('b')).toEqual([]);
  });

  it('refuses a job not in the graph', () => {
    expect(diamond().withoutJob('zz')).toEqual({ ok: false, error: new UnknownJobError('zz') });
    expect(new UnknownJobError('zz').message).toBe('unknown job "zz"');
  });
});

describe('rendering', () => {
  const outcomes: Record<string, LastOutcome> = { a: 'success', b: 'failure', c: 'fresh', d: 'fresh', s: 'success' };
  const activities: Record<string, JobActivity> = { a: 'idle', b: 'queued', c: { running: 2 }, d: 'idle', s: 'idle' };

  it('DOT as Chronos writes it: ids in name order, one edge per parent → child', () => {
    // ids: a=1 b=2 c=3 d=4 s=5
    expect(graphToDot(diamond())).toBe(
      [
        'digraph G {',
        '  1 [ label="a" ];',
        '  2 [ label="b" ];',
        '  3 [ label="c" ];',
        '  4 [ label="d" ];',
        '  5 [ label="s" ];',
        '  1 -> 2;',
        '  1 -> 3;',
        '  2 -> 4;',
        '  3 -> 4;',
        '  5 -> 3;',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('DOT with last outcomes fills nodes as Chronos’s UI: green, red, white', () => {
    const dot = graphToDot(graphOf(job('a'), job('b', 'a'), job('c', 'b')), (name) => outcomes[name] ?? 'fresh');
    expect(dot).toBe(
      [
        'digraph G {',
        '  1 [ label="a" style="filled" fillcolor="green" ];',
        '  2 [ label="b" style="filled" fillcolor="red" ];',
        '  3 [ label="c" style="filled" fillcolor="white" ];',
        '  1 -> 2;',
        '  2 -> 3;',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('DOT escapes quotes, backslashes and line breaks in labels', () => {
    expect(graphToDot(graphOf(job('say "hi"\\\nnow')))).toBe(
      'digraph G {\n  1 [ label="say \\"hi\\"\\\\\\nnow" ];\n}\n',
    );
  });

  it('an empty graph', () => {
    expect(graphToDot(JobGraph.empty())).toBe('digraph G {\n}\n');
    expect(
      graphToCsv(
        JobGraph.empty(),
        () => 'fresh',
        () => 'idle',
      ),
    ).toBe('');
  });

  it('CSV as Chronos writes it: node lines by name, then link lines', () => {
    expect(
      graphToCsv(
        diamond(),
        (name) => outcomes[name] ?? 'fresh',
        (name) => activities[name] ?? 'idle',
      ),
    ).toBe(
      [
        'node,a,success,idle',
        'node,b,failure,queued',
        'node,c,fresh,2 running',
        'node,d,fresh,idle',
        'node,s,success,idle',
        'link,a,b',
        'link,a,c',
        'link,b,d',
        'link,c,d',
        'link,s,c',
        '',
      ].join('\n'),
    );
  });
});
