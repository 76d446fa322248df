/**
 * Invariants of the job graph and its dependency state, over random DAGs,
 * random graph changes and random sequences of parent outcomes and child
 * starts:
 * (a) a child is reported ready exactly when, after a new completion of one of
 *     its parents, every parent has completed (success or soft final failure)
 *     since the child's last start — checked against a model that keeps the
 *     whole event log and decides from it alone;
 * (b) no operation ever makes a cycle: withJob refuses exactly the changes
 *     that would (checked by an independent acyclicity test), naming a real
 *     cycle; withoutJob keeps which job reaches which among the jobs left;
 * (c) fromJSON(toJSON(state)), through a JSON string, is equal and gives the
 *     same answers afterwards;
 * (d) after graph changes, the pruned state names only dependent jobs and
 *     their current parents.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DependencyCycleError,
  JobGraph,
  OwnParentError,
  UnknownParentError,
  checkJob,
  childStarted,
  dependencyStateFromJSON,
  dependencyStateToJSON,
  emptyDependencyState,
  parentFinished,
  pendingParents,
  pruneDependencyState,
  type DependencyState,
  type GraphJob,
  type JobName,
  type ParentOutcome,
} from '../src/core/index.js';

/** Names whose sorted order is not the order they are generated in. */
const NAMES = ['m', 'c', 'x', 'a', 'k', 'f', 'z', 'b'] as const;

/** A DAG: job i may only have parents among jobs 0..i-1; definitions given in a shuffled order. */
const dagArbitrary = fc
  .integer({ min: 1, max: NAMES.length })
  .chain((size) =>
    fc.tuple(
      ...Array.from({ length: size }, (_, index) =>
        fc.subarray(NAMES.slice(0, index) as JobName[]).map((parents): GraphJob => ({ name: NAMES[index]!, parents })),
      ),
    ),
  )
  .chain((jobs) => fc.shuffledSubarray(jobs, { minLength: jobs.length, maxLength: jobs.length }));

type Event =
  | { readonly kind: 'finish'; readonly parent: JobName; readonly outcome: ParentOutcome; readonly atMs: number }
  | { readonly kind: 'start'; readonly child: JobName; readonly atMs: number };

/** Small time range: equal and out-of-order times (redeliveries, late starts) happen often. */
const eventArbitrary: fc.Arbitrary<Event> = fc.oneof(
  fc.record({
    kind: fc.constant('finish' as const),
    parent: fc.constantFrom(...NAMES),
    outcome: fc.constantFrom<ParentOutcome>('succeeded', 'succeeded', 'failed', 'failed-soft'),
    atMs: fc.integer({ min: 0, max: 30 }),
  }),
  fc.record({
    kind: fc.constant('start' as const),
    child: fc.constantFrom(...NAMES),
    atMs: fc.integer({ min: 0, max: 30 }),
  }),
);

function build(jobs: readonly GraphJob[]): JobGraph {
  const built = JobGraph.fromJobs(jobs);
  if (!built.ok) throw built.error;
  return built.graph;
}

/**
 * The model: the log of events applied so far, and the rule read off it.
 * A completion (P at t) makes child C ready iff C is a child of P, t is after
 * C's last start S (the latest start applied), no completion of P at t or
 * later was applied before (else it is a redelivery or older), and every
 * parent of C has a completion after S in the log.
 */
class LogModel {
  readonly #completions: { parent: JobName; atMs: number }[] = [];
  readonly #starts: { child: JobName; atMs: number }[] = [];
  constructor(readonly parents: ReadonlyMap<JobName, readonly JobName[]>) {}

  apply(event: Event): readonly JobName[] {
    if (event.kind === 'start') {
      this.#starts.push({ child: event.child, atMs: event.atMs });
      return [];
    }
    if (event.outcome === 'failed') return [];
    const { parent, atMs } = event;
    const newForParent = !this.#completions.some((c) => c.parent === parent && c.atMs >= atMs);
    this.#completions.push({ parent, atMs });
    if (!newForParent) return [];
    const ready: JobName[] = [];
    for (const [child, parents] of this.parents) {
      if (!parents.includes(parent)) continue;
      const lastStart = this.lastStart(child);
      if (atMs <= lastStart) continue;
      if (parents.every((each) => this.completedSince(each, lastStart))) ready.push(child);
    }
    return ready.sort();
  }

