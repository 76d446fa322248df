/**
 * When a dependent job runs: for each dependent job, which of its parents have
 * completed since it last started. Explicit, immutable data that serializes to
 * plain JSON, so that the shell can keep it in Redis and a new leader carries
 * on where the old one stopped (Chronos kept it as in-memory counters on the
 * graph's edges, and lost it on failover).
 *
 * The rule: a dependent job is ready when every parent has completed at least
 * once since the job last started; a parent completes when it succeeds, or
 * when its final attempt fails and it has `softError`. A parent's other
 * failure changes nothing: it does not count, and it does not undo what other
 * parents did (Chronos's scheduler, JobScheduler.handleFailedTask, likewise
 * neither counts nor resets on a failure without softError).
 *
 * NOTE: Chronos counts completions per edge, and fires a child with several
 * parents when the completing edge's count reaches the least count of its
 * edges: once all parents completed, another completion of one of them fires
 * nothing until the others complete again. Here every completion after which
 * all parents have completed since the child's last start reports it ready,
 * even if it was already reported and has not started yet; the concurrency
 * policy decides what a second run does. With one parent both fire the child
 * on every completion.
 *
 * Times are epoch ms, as the events happened (not as they were delivered):
 * they make every function idempotent under redelivery, which a failover
 * brings.
 */
import { z } from 'zod';
import { compareNames, type JobGraph } from './job-graph.js';
import type { JobName } from './model.js';

/**
 * How a parent's run ended, for its children: `succeeded`; `failed` (the final
 * attempt failed, the parent has no softError); `failed-soft` (the final
 * attempt failed and the parent has softError: its children count it as done).
 * Attempts that will be retried are not outcomes.
 */
export type ParentOutcome = 'succeeded' | 'failed' | 'failed-soft';

/** A dependent job's current round: since its last start, which parents completed, and when (the latest). */
export interface ChildRound {
  /** The child's last start; undefined if none was recorded. */
  readonly startedAtMs: number | undefined;
  /** Parent → its latest completion, each after `startedAtMs`. */
  readonly completedAtMs: ReadonlyMap<JobName, number>;
}

/** The rounds of the dependent jobs; a job without a round has had no completion or start recorded. */
export interface DependencyState {
  readonly rounds: ReadonlyMap<JobName, ChildRound>;
}

export interface ParentFinished {
  readonly state: DependencyState;
  /** The children now ready to run, sorted by name. */
  readonly ready: readonly JobName[];
}

/** The persisted form: plain JSON, children sorted by name, their completions by parent. */
export interface DependencyStateJson {
  readonly version: 1;
  readonly children: readonly {
    readonly child: JobName;
    readonly startedAtMs: number | null;
    readonly completed: readonly { readonly parent: JobName; readonly atMs: number }[];
  }[];
}

/** A persisted dependency state that cannot be read; `problem` says what is wrong. */
export class InvalidDependencyStateError extends Error {
  override readonly name = 'InvalidDependencyStateError';
  constructor(readonly problem: string) {
    super(`invalid dependency state: ${problem}`);
  }
}

export type DependencyStateRead =
  | { readonly ok: true; readonly state: DependencyState }
  | { readonly ok: false; readonly error: InvalidDependencyStateError };

const NO_COMPLETIONS: ReadonlyMap<JobName, number> = new Map();
const FRESH_ROUND: ChildRound = { startedAtMs: undefined, completedAtMs: NO_COMPLETIONS };

export function emptyDependencyState(): DependencyState {
  return { rounds: new Map() };
}

/**
 * Records that `parent`'s run ended with `outcome` at `atMs` (when the run
 * ended), and returns the children it made ready: those for which, after it,
 * every parent has completed since the child's last start.
 *
 * For each child of `parent`, the completion is ignored if it is not after the
 * child's last start (it belongs to an earlier round) or not after a
 * completion of the same parent already counted (a redelivery); an ignored
 * completion reports nothing. So calling again with the same arguments is a
 * no-op. `failed`, and a parent not in the graph, change nothing. When nothing
 * changes, the same state object is returned.
 */
export function parentFinished(
  state: DependencyState,
  graph: JobGraph,
  parent: JobName,
  outcome: ParentOutcome,
  atMs: number,
): ParentFinished {
  if (outcome === 'failed') return { state, ready: [] };
  let rounds: Map<JobName, ChildRound> | undefined;
  const ready: JobName[] = [];
  for (const child of graph.childrenOf(parent)) {
    const round = state.rounds.get(child) ?? FRESH_ROUND;
    if (round.startedAtMs !== undefined && atMs <= round.startedAtMs) continue;
    const counted = round.completedAtMs.get(parent);
    if (counted !== undefined && atMs <= counted) continue;
    const completedAtMs = new Map(round.completedAtMs).set(parent, atMs);
    rounds ??= new Map(state.rounds);
    rounds.set(child, { startedAtMs: round.startedAtMs, completedAtMs });
    if (graph.parentsOf(child).every((each) => completedAtMs.has(each))) ready.push(child);
  }
  return { state: rounds === undefined ? state : { rounds }, ready };
}

