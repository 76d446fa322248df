/**
 * The offer matcher: whether a task fits an offer, and exactly what it takes.
 * A chain of small named steps (Nomad's feasibility checkers, in spirit); every
 * step runs, so that a mismatch lists ALL its reasons, not only the first:
 *
 * 1. `roleStep`: the offer's allocation role is one the task may use, and the
 *    offer holds something whose reservation the task accepts (UnfulfilledRole);
 * 2. `constraintStep`: every placement constraint holds on the agent, given the
 *    siblings already placed (UnfulfilledConstraint);
 * 3. `scarceResourceStep`: a task that wants no GPUs is kept off GPU agents
 *    (DeclinedScarceResources), unless the caller turns that off;
 * 4. `scalarStep` for cpus, mem, disk and gpus, each picking the amount from the
 *    resources the task may use (Insufficient{Cpus,Memory,Disk,Gpus});
 * 5. `portsStep`: the required ports, then the lowest free ones (InsufficientPorts).
 *
 * What a task takes of one kind comes from the regular (non-revocable) resources
 * it may use, reserved ones first (they are the framework's own; unreserved ones
 * are shared), then unreserved; only when those fall short, and the task may use
 * revocable ones, it comes from those instead, all of it. Taken entries keep the
 * offer's reservation and revocable flag, as the master requires of a launch.
 *
 * Pure: no I/O, no clock.
 */
import {
  isRoleInSubtree,
  normalizeRanges,
  normalizeResources,
  rangesSize,
  roundScalar,
  subtractResources,
  type RangesResource,
  type Resource,
  type ScalarResource,
} from '@tessera/domain';
import { formatConstraint, unmetConstraints } from './constraints.js';
import type { AgentFields, OfferView } from './offer.js';
import type { NoMatchReason, Rejection } from './reasons.js';
import { validateTaskRequest, type TaskRequest } from './request.js';

export interface MatchOptions {
  /** Where the other instances of the task's app or job are placed, in placement order. Default none. */
  readonly placed?: readonly AgentFields[];
  /** Agents the framework knows of, for GROUP_BY (see PlacementContext). Default none. */
  readonly knownAgents?: readonly AgentFields[];
  /** Keep tasks that want no GPUs off agents with GPUs (DeclinedScarceResources). Default true, as Marathon's `restricted`. */
  readonly declineScarceResources?: boolean;
}

/** The task fits: what to launch it with. */
export interface Match {
  readonly fits: true;
  /** The offer's entries the task takes (reservation and revocable flag kept), normalized. */
  readonly resources: Resource[];
  /** The host ports taken, ascending: the agent numbers them PORT0, PORT1, ... in this order. */
  readonly ports: number[];
  /** What is left of the offer once the task has taken its share. */
  readonly remaining: Resource[];
}

/** The task does not fit: every reason, in the order of NO_MATCH_REASONS. */
export interface Mismatch {
  readonly fits: false;
  readonly rejections: Rejection[];
}

export type MatchResult = Match | Mismatch;

/** A request `validateTaskRequest` refuses was given to the matcher: a caller's bug, not an offer's misfit. */
export class InvalidTaskRequestError extends Error {
  override readonly name = 'InvalidTaskRequestError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid task request: ${problems.join('; ')}`);
  }
}

// ---------- what the task may use ----------

/** The offer's resources the task may take, by name, regular and lent apart, in the order they are taken. */
interface Usable {
  readonly regular: ReadonlyMap<string, Resource[]>;
  readonly lent: ReadonlyMap<string, Resource[]>;
  /** Whether any resource of the offer has a reservation the task accepts. */
  readonly anyAccepted: boolean;
}

function acceptsReservation(request: TaskRequest, allocationRole: string, resource: Resource): boolean {
  const role = resource.reservation?.role;
  if (request.acceptedResourceRoles === undefined) {
    return role === undefined || isRoleInSubtree(allocationRole, role);
  }
  return request.acceptedResourceRoles.includes(role ?? '*');
}