  pending(child: JobName): readonly JobName[] {
    const lastStart = this.lastStart(child);
    return (this.parents.get(child) ?? []).filter((parent) => !this.completedSince(parent, lastStart));
  }

  private lastStart(child: JobName): number {
    return Math.max(-Infinity, ...this.#starts.filter((s) => s.child === child).map((s) => s.atMs));
  }

  private completedSince(parent: JobName, sinceMs: number): boolean {
    return this.#completions.some((c) => c.parent === parent && c.atMs > sinceMs);
  }
}

function applyEvent(state: DependencyState, graph: JobGraph, event: Event) {
  if (event.kind === 'start') return { state: childStarted(state, graph, event.child, event.atMs), ready: [] };
  return parentFinished(state, graph, event.parent, event.outcome, event.atMs);
}

/** Independent acyclicity test: repeatedly remove jobs with no parents left. */
function isAcyclic(parents: ReadonlyMap<JobName, readonly JobName[]>): boolean {
  const left = new Map([...parents].map(([name, ofJob]) => [name, new Set(ofJob)]));
  let removed = true;
  while (removed) {
    removed = false;
    for (const [name, ofJob] of left) {
      if ([...ofJob].some((parent) => left.has(parent))) continue;
      left.delete(name);
      removed = true;
    }
  }
  return left.size === 0;
}

function parentMap(graph: JobGraph): Map<JobName, readonly JobName[]> {
  return new Map(graph.jobNames().map((name) => [name, graph.parentsOf(name)]));
}

function reaches(graph: JobGraph, from: JobName, to: JobName): boolean {
  const seen = new Set<JobName>();
  const stack = [...graph.childrenOf(from)];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next === to) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...graph.childrenOf(next));
  }
  return false;
}

function checkGraphInvariants(graph: JobGraph): void {
  const parents = parentMap(graph);
  expect(isAcyclic(parents)).toBe(true);
  for (const [name, ofJob] of parents) {
    expect(ofJob).not.toContain(name);
    for (const parent of ofJob) {
      expect(graph.has(parent)).toBe(true);
      expect(graph.childrenOf(parent)).toContain(name);
    }
  }
  const order = graph.topologicalOrder();
  expect([...order].sort()).toEqual(graph.jobNames());
  const position = new Map(order.map((name, index) => [name, index]));
  for (const [parent, child] of graph.edges()) expect(position.get(parent)!).toBeLessThan(position.get(child)!);
}

describe('dependency state, against the log model', () => {
  it('(a) a child is reported ready exactly when every parent completed since its last start', () => {
    fc.assert(
      fc.property(dagArbitrary, fc.array(eventArbitrary, { maxLength: 60 }), (jobs, events) => {
        const graph = build(jobs);
        const model = new LogModel(new Map(jobs.map((job) => [job.name, job.parents])));
        let state = emptyDependencyState();
        for (const event of events) {
          const step = applyEvent(state, graph, event);
          expect(step.ready).toEqual(model.apply(event));
          state = step.state;
        }
        for (const job of jobs) expect(pendingParents(state, graph, job.name)).toEqual(model.pending(job.name));
      }),
      { numRuns: 500 },
    );
  });

  it('(c) fromJSON(toJSON(state)) through a JSON string is equal and answers the same afterwards', () => {
    fc.assert(
      fc.property(
        dagArbitrary,
        fc.array(eventArbitrary, { maxLength: 40 }),
        fc.array(eventArbitrary, { maxLength: 40 }),
        (jobs, before, after) => {
          const graph = build(jobs);
          let state = emptyDependencyState();
          for (const event of before) state = applyEvent(state, graph, event).state;
          const read = dependencyStateFromJSON(JSON.parse(JSON.stringify(dependencyStateToJSON(state))));
          if (!read.ok) throw read.error;
          expect(read.state).toEqual(state);
          let original = state;
          let restored = read.state;
          for (const event of after) {
            const fromOriginal = applyEvent(original, graph, event);
            const fromRestored = applyEvent(restored, graph, event);
            expect(fromRestored.ready).toEqual(fromOriginal.ready);
            original = fromOriginal.state;
            restored = fromRestored.state;
          }
          expect(dependencyStateToJSON(restored)).toEqual(dependencyStateToJSON(original));
        },
      ),
      { numRuns: 300 },
    );
  });
});

type GraphOp =
  | { readonly kind: 'with'; readonly name: JobName; readonly parents: readonly JobName[] }
  | { readonly kind: 'without'; readonly name: JobName };

