/**
 * The dependency graph of Chronos's jobs: one vertex per job, one edge per
 * parent → child. An immutable value built from the job definitions; every
 * change returns a new graph or a refusal (an error value naming the jobs),
 * never a graph with an unknown parent, a job that is its own parent, or a
 * cycle. Scheduled jobs are vertices without parents; a dependent job has at
 * least one.
 *
 * Pure: no I/O, no clock. What runs when lives in `dependency-state.ts`; this
 * module only knows who depends on whom.
 */
import type { JobDefinition, JobName } from './model.js';

/** What the graph needs of a job definition (a `JobDefinition` will do). */
export type GraphJob = Pick<JobDefinition, 'name' | 'parents'>;

/** A job named in its own `parents`. */
export class OwnParentError extends Error {
  override readonly name = 'OwnParentError';
  constructor(readonly job: JobName) {
    super(`job ${JSON.stringify(job)} cannot be its own parent`);
  }
}

/** Parents that are not jobs of the graph; `parents` sorted. */
export class UnknownParentError extends Error {
  override readonly name = 'UnknownParentError';
  constructor(
    readonly job: JobName,
    readonly parents: readonly JobName[],
  ) {
    super(
      `job ${JSON.stringify(job)} names ${parents.length === 1 ? 'an unknown parent' : 'unknown parents'} ${parents.map((parent) => JSON.stringify(parent)).join(', ')}`,
    );
  }
}

/**
 * A change that would make a cycle. `cycle` follows the edges parent → child
 * and ends where it starts: ["a", "b", "c", "a"] is "a → b → c → a".
 */
export class DependencyCycleError extends Error {
  override readonly name = 'DependencyCycleError';
  constructor(
    readonly job: JobName,
    readonly cycle: readonly JobName[],
  ) {
    super(`the parents of job ${JSON.stringify(job)} make a cycle: ${cycle.join(' → ')}`);
  }
}

/** The same name twice among the definitions a graph is built from. */
export class DuplicateJobError extends Error {
  override readonly name = 'DuplicateJobError';
  constructor(readonly job: JobName) {
    super(`job ${JSON.stringify(job)} is defined more than once`);
  }
}

/** A job that is not in the graph (deleting it). */
export class UnknownJobError extends Error {
  override readonly name = 'UnknownJobError';
  constructor(readonly job: JobName) {
    super(`unknown job ${JSON.stringify(job)}`);
  }
}

export type JobGraphError = OwnParentError | UnknownParentError | DependencyCycleError | DuplicateJobError;

export type GraphChange =
  { readonly ok: true; readonly graph: JobGraph } | { readonly ok: false; readonly error: JobGraphError };

/**
 * A child whose parents a delete changed, for the shell to persist (its
 * definition gets `parents`, and, with `takesScheduleOf`, that job's schedule).
 */
export interface ChildChange {
  readonly name: JobName;
  /** The child's parents after the delete; empty when it becomes a scheduled job. */
  readonly parents: readonly JobName[];
  /**
   * Set when the deleted job was a scheduled job and this child's only parent:
   * the child becomes a scheduled job with the deleted job's schedule.
   */
  readonly takesScheduleOf: JobName | undefined;
}

export type JobRemoval =
  | { readonly ok: true; readonly graph: JobGraph; readonly changedChildren: readonly ChildChange[] }
  | { readonly ok: false; readonly error: UnknownJobError };

/** Code-unit order: the same on every machine and locale. */
export const compareNames = (a: JobName, b: JobName): number => (a < b ? -1 : a > b ? 1 : 0);

const NO_NAMES: readonly JobName[] = Object.freeze([]);

export class JobGraph {
  /** name → parents (definition order, without duplicates). */
  readonly #parents: ReadonlyMap<JobName, readonly JobName[]>;
  /** name → children, sorted. */
  readonly #children: ReadonlyMap<JobName, readonly JobName[]>;