/** Reserved entries first (by role), unreserved last. */
function takingOrder(a: Resource, b: Resource): number {
  const roleA = a.reservation?.role;
  const roleB = b.reservation?.role;
  if (roleA === roleB) return 0;
  if (roleA === undefined) return 1;
  if (roleB === undefined) return -1;
  return roleA < roleB ? -1 : 1;
}

function usableResources(request: TaskRequest, offer: OfferView, resources: readonly Resource[]): Usable {
  const regular = new Map<string, Resource[]>();
  const lent = new Map<string, Resource[]>();
  let anyAccepted = false;
  for (const resource of resources) {
    if (!acceptsReservation(request, offer.allocationRole, resource)) continue;
    anyAccepted = true;
    const pool = resource.revocable === true ? lent : regular;
    const list = pool.get(resource.name);
    if (list === undefined) pool.set(resource.name, [resource]);
    else list.push(resource);
  }
  for (const pool of [regular, lent]) for (const list of pool.values()) list.sort(takingOrder);
  return { regular, lent, anyAccepted };
}

// ---------- steps ----------

interface StepInput {
  readonly offer: OfferView;
  readonly resources: readonly Resource[];
  readonly request: TaskRequest;
  readonly usable: Usable;
  readonly options: MatchOptions;
}

/** A step's verdict: what the task takes for this step's kind, or why it cannot. */
type StepVerdict =
  | { readonly ok: true; readonly take: readonly Resource[]; readonly ports?: readonly number[] }
  | { readonly ok: false; readonly rejection: Rejection };

const PASS: StepVerdict = { ok: true, take: [] };

function reject(reason: NoMatchReason, message: string): StepVerdict {
  return { ok: false, rejection: { reason, message } };
}

/**
 * Step 1. UnfulfilledRole when the offer is allocated to a role not among the
 * task's `roles`, or when everything the offer holds is reserved to roles the
 * task does not accept (`acceptedResourceRoles`).
 */
function roleStep({ offer, request, usable }: StepInput): StepVerdict {
  if (request.roles !== undefined && !request.roles.includes(offer.allocationRole)) {
    return reject(
      'UnfulfilledRole',
      `the offer is allocated to role ${JSON.stringify(offer.allocationRole)}; the task may use ${request.roles.map((r) => JSON.stringify(r)).join(', ') || 'none'}`,
    );
  }
  if (!usable.anyAccepted) {
    const accepted = request.acceptedResourceRoles ?? [];
    return reject(
      'UnfulfilledRole',
      `nothing in the offer is reserved for a role the task accepts (${accepted.map((r) => JSON.stringify(r)).join(', ') || 'none'})`,
    );
  }
  return PASS;
}

/** Step 2. UnfulfilledConstraint naming every constraint that does not hold on the agent. */
function constraintStep({ offer, request, options }: StepInput): StepVerdict {
  const constraints = request.constraints ?? [];
  if (constraints.length === 0) return PASS;
  const context = { placed: options.placed ?? [], knownAgents: options.knownAgents ?? [] };
  const unmet = unmetConstraints(constraints, offer, context);
  if (unmet.length === 0) return PASS;
  return reject(
    'UnfulfilledConstraint',
    `${unmet.map(formatConstraint).join(', ')} not met on ${JSON.stringify(offer.hostname)}`,
  );
}

/** Step 3. DeclinedScarceResources: the task wants no GPUs and the agent offers some (unless turned off). */
function scarceResourceStep({ offer, request, options }: StepInput): StepVerdict {
  if ((options.declineScarceResources ?? true) === false || (request.gpus ?? 0) > 0) return PASS;
  // NOTE: the whole offer, not what packing left of it: a GPU agent stays one when its GPUs are taken.
  const hasGpus = offer.resources.some((r) => r.name === 'gpus' && r.type === 'scalar' && r.scalar > 0);
  return hasGpus ? reject('DeclinedScarceResources', 'the agent has GPUs and the task wants none') : PASS;
}