/**
 * Records that `child` started at `atMs` (its task reached TASK_RUNNING; every
 * attempt, as Chronos resets on each): a new round begins. Completions after
 * `atMs` that were recorded before this (delivered out of order) are kept;
 * earlier ones are dropped. A start not after the last recorded one, and a job
 * without parents, change nothing (the same state object is returned).
 */
export function childStarted(state: DependencyState, graph: JobGraph, child: JobName, atMs: number): DependencyState {
  if (graph.parentsOf(child).length === 0) return state;
  const round = state.rounds.get(child) ?? FRESH_ROUND;
  if (round.startedAtMs !== undefined && atMs <= round.startedAtMs) return state;
  const completedAtMs = new Map([...round.completedAtMs].filter(([, completedAt]) => completedAt > atMs));
  return { rounds: new Map(state.rounds).set(child, { startedAtMs: atMs, completedAtMs }) };
}

/** The parents of `child` that have not completed since its last start, in definition order. */
export function pendingParents(state: DependencyState, graph: JobGraph, child: JobName): readonly JobName[] {
  const completed = state.rounds.get(child)?.completedAtMs ?? NO_COMPLETIONS;
  return graph.parentsOf(child).filter((parent) => !completed.has(parent));
}

/**
 * Fits the state to a changed graph; call after every change of the graph.
 * Drops the rounds of jobs that are gone or no longer dependent, and the
 * completions of parents a child no longer has; keeps the rest (a child that
 * lost a parent keeps what its other parents did). It reports nothing ready:
 * as in Chronos, a child runs only when a parent completes. Returns the same
 * state object when nothing is dropped.
 */
export function pruneDependencyState(state: DependencyState, graph: JobGraph): DependencyState {
  let rounds: Map<JobName, ChildRound> | undefined;
  for (const [child, round] of state.rounds) {
    const parents = new Set(graph.parentsOf(child));
    if (parents.size === 0) {
      rounds ??= new Map(state.rounds);
      rounds.delete(child);
      continue;
    }
    const kept = [...round.completedAtMs].filter(([parent]) => parents.has(parent));
    if (kept.length === round.completedAtMs.size) continue;
    rounds ??= new Map(state.rounds);
    rounds.set(child, { startedAtMs: round.startedAtMs, completedAtMs: new Map(kept) });
  }
  return rounds === undefined ? state : { rounds };
}

/** The persisted form of `state`: plain objects and arrays, sorted, so equal states give equal JSON. */
export function dependencyStateToJSON(state: DependencyState): DependencyStateJson {
  return {
    version: 1,
    children: [...state.rounds]
      .sort(([a], [b]) => compareNames(a, b))
      .map(([child, round]) => ({
        child,
        startedAtMs: round.startedAtMs ?? null,
        completed: [...round.completedAtMs]
          .sort(([a], [b]) => compareNames(a, b))
          .map(([parent, atMs]) => ({ parent, atMs })),
      })),
  };
}

const persistedSchema = z.object({
  version: z.literal(1),
  children: z.array(
    z.object({
      child: z.string().min(1),
      startedAtMs: z.number().nullable(),
      completed: z.array(z.object({ parent: z.string().min(1), atMs: z.number() })),
    }),
  ),
});

/**
 * Reads what `dependencyStateToJSON` wrote (after a JSON round trip). Refuses,
 * saying what is wrong, a shape that is not that, a child or a parent listed
 * twice, and a completion not after the child's start. It does not look at
 * the graph: call `pruneDependencyState` with the current graph after.
 */
export function dependencyStateFromJSON(json: unknown): DependencyStateRead {
  const parsed = persistedSchema.safeParse(json);
  if (!parsed.success) return invalid(z.prettifyError(parsed.error));
  const rounds = new Map<JobName, ChildRound>();
  for (const { child, startedAtMs, completed } of parsed.data.children) {
    if (rounds.has(child)) return invalid(`child ${JSON.stringify(child)} is listed twice`);
    const completedAtMs = new Map<JobName, number>();
    for (const { parent, atMs } of completed) {
      if (completedAtMs.has(parent))
        return invalid(`parent ${JSON.stringify(parent)} of ${JSON.stringify(child)} is listed twice`);
      if (startedAtMs !== null && atMs <= startedAtMs)
        return invalid(
          `the completion of ${JSON.stringify(parent)} at ${atMs} is not after ${JSON.stringify(child)}'s start at ${startedAtMs}`,
        );
      completedAtMs.set(parent, atMs);
    }
    rounds.set(child, { startedAtMs: startedAtMs ?? undefined, completedAtMs });
  }
  return { ok: true, state: { rounds } };
}

const invalid = (problem: string): DependencyStateRead => ({
  ok: false,
  error: new InvalidDependencyStateError(problem),
});
