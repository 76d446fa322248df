/**
 * A digest of the cluster's durable state, to show that refused input changed
 * nothing: the master's registry through the Operator API (agents with their
 * resources and reservations, frameworks, tasks, roles with weight, quota and
 * policy), Marathon's apps, groups and deployments, and Chronos's jobs.
 *
 * What moves on its own in a quiet cluster is left out: offers and what they
 * hold (allocated, offered, dominant shares), times of last contact, task
 * counters and run statistics.
 */
import { createHash } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { tesseraGrpc, type v1 } from '@tessera/proto';
import { unaryAnswer } from '@tessera/testkit';

export interface DigestTargets {
  readonly masterAddress: string;
  readonly marathonUrl: string;
  readonly chronosUrl: string;
}

/** The state as canonical JSON, by part (so a difference can be named), and its hash. */
export interface StateDigest {
  readonly hash: string;
  readonly parts: Readonly<Record<string, string>>;
}

const VOLATILE_KEYS = new Set([
  // master
  'allocated',
  'offered',
  'used',
  'dominantShare',
  'lastSeenTime',
  'registeredTime',
  'unregisteredTime',
  'offers',
  'allocatorConnected',
  'masterInfo',
  'taskCount',
  // Marathon
  'tasksStaged',
  'tasksRunning',
  'tasksHealthy',
  'tasksUnhealthy',
  'tasks',
  'lastTaskFailure',
  'taskStats',
  'readinessCheckResults',
  // Chronos
  'successCount',
  'errorCount',
  'lastSuccess',
  'lastError',
  'nextRun',
  'activeRuns',
  'lastRun',
]);

/** `value` with volatile keys dropped and object keys sorted, as JSON. */
export function canonical(value: unknown): string {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort())
        if (!VOLATILE_KEYS.has(key)) out[key] = strip((v as Record<string, unknown>)[key]);
      return out;
    }
    return v;
  };
  return JSON.stringify(strip(value));
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Reads every part of the state (the master's through Operator.GetState, GetQuota and GetWeights). */
export async function stateDigest(targets: DigestTargets): Promise<StateDigest> {
  const operator = new (tesseraGrpc().tessera.v1.Operator)(targets.masterAddress, grpc.credentials.createInsecure());
  const deadline = () => ({ deadline: Date.now() + 30_000 });
  try {
    const [state, quota, weights] = await Promise.all([
      unaryAnswer<v1.GetStateResponse__Output, grpc.ServiceError>((cb) => operator.GetState({}, deadline(), cb)),
      unaryAnswer<v1.GetQuotaResponse__Output, grpc.ServiceError>((cb) => operator.GetQuota({}, deadline(), cb)),
      unaryAnswer<v1.GetWeightsResponse__Output, grpc.ServiceError>((cb) => operator.GetWeights({}, deadline(), cb)),
    ]);
    const [apps, groups, deployments, jobs] = await Promise.all([
      getJson(`${targets.marathonUrl}/v2/apps`),
      getJson(`${targets.marathonUrl}/v2/groups`),
      getJson(`${targets.marathonUrl}/v2/deployments`),
      getJson(`${targets.chronosUrl}/v1/scheduler/jobs`),
    ]);
    const parts: Record<string, string> = {
      'master agents': canonical(state.agents),
      'master frameworks': canonical(state.frameworks),
      'master tasks': canonical(state.tasks),
      'master roles': canonical(state.roles),
      'master quota': canonical(quota.quotas),
      'master weights': canonical(weights.weights),
      'marathon apps': canonical(apps),
      'marathon groups': canonical(groups),
      'marathon deployments': canonical(deployments),
      'chronos jobs': canonical(jobs),
    };
    const hash = createHash('sha256');
    for (const [name, text] of Object.entries(parts)) hash.update(`${name}\0${text}\0`);
    return { hash: hash.digest('hex'), parts };
  } finally {
    operator.close();
  }
}

/** What differs between two digests, part by part, with the first differing characters of each. */
export function digestDifference(before: StateDigest, after: StateDigest): string {
  const lines: string[] = [];
  for (const [name, text] of Object.entries(before.parts)) {
    const other = after.parts[name] ?? '';
    if (other === text) continue;
    let at = 0;
    while (at < text.length && text[at] === other[at]) at++;
    const from = Math.max(0, at - 80);
    lines.push(`${name}:\n  before …${text.slice(from, at + 200)}\n  after  …${other.slice(from, at + 200)}`);
  }
  return lines.join('\n');
}