function scalarTotal(list: readonly Resource[] | undefined): number {
  let sum = 0;
  for (const r of list ?? []) if (r.type === 'scalar') sum += r.scalar;
  return roundScalar(sum);
}

/** `amount` taken from `sources` in order, or undefined when they hold less. */
function takeScalar(sources: readonly Resource[] | undefined, amount: number): ScalarResource[] | undefined {
  if (scalarTotal(sources) < amount) return undefined;
  const taken: ScalarResource[] = [];
  let left = amount;
  for (const source of sources ?? []) {
    if (left <= 0) break;
    if (source.type !== 'scalar') continue;
    const share = roundScalar(Math.min(source.scalar, left));
    if (share > 0) taken.push({ ...source, scalar: share });
    left = roundScalar(left - share);
  }
  return taken;
}

/**
 * Step 4, one kind of scalar: `amount` of `name` from the regular resources the
 * task may use, else (if it may) all of it from revocable ones; `reason` when
 * neither holds enough.
 */
function scalarStep(name: string, amount: number, reason: NoMatchReason, unit: string, input: StepInput): StepVerdict {
  if (!(amount > 0)) return PASS;
  const regular = takeScalar(input.usable.regular.get(name), amount);
  if (regular !== undefined) return { ok: true, take: regular };
  if (input.request.useRevocable === true) {
    const lent = takeScalar(input.usable.lent.get(name), amount);
    if (lent !== undefined) return { ok: true, take: lent };
  }
  const have = scalarTotal(input.usable.regular.get(name));
  const lentHave = input.request.useRevocable === true ? scalarTotal(input.usable.lent.get(name)) : 0;
  return reject(
    reason,
    `wants ${amount}${unit} ${name}; the offer has ${have}${unit} the task may use${lentHave > 0 ? ` (and ${lentHave}${unit} revocable)` : ''}`,
  );
}

/** The required ports and the `count` lowest others from `sources`, or undefined when they lack them. */
function takePorts(
  sources: readonly Resource[] | undefined,
  required: readonly number[],
  count: number,
): { take: Resource[]; ports: number[] } | undefined {
  const ranges = (sources ?? []).filter((r): r is RangesResource => r.type === 'ranges');
  const bySource = new Map<number, number[]>();
  const add = (index: number, port: number) => {
    const list = bySource.get(index);
    if (list === undefined) bySource.set(index, [port]);
    else list.push(port);
  };
  for (const port of required) {
    const index = ranges.findIndex((s) => s.ranges.some((r) => r.begin <= port && port <= r.end));
    if (index < 0) return undefined;
    add(index, port);
  }
  const requiredSet = new Set(required);
  const segments = ranges
    .flatMap((source, index) => source.ranges.map((range) => ({ range, index })))
    .sort((a, b) => a.range.begin - b.range.begin);
  let left = count;
  for (const { range, index } of segments) {
    for (let port = range.begin; port <= range.end && left > 0; port++) {
      if (requiredSet.has(port)) continue;
      add(index, port);
      left--;
    }
    if (left === 0) break;
  }
  if (left > 0) return undefined;
  const take: Resource[] = [];
  const ports: number[] = [];
  for (const [index, picked] of bySource) {
    const source = ranges[index] as RangesResource;
    take.push({ ...source, ranges: normalizeRanges(picked.map((port) => ({ begin: port, end: port }))) });
    ports.push(...picked);
  }
  return { take, ports: ports.sort((a, b) => a - b) };
}

/**
 * Step 5. The required ports (all must be in the offer) and `portCount` more,
 * lowest free first, from the regular `ports` the task may use, else (if it may)
 * all from revocable ones; InsufficientPorts otherwise.
 */