  private constructor(parents: ReadonlyMap<JobName, readonly JobName[]>) {
    this.#parents = parents;
    const children = new Map<JobName, JobName[]>();
    for (const name of parents.keys()) children.set(name, []);
    for (const [name, ofJob] of parents) for (const parent of ofJob) children.get(parent)?.push(name);
    for (const list of children.values()) list.sort(compareNames);
    this.#children = children;
  }

  static empty(): JobGraph {
    return new JobGraph(new Map());
  }

  /**
   * Builds the graph of a whole set of definitions, in any order (as loaded at
   * leader election). Refuses a name defined twice, a job that is its own
   * parent, an unknown parent, or a cycle; checked in that order, jobs in name
   * order, so the same definitions always give the same refusal.
   */
  static fromJobs(jobs: Iterable<GraphJob>): GraphChange {
    const parents = new Map<JobName, readonly JobName[]>();
    for (const job of jobs) {
      if (parents.has(job.name)) return { ok: false, error: new DuplicateJobError(job.name) };
      parents.set(job.name, dedupe(job.parents));
    }
    const names = [...parents.keys()].sort(compareNames);
    for (const name of names) {
      const ofJob = parents.get(name) ?? NO_NAMES;
      if (ofJob.includes(name)) return { ok: false, error: new OwnParentError(name) };
      const unknown = ofJob.filter((parent) => !parents.has(parent)).sort(compareNames);
      if (unknown.length > 0) return { ok: false, error: new UnknownParentError(name, unknown) };
    }
    const graph = new JobGraph(parents);
    const cycle = graph.#findCycle(names);
    if (cycle !== undefined) return { ok: false, error: new DependencyCycleError(cycle[0] ?? '', cycle) };
    return { ok: true, graph };
  }

  has(name: JobName): boolean {
    return this.#parents.has(name);
  }

