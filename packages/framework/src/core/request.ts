import { isValidRole, rangesSize, roundScalar, type Resources } from '@tessera/domain';
import { constraintProblems, formatConstraint, type Constraint } from './constraints.js';

/**
 * What one task needs from an offer, the way Marathon and Chronos describe a
 * task (not a resource list): amounts, ports, roles, constraints. Plain data.
 */
export interface TaskRequest {
  /** Cores, >= 0. */
  readonly cpus: number;
  /** MB, >= 0. */
  readonly memMb: number;
  /** MB, >= 0. Default 0. */
  readonly diskMb?: number;
  /** Whole GPUs, >= 0. Default 0. */
  readonly gpus?: number;
  /** How many host ports to pick from the offer's `ports` ranges, lowest free first. Default 0. */
  readonly portCount?: number;
  /** Host ports the task must get exactly (Marathon's `requirePorts`), 1-65535, no repeats. Default none. */
  readonly requiredPorts?: readonly number[];
  /** The roles whose offers the task may use (the offer's allocation role must be one). Default: any. */
  readonly roles?: readonly string[];
  /**
   * Which resources of an offer the task may take (Marathon's
   * `acceptedResourceRoles`): "*" for unreserved ones, a role for those reserved
   * to exactly that role. Default: everything the offer holds (unreserved, and
   * reserved to the allocation role or an ancestor, as the master offers them).
   */
  readonly acceptedResourceRoles?: readonly string[];
  /**
   * May take lent (revocable) resources, for a kind the regular ones do not
   * cover. A kind is never split between the two (Mesos refuses a task that
   * mixes revocable and regular resources of one name). Default false.
   */
  readonly useRevocable?: boolean;
  /** Placement constraints, checked against the siblings already placed. Default none. */
  readonly constraints?: readonly Constraint[];
  /**
   * The app or job the task belongs to. When several requests are packed into
   * one offer, a launch counts as a placed sibling for the later requests of the
   * same group. Default: none (no siblings within a pack).
   */
  readonly group?: string;
}

const MAX_PORT = 65_535;

function amountProblem(what: string, value: number | undefined, wholeNumber = false): string | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value < 0) return `${what} must be a finite number >= 0, got ${value}`;
  if (wholeNumber && !Number.isInteger(value)) return `${what} must be a whole number, got ${value}`;
  return undefined;
}

/**
 * Every problem with `request`, in plain words (empty when it is valid):
 * negative or non-finite amounts, fractional GPUs or port counts, ports outside
 * 1-65535 or repeated, invalid roles, malformed constraints.
 */
export function validateTaskRequest(request: TaskRequest): string[] {
  const problems = [
    amountProblem('cpus', request.cpus),
    amountProblem('memMb', request.memMb),
    amountProblem('diskMb', request.diskMb),
    amountProblem('gpus', request.gpus, true),
    amountProblem('portCount', request.portCount, true),
  ].filter((problem): problem is string => problem !== undefined);
  const required = request.requiredPorts ?? [];
  const bad = required.filter((port) => !Number.isInteger(port) || port < 1 || port > MAX_PORT);
  if (bad.length > 0) problems.push(`requiredPorts must be whole numbers in 1-${MAX_PORT}, got ${bad.join(', ')}`);
  const repeated = required.filter((port, index) => required.indexOf(port) !== index);
  if (repeated.length > 0) problems.push(`requiredPorts names ${[...new Set(repeated)].join(', ')} more than once`);
  for (const role of request.roles ?? []) {
    if (!isValidRole(role)) problems.push(`roles: invalid role ${JSON.stringify(role)}`);
  }
  for (const role of request.acceptedResourceRoles ?? []) {
    if (role !== '*' && !isValidRole(role))
      problems.push(`acceptedResourceRoles: invalid role ${JSON.stringify(role)}`);
  }
  for (const constraint of request.constraints ?? []) {
    problems.push(...constraintProblems(constraint).map((p) => `constraint ${formatConstraint(constraint)}: ${p}`));
  }
  return problems;
}

/** The kinds of resource a TaskRequest can ask for. */
const REQUESTABLE = new Set(['cpus', 'mem', 'disk', 'gpus', 'ports']);

/**
 * A request for the resources written as a Mesos resource list (e.g. parsed
 * from "cpus:0.1;mem:32;ports:[31005-31005]"), for tools that take that syntax:
 * scalars are summed by kind, `ports` ranges become required ports, and the
 * reservations written become the accepted resource roles ("*" for entries
 * without one). So "cpus:1;mem:32" takes unreserved resources only, as a
 * key-by-key comparison did.
 *
 * NOTE: the roles are accepted for all kinds together (as Marathon's
 * acceptedResourceRoles are), not entry by entry: "cpus(eng):1;mem:32" may also
 * take mem reserved to eng.
 *
 * Refuses (with the problems) kinds a request cannot hold (anything but cpus,
 * mem, disk, gpus and ports), sets, and revocable entries.
 */
export function taskRequestFromResources(
  resources: Resources,
): { readonly ok: true; readonly request: TaskRequest } | { readonly ok: false; readonly problems: string[] } {
  const problems: string[] = [];
  const totals = new Map<string, number>();
  const ports: number[] = [];
  const roles = new Set<string>();
  for (const resource of resources) {
    if (!REQUESTABLE.has(resource.name)) {
      problems.push(`${resource.name}: a task can ask only for cpus, mem, disk, gpus and ports`);
      continue;
    }
    if (resource.revocable === true) {
      problems.push(`${resource.name}: revocable resources cannot be asked for by name`);
      continue;
    }
    roles.add(resource.reservation?.role ?? '*');
    if (resource.type === 'scalar' && resource.name !== 'ports') {
      totals.set(resource.name, roundScalar((totals.get(resource.name) ?? 0) + resource.scalar));
    } else if (resource.type === 'ranges' && resource.name === 'ports') {
      if (rangesSize(resource.ranges) > MAX_PORT) {
        problems.push('ports: more ports than there are');
        continue;
      }
      for (const range of resource.ranges) for (let port = range.begin; port <= range.end; port++) ports.push(port);
    } else {
      problems.push(
        `${resource.name}: expected ${resource.name === 'ports' ? 'ranges' : 'a scalar'}, got ${resource.type}`,
      );
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const request: TaskRequest = {
    cpus: totals.get('cpus') ?? 0,
    memMb: totals.get('mem') ?? 0,
    diskMb: totals.get('disk') ?? 0,
    gpus: totals.get('gpus') ?? 0,
    requiredPorts: [...new Set(ports)].sort((a, b) => a - b),
    acceptedResourceRoles: roles.size === 0 ? ['*'] : [...roles].sort(),
  };
  const invalid = validateTaskRequest(request);
  return invalid.length === 0 ? { ok: true, request } : { ok: false, problems: invalid };
}