function portsStep(input: StepInput): StepVerdict {
  const required = input.request.requiredPorts ?? [];
  const count = input.request.portCount ?? 0;
  if (required.length === 0 && count === 0) return PASS;
  const regular = takePorts(input.usable.regular.get('ports'), required, count);
  if (regular !== undefined) return { ok: true, ...regular };
  if (input.request.useRevocable === true) {
    const lent = takePorts(input.usable.lent.get('ports'), required, count);
    if (lent !== undefined) return { ok: true, ...lent };
  }
  const have = (input.usable.regular.get('ports') ?? []).reduce(
    (sum, r) => sum + (r.type === 'ranges' ? rangesSize(r.ranges) : 0),
    0,
  );
  const wants = [
    ...(required.length > 0 ? [`ports ${required.join(', ')}`] : []),
    ...(count > 0 ? [`${count} port${count === 1 ? '' : 's'}`] : []),
  ].join(' and ');
  return reject(
    'InsufficientPorts',
    `wants ${wants}; the offer has ${have} port${have === 1 ? '' : 's'} the task may use`,
  );
}

/** The chain, in the order of NO_MATCH_REASONS. */
const STEPS: readonly ((input: StepInput) => StepVerdict)[] = [
  roleStep,
  constraintStep,
  scarceResourceStep,
  (input) => scalarStep('cpus', input.request.cpus, 'InsufficientCpus', '', input),
  (input) => scalarStep('mem', input.request.memMb, 'InsufficientMemory', ' MB', input),
  (input) => scalarStep('disk', input.request.diskMb ?? 0, 'InsufficientDisk', ' MB', input),
  (input) => scalarStep('gpus', input.request.gpus ?? 0, 'InsufficientGpus', '', input),
  portsStep,
];

/** The chain on resources already normalized (what remains of an offer during packing). */
function matchNormalized(
  offer: OfferView,
  resources: readonly Resource[],
  request: TaskRequest,
  options: MatchOptions,
): MatchResult {
  const input: StepInput = { offer, resources, request, usable: usableResources(request, offer, resources), options };
  const rejections: Rejection[] = [];
  const take: Resource[] = [];
  const ports: number[] = [];
  for (const step of STEPS) {
    const verdict = step(input);
    if (!verdict.ok) rejections.push(verdict.rejection);
    else if (rejections.length === 0) {
      take.push(...verdict.take);
      ports.push(...(verdict.ports ?? []));
    }
  }
  if (rejections.length > 0) return { fits: false, rejections };
  const taken = normalizeResources(take);
  return { fits: true, resources: taken, ports, remaining: subtractResources(resources, taken) };
}

/**
 * Whether `request` fits `offer`, and if so exactly which of the offer's
 * resources it takes (see the module comment for the steps and the order
 * resources are taken in). A mismatch lists every reason that applies. Throws
 * InvalidTaskRequestError for a request that `validateTaskRequest` refuses
 * (the caller validates user input first); never for anything about the offer.
 */
export function matchOffer(offer: OfferView, request: TaskRequest, options: MatchOptions = {}): MatchResult {
  const problems = validateTaskRequest(request);
  if (problems.length > 0) throw new InvalidTaskRequestError(problems);
  return matchNormalized(offer, normalizeResources(offer.resources), request, options);
}

export interface PackOptions {
  /** Where the placed instances of each group (app or job) run, by group. Default none. */
  readonly placed?: ReadonlyMap<string, readonly AgentFields[]>;
  readonly knownAgents?: readonly AgentFields[];
  readonly declineScarceResources?: boolean;
}

/** One request that fits, with what it takes. */
export interface PackedLaunch {
  /** The request's index in the list given. */
  readonly index: number;
  readonly resources: Resource[];
  readonly ports: number[];
}

export interface PackResult {
  /** The requests that fit, in the order given. */
  readonly launches: PackedLaunch[];
  /** The requests that did not, with why (against what was left when their turn came). */
  readonly rejected: { readonly index: number; readonly rejections: Rejection[] }[];
  /** What is left of the offer after all the launches. */
  readonly remaining: Resource[];
}