  /** Every job, sorted by name. */
  jobNames(): readonly JobName[] {
    return [...this.#parents.keys()].sort(compareNames);
  }

  get size(): number {
    return this.#parents.size;
  }

  /** The job's parents in definition order; empty for a scheduled job and for a job not in the graph. */
  parentsOf(name: JobName): readonly JobName[] {
    return this.#parents.get(name) ?? NO_NAMES;
  }

  /** The jobs that name this one as a parent, sorted; empty for a job not in the graph. */
  childrenOf(name: JobName): readonly JobName[] {
    return this.#children.get(name) ?? NO_NAMES;
  }

  /** Every edge as [parent, child], sorted by parent, then child. */
  edges(): readonly (readonly [JobName, JobName])[] {
    return this.jobNames().flatMap((parent) => this.childrenOf(parent).map((child) => [parent, child] as const));
  }

  /**
   * Every job, parents before their children; among jobs whose parents are all
   * listed, the smallest name first (Kahn's algorithm), so the order is a
   * function of the graph alone.
   */
  topologicalOrder(): readonly JobName[] {
    const waitingFor = new Map<JobName, number>();
    const ready: JobName[] = [];
    for (const [name, parents] of this.#parents) {
      waitingFor.set(name, parents.length);
      if (parents.length === 0) ready.push(name);
    }
    ready.sort(compareNames);
    const order: JobName[] = [];
    while (ready.length > 0) {
      const next = ready.shift() as JobName;
      order.push(next);
      for (const child of this.childrenOf(next)) {
        const left = (waitingFor.get(child) ?? 0) - 1;
        waitingFor.set(child, left);
        if (left === 0) insertSorted(ready, child);
      }
    }
    return order;
  }

  /**
   * Adds a job, or replaces the parents of one already in the graph (a
   * scheduled job may become dependent and back: `parents` empty). Its
   * children keep it as their parent. Refused as `checkJob` refuses.
   */
  withJob(job: GraphJob): GraphChange {
    const error = checkJob(job, this);
    if (error !== undefined) return { ok: false, error };
    const parents = new Map(this.#parents);
    parents.set(job.name, dedupe(job.parents));
    return { ok: true, graph: new JobGraph(parents) };
  }

  /**
   * Deletes a job. Its children are changed as Chronos's DELETE
   * /v1/scheduler/job/<name> changes them, and returned for the shell to persist:
   * - the deleted job was dependent: each child gets the deleted job's parents
   *   in its place (a → b → c without b is a → c; no duplicates);
   * - the deleted job was scheduled: each child loses it as a parent, and a
   *   child left without parents becomes a scheduled job with the deleted
   *   job's schedule (`takesScheduleOf`).
   *
   * CHOICE: a child of a deleted scheduled job that has other parents keeps
   * them and stays dependent. Chronos's resource turns every such child into a
   * scheduled job, yet keeps the in-memory edges from its other parents until
   * the next leader change, so it runs both ways until a failover and on the
   * schedule only after one; we keep what Chronos's scheduler does for a child
   * with several parents (it loses the deleted one) instead.
   *
   * Never makes a cycle (a grandparent was already an ancestor of the child).
   * Refuses only a job not in the graph.
   */
  withoutJob(name: JobName): JobRemoval {
    if (!this.#parents.has(name)) return { ok: false, error: new UnknownJobError(name) };
    const inherited = this.parentsOf(name);
    const parents = new Map(this.#parents);
    parents.delete(name);
    const changedChildren: ChildChange[] = [];
    for (const child of this.childrenOf(name)) {
      const others = this.parentsOf(child).filter((parent) => parent !== name);
      const change: ChildChange =
        inherited.length > 0
          ? { name: child, parents: dedupe([...others, ...inherited]), takesScheduleOf: undefined }
          : { name: child, parents: others, takesScheduleOf: others.length === 0 ? name : undefined };
      parents.set(child, change.parents);
      changedChildren.push(change);
    }
    return { ok: true, graph: new JobGraph(parents), changedChildren };
  }

  /**
   * A path from `from` to one of `targets` along parent → child edges, both
   * ends included: the shortest, ties broken by name. Undefined if none.
   */
  pathToAny(from: JobName, targets: ReadonlySet<JobName>): readonly JobName[] | undefined {
    const cameFrom = new Map<JobName, JobName>();
    const queue: JobName[] = [from];
    const seen = new Set<JobName>([from]);
    while (queue.length > 0) {
      const current = queue.shift() as JobName;
      for (const child of this.childrenOf(current)) {
        if (seen.has(child)) continue;
        seen.add(child);
        cameFrom.set(child, current);
        if (targets.has(child)) {
          const path = [child];
          for (let step = current; step !== from; step = cameFrom.get(step) as JobName) path.push(step);
          path.push(from);
          return path.reverse();
        }
        queue.push(child);
      }
    }
    return undefined;
  }

  /** The first cycle a depth-first walk from `roots` (in order) meets, rotated to start at its smallest name. */
  #findCycle(roots: readonly JobName[]): readonly JobName[] | undefined {
    const done = new Set<JobName>();
    const onPath = new Map<JobName, number>();
    const path: JobName[] = [];
    const visit = (name: JobName): readonly JobName[] | undefined => {
      onPath.set(name, path.length);
      path.push(name);
      for (const child of this.childrenOf(name)) {
        const at = onPath.get(child);
        if (at !== undefined) return rotateToSmallest(path.slice(at));
        if (done.has(child)) continue;
        const cycle = visit(child);
        if (cycle !== undefined) return cycle;
      }
      path.pop();
      onPath.delete(name);
      done.add(name);
      return undefined;
    };
    for (const root of roots) {
      if (done.has(root)) continue;
      const cycle = visit(root);
      if (cycle !== undefined) return cycle;
    }
    return undefined;
  }
}

/**
 * Whether `job` (new, or replacing the job of that name) may join `graph`:
 * undefined if so, else the refusal. Checked in this order: it is its own
 * parent; parents not in the graph (all named); a cycle through the job (the
 * shortest, named from the job: "c → a → b → c" when c's new parent b
 * descends from c).
 */
export function checkJob(job: GraphJob, graph: JobGraph): JobGraphError | undefined {
  if (job.parents.includes(job.name)) return new OwnParentError(job.name);
  const unknown = [...new Set(job.parents.filter((parent) => !graph.has(parent)))].sort(compareNames);
  if (unknown.length > 0) return new UnknownParentError(job.name, unknown);
  const path = graph.pathToAny(job.name, new Set(job.parents));
  if (path !== undefined) return new DependencyCycleError(job.name, [...path, job.name]);
  return undefined;
}

function dedupe(names: readonly JobName[]): readonly JobName[] {
  return [...new Set(names)];
}

function insertSorted(sorted: JobName[], name: JobName): void {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareNames(sorted[middle] as JobName, name) < 0) low = middle + 1;
    else high = middle;
  }
  sorted.splice(low, 0, name);
}

function rotateToSmallest(cycle: readonly JobName[]): readonly JobName[] {
  let start = 0;
  cycle.forEach((name, index) => {
    if (compareNames(name, cycle[start] as JobName) < 0) start = index;
  });
  const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
  return [...rotated, rotated[0] as JobName];
}

/**
 * A job's last outcome as Chronos shows it: `success` or `failure` by the
 * later of its last success and last error, `fresh` when it has neither.
 */
export type LastOutcome = 'success' | 'failure' | 'fresh';

/** What a job is doing now, Chronos's `state` column: "idle", "queued", or "<n> running". */
export type JobActivity = 'idle' | 'queued' | { readonly running: number };

/** The fills Chronos's web UI gives a node of its graph view. */
const DOT_FILL: Readonly<Record<LastOutcome, string>> = { success: 'green', failure: 'red', fresh: 'white' };

/**
 * The graph in DOT, as Chronos's GET /v1/scheduler/graph/dot writes it:
 * `digraph G {`, a line `  <id> [ label="<name>" ];` per job with ids 1, 2, …
 * in name order, a line `  <parent id> -> <child id>;` per edge (by parent,
 * then child name), then `}`; every line ends in "\n".
 *
 * CHOICE: Chronos's endpoint colours nothing; its web UI fills a node green
 * after a success, red after a failure and white when fresh. Given
 * `lastOutcome`, each node gets that fill (`style="filled" fillcolor="…"`
 * after the label); without it the text is Chronos's. Labels escape `"` and
 * `\`, and write a line break as `\n` (Chronos writes names raw).
 */
export function graphToDot(graph: JobGraph, lastOutcome?: (name: JobName) => LastOutcome): string {
  const names = graph.jobNames();
  const ids = new Map(names.map((name, index) => [name, index + 1]));
  const lines = ['digraph G {'];
  for (const name of names) {
    const fill = lastOutcome === undefined ? '' : `style="filled" fillcolor="${DOT_FILL[lastOutcome(name)]}" `;
    lines.push(`  ${ids.get(name)} [ label="${dotEscape(name)}" ${fill}];`);
  }
  for (const [parent, child] of graph.edges()) lines.push(`  ${ids.get(parent)} -> ${ids.get(child)};`);
  lines.push('}');
  return lines.map((line) => `${line}\n`).join('');
}

/**
 * The graph as Chronos's GET /v1/scheduler/graph/csv writes it: a line
 * `node,<name>,<last outcome>,<activity>` per job (by name), then a line
 * `link,<parent>,<child>` per edge (by parent, then child); every line ends in
 * "\n". Names are written as they are: Chronos's names cannot hold a comma.
 */
export function graphToCsv(
  graph: JobGraph,
  lastOutcome: (name: JobName) => LastOutcome,
  activity: (name: JobName) => JobActivity,
): string {
  const lines = graph.jobNames().map((name) => `node,${name},${lastOutcome(name)},${activityText(activity(name))}`);
  for (const [parent, child] of graph.edges()) lines.push(`link,${parent},${child}`);
  return lines.map((line) => `${line}\n`).join('');
}

function activityText(activity: JobActivity): string {
  return typeof activity === 'string' ? activity : `${activity.running} running`;
}

function dotEscape(name: JobName): string {
  return name.replace(/[\\"]/g, (character) => `\\${character}`).replace(/\r\n|\r|\n/g, '\\n');
}