const graphOpArbitrary: fc.Arbitrary<GraphOp> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('with' as const),
      name: fc.constantFrom(...NAMES),
      parents: fc.subarray([...NAMES] as JobName[], { maxLength: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('without' as const), name: fc.constantFrom(...NAMES) }) },
);

/** Applies a graph change and checks it; returns the graph after it. */
function applyGraphOp(graph: JobGraph, op: GraphOp): JobGraph {
  if (op.kind === 'with') {
    const candidate = new Map(parentMap(graph)).set(op.name, [...new Set(op.parents)]);
    const error = checkJob(op, graph);
    const change = graph.withJob(op);
    expect(change.ok).toBe(error === undefined);
    if (error instanceof OwnParentError) {
      expect(op.parents).toContain(op.name);
    } else if (error instanceof UnknownParentError) {
      expect(error.parents).toEqual([...new Set(op.parents.filter((parent) => !graph.has(parent)))].sort());
    } else if (error instanceof DependencyCycleError) {
      expect(isAcyclic(candidate)).toBe(false);
      expect(error.cycle[0]).toBe(op.name);
      expect(error.cycle.at(-1)).toBe(op.name);
      for (let index = 1; index < error.cycle.length; index += 1)
        expect(candidate.get(error.cycle[index]!)).toContain(error.cycle[index - 1]);
    } else {
      // Accepted: the parents exist, and the candidate graph is acyclic.
      expect(op.parents.every((parent) => parent !== op.name && graph.has(parent))).toBe(true);
      expect(isAcyclic(candidate)).toBe(true);
    }
    if (!change.ok) return graph;
    expect(parentMap(change.graph)).toEqual(candidate);
    return change.graph;
  }
  const removal = graph.withoutJob(op.name);
  expect(removal.ok).toBe(graph.has(op.name));
  if (!removal.ok) return graph;
  const after = removal.graph;
  expect(after.has(op.name)).toBe(false);
  const changed = new Map(removal.changedChildren.map((change) => [change.name, change]));
  expect([...changed.keys()]).toEqual(graph.childrenOf(op.name));
  for (const name of after.jobNames()) {
    const change = changed.get(name);
    if (change === undefined) {
      expect(after.parentsOf(name)).toEqual(graph.parentsOf(name));
      continue;
    }
    expect(after.parentsOf(name)).toEqual(change.parents);
    expect(change.takesScheduleOf).toBe(change.parents.length === 0 ? op.name : undefined);
  }
  // Which job reaches which, among the jobs left, is unchanged.
  for (const from of after.jobNames())
    for (const to of after.jobNames()) expect(reaches(after, from, to)).toBe(reaches(graph, from, to));
  return after;
}

describe('graph changes', () => {
  it('(b) no change ever makes a cycle; withJob refuses exactly those that would', () => {
    fc.assert(
      fc.property(dagArbitrary, fc.array(graphOpArbitrary, { maxLength: 30 }), (jobs, ops) => {
        let graph = build(jobs);
        checkGraphInvariants(graph);
        for (const op of ops) {
          graph = applyGraphOp(graph, op);
          checkGraphInvariants(graph);
        }
        // The definitions of the graph rebuild it, in any order.
        const rebuilt = build(
          [...graph.jobNames()].reverse().map((name) => ({ name, parents: graph.parentsOf(name) })),
        );
        expect(rebuilt.edges()).toEqual(graph.edges());
      }),
      { numRuns: 400 },
    );
  });

  it('(d) after graph changes and pruning, the state names only dependent jobs and their parents', () => {
    fc.assert(
      fc.property(
        dagArbitrary,
        fc.array(fc.oneof(graphOpArbitrary, eventArbitrary), { maxLength: 60 }),
        (jobs, steps) => {
          let graph = build(jobs);
          let state = emptyDependencyState();
          for (const step of steps) {
            if (step.kind === 'finish' || step.kind === 'start') {
              state = applyEvent(state, graph, step).state;
              continue;
            }
            graph = applyGraphOp(graph, step);
            state = pruneDependencyState(state, graph);
            expect(pruneDependencyState(state, graph)).toBe(state);
          }
          state = pruneDependencyState(state, graph);
          for (const { child, completed } of dependencyStateToJSON(state).children) {
            expect(graph.parentsOf(child).length).toBeGreaterThan(0);
            for (const { parent } of completed) expect(graph.parentsOf(child)).toContain(parent);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
