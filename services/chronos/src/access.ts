/**
 * Chronos's ACL rules that both doors (REST `rest/routes.ts`, gRPC
 * `grpc/service.ts`) apply, written once over `JobAccess` (@tessera/framework):
 * a job is seen and changed by its `owner`; a job one may not view reads as a
 * missing one; reads over many jobs (the graph, the percentiles, run events)
 * keep only the jobs one may view.
 */
import type { JobAccess } from '@tessera/framework/service';
import { UnknownJobError, type ChronosApi, type GraphJson, type JobStatusJson, type RunEventJson } from './api.js';
import { graphToCsv, graphToDot, JobGraph, type JobActivity, type JobName } from './core/index.js';

/** The stored job, if the caller may view it; throws UnknownJobError for a job it may not view, as for a missing one. */
export async function viewableJob(access: JobAccess, api: ChronosApi, name: JobName): Promise<JobStatusJson> {
  const job = await api.getJob(name);
  if (!access.canView(job.owner)) throw new UnknownJobError(name);
  return job;
}

/**
 * Throws UnknownJobError unless the caller may view job `name` (as
 * `viewableJob`), before a read of what belongs to the job (its runs, its
 * statistics). Without ACLs nothing is looked up: the read itself refuses a
 * missing job.
 */
export async function requireViewableJob(access: JobAccess, api: ChronosApi, name: JobName): Promise<void> {
  if (access.enforcing) await viewableJob(access, api, name);
}

/**
 * `change_jobs` on the stored job's owner (a job not stored is left to the
 * api to refuse, or to create) and on `newOwners` (a put: the owner the job
 * will have), recorded in the audit log; throws PermissionDeniedError.
 * Without ACLs and audit log nothing is looked up.
 */
export async function authorizeJobChange(
  access: JobAccess,
  api: ChronosApi,
  name: JobName,
  newOwners: readonly string[] = [],
): Promise<void> {
  if (!access.decidesChanges) return;
  const stored =
    name === ''
      ? undefined
      : await api.getJob(name).catch((error: unknown) => {
          if (error instanceof UnknownJobError) return undefined;
          throw error;
        });
  await access.change(stored?.owner, newOwners);
}

/** Whether the caller may view each job, by name (jobs not stored: no). Without ACLs: every job, nothing looked up. */
export async function viewableJobNames(access: JobAccess, api: ChronosApi): Promise<(name: JobName) => boolean> {
  if (!access.enforcing) return () => true;
  const names = new Set(access.visible(await api.listJobs()).map((job) => job.name));
  return (name) => names.has(name);
}

/**
 * The graph of the jobs `canView` allows: their nodes, the edges between two
 * of them, and the DOT and CSV texts written again from those alone (so that
 * neither names a hidden job). An edge to a hidden parent is left out: the
 * child is shown as if it had no such parent.
 */
export function visibleGraph(graph: GraphJson, canView: (name: JobName) => boolean): GraphJson {
  const nodes = graph.nodes.filter((node) => canView(node.name));
  if (nodes.length === graph.nodes.length) return graph;
  const edges = graph.edges.filter((edge) => canView(edge.parent) && canView(edge.child));
  const built = JobGraph.fromJobs(
    nodes.map((node) => ({
      name: node.name,
      parents: edges.filter((edge) => edge.child === node.name).map((edge) => edge.parent),
    })),
  );
  // NOTE: a subgraph of a valid graph is valid (no new cycle, every parent kept); this holds the types to it.
  if (!built.ok) throw built.error;
  const byName = new Map(nodes.map((node) => [node.name, node]));
  return {
    nodes,
    edges,
    dot: graphToDot(built.graph),
    csv: graphToCsv(
      built.graph,
      (name) => byName.get(name)?.lastStatus ?? 'fresh',
      (name) => activityOf(byName.get(name)?.state ?? 'idle'),
    ),
  };
}

/** A node's `state` text back as the activity it was written from ("idle", "queued", "2 running"). */
function activityOf(state: string): JobActivity {
  const running = /^(\d+) running$/.exec(state)?.[1];
  if (running !== undefined) return { running: Number(running) };
  return state === 'queued' ? 'queued' : 'idle';
}

/**
 * Subscribes `listener` to the run events of the jobs the caller may view
 * (a run's job, by its stored owner; the run of a job no longer stored only
 * for callers who may view unnamed owners, i.e. every job). Events are
 * delivered in the order they happened. Returns the unsubscribe.
 * Without ACLs: `api.subscribe` itself.
 */
export function subscribeVisibleRuns(
  access: JobAccess,
  api: ChronosApi,
  listener: (event: RunEventJson) => void,
): () => void {
  if (!access.enforcing) return api.subscribe(listener);
  let subscribed = true;
  // NOTE: the owner is looked up per event (a job's owner can change), in a chain so that order holds.
  let chain: Promise<void> = Promise.resolve();
  const unsubscribe = api.subscribe((event) => {
    chain = chain.then(async () => {
      const owner = await api.getJob(event.run.job).then(
        (job) => job.owner,
        () => '',
      );
      if (subscribed && access.canView(owner)) listener(event);
    });
  });
  return () => {
    subscribed = false;
    unsubscribe();
  };
}