/** Matches requests one after the other against what the launches before them left of one offer. */
class Packer {
  private readonly placed = new Map<string, AgentFields[]>();
  private readonly validated = new Set<TaskRequest>();
  readonly launches: PackedLaunch[] = [];
  readonly rejected: { index: number; rejections: Rejection[] }[] = [];
  remaining: Resource[];

  constructor(
    private readonly offer: OfferView,
    private readonly options: PackOptions,
  ) {
    for (const [group, agents] of options.placed ?? []) this.placed.set(group, [...agents]);
    this.remaining = normalizeResources(offer.resources);
  }

  /** Matches `request` (the `index`th) and records the launch or the rejection; whether it fit. */
  place(index: number, request: TaskRequest): MatchResult {
    if (!this.validated.has(request)) {
      const problems = validateTaskRequest(request);
      if (problems.length > 0) throw new InvalidTaskRequestError(problems);
      this.validated.add(request);
    }
    let siblings: AgentFields[] = [];
    if (request.group !== undefined) {
      siblings = this.placed.get(request.group) ?? [];
      this.placed.set(request.group, siblings);
    }
    const result = matchNormalized(this.offer, this.remaining, request, {
      placed: siblings,
      ...(this.options.knownAgents === undefined ? {} : { knownAgents: this.options.knownAgents }),
      ...(this.options.declineScarceResources === undefined
        ? {}
        : { declineScarceResources: this.options.declineScarceResources }),
    });
    if (!result.fits) {
      this.rejected.push({ index, rejections: result.rejections });
      return result;
    }
    this.launches.push({ index, resources: result.resources, ports: result.ports });
    this.remaining = result.remaining;
    if (request.group !== undefined) siblings.push(this.offer);
    return result;
  }

  result(): PackResult {
    return { launches: this.launches, rejected: this.rejected, remaining: this.remaining };
  }
}

/**
 * Packs `requests` (in priority order) into one offer, first fit: each request
 * is matched against what the launches before it left, and one that does not
 * fit is skipped, not waited for. A launch counts as a placed sibling for the
 * later requests of its group. Throws InvalidTaskRequestError as `matchOffer` does.
 *
 * NOTE: a request object that did not fit is not matched again when the same
 * object comes again in the list: what is left only shrinks and the siblings
 * only grow, and no step turns a "no" into a "yes" then.
 */
export function packOffer(offer: OfferView, requests: readonly TaskRequest[], options: PackOptions = {}): PackResult {
  const packer = new Packer(offer, options);
  const refused = new Map<TaskRequest, Rejection[]>();
  for (const [index, request] of requests.entries()) {
    const known = refused.get(request);
    if (known !== undefined) {
      packer.rejected.push({ index, rejections: known });
      continue;
    }
    const result = packer.place(index, request);
    if (!result.fits) refused.set(request, result.rejections);
  }
  return packer.result();
}

/**
 * Packs up to `count` copies of one request into one offer (N instances of an
 * app, N tasks of a benchmark), stopping at the first copy that does not fit:
 * by the reasoning in `packOffer`, no later copy would. `rejected` then holds
 * that one copy (its index is how many fit) with the reasons; it is empty when
 * all `count` fit. Throws InvalidTaskRequestError as `matchOffer` does, and a
 * RangeError for a `count` that is not a whole number >= 0.
 */
export function packCopies(
  offer: OfferView,
  request: TaskRequest,
  count: number,
  options: PackOptions = {},
): PackResult {
  if (!Number.isSafeInteger(count) || count < 0)
    throw new RangeError(`count must be a whole number >= 0, got ${count}`);
  const packer = new Packer(offer, options);
  for (let index = 0; index < count; index++) {
    if (!packer.place(index, request).fits) break;
  }
  return packer.result();
}
