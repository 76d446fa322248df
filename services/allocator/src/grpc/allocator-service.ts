/**
 * The tessera.v1.Allocator gRPC service: adapts the master's Connect stream to
 * the pure core, and runs allocation cycles.
 *
 * Stream contract (see allocator.proto):
 * - The first request must be a snapshot, else the stream ends with
 *   FAILED_PRECONDITION. A later snapshot replaces the whole model.
 * - Each request is converted once (convert.ts) and applied to the core. A
 *   request the core refuses ends the stream with the error's status (error
 *   table in errors.ts): the model no longer matches the master's, and the
 *   master's reconnect with a fresh snapshot is how the two get back in sync.
 *   Exceptions: removals, recoveries, deactivations and suppressions naming an
 *   agent or framework the model lacks are no-ops (they withhold nothing the
 *   model would give).
 * - Cycles run every `allocationIntervalMs` (a full cycle: every agent is
 *   offered), and also once on the next tick after requests that may make
 *   something allocatable. Requests read in one tick share that one cycle
 *   (Mesos's `allocate(agentIds)` batching):
 *   - agent-level requests (recover, agent added / updated / (re)activated,
 *     update_allocation) make it a *targeted* cycle that offers only the agents
 *     they named (core `allocate(nowMs, agentIds)`): a burst of declines costs
 *     O(declined agents), not O(agents) per tick;
 *   - framework- and role-level requests (snapshot, framework added / updated /
 *     (de)activated, revive, suppress, quota, weights, policy) make it a full
 *     cycle.
 *   Guarantees, the headroom and limits are measured over the whole cluster in
 *   both. A role that a targeted cycle's recovery would let use *other* agents
 *   (e.g. it fell below its limit) gets them on the next full cycle, as in Mesos.
 *   Removals trigger no cycle (as before): what a removed framework held is
 *   offered by the next periodic cycle.
 * - Non-empty cycles are sent as one `allocations` response with a cycle
 *   number that increases for the life of the process. Revocations the cycle
 *   decided (lent resources whose owner needs them back) follow as one
 *   `revocations` response.
 * - One master at a time: a new Connect ends the previous stream with ABORTED.
 *   When a stream ends, cycles stop and the model is dropped.
 */
import { performance } from 'node:perf_hooks';
import { status, type ServerDuplexStream, type ServiceError } from '@grpc/grpc-js';
import type { v1 } from '@tessera/proto';
import { grpcErrorFrom, unary, type Logger } from '@tessera/runtime';
import { Allocator, type AllocatorCoreOptions } from '../core/index.js';
import {
  allocationsResponse,
  explanationToProto,
  requestFromProto,
  revocationsResponse,
  snapshotAppliedResponse,
  type AllocatorCommand,
} from '../convert.js';
import {
  ALLOCATOR_ERRORS,
  AllocatorStoppingError,
  InvalidRequestError,
  NoMasterConnectedError,
  SnapshotRequiredError,
  StreamReplacedError,
} from '../errors.js';
import type { AllocatorMetrics } from '../metrics.js';

type ConnectCall = ServerDuplexStream<v1.AllocatorRequest__Output, v1.AllocatorResponse>;

export interface AllocatorServiceOptions {
  /** Time between periodic cycles, ms. */
  readonly allocationIntervalMs: number;
  /** Options for each new core (one per master stream). Share one `random` to keep a seeded run reproducible. */
  readonly core: AllocatorCoreOptions;
  readonly logger: Logger;
  readonly metrics?: AllocatorMetrics;
  /** Local wall clock, ms since the epoch. Default `Date.now`. */
  readonly clock?: () => number;
}

/** One master's Connect stream and the model built from it. */
interface MasterSession {
  readonly id: number;
  readonly call: ConnectCall;
  readonly peer: string;
  /** Undefined until the first snapshot is applied. */
  core: Allocator | undefined;
  interval: NodeJS.Timeout | undefined;
  pendingCycle: NodeJS.Immediate | undefined;
  /** Agents named by agent-level requests since the last cycle: what the pending cycle offers. */
  changedAgentIds: Set<string>;
  /** A framework- or role-level request since the last cycle: the pending cycle offers every agent. */
  fullCycleDue: boolean;
  /** Master clock minus local clock, ms, from the latest request that carried `now`. */
  clockOffsetMs: number;
  ended: boolean;
}

/**
 * Which cycle a request calls for on the next tick: one offering only the
 * agent it names, a full one, or none.
 */
function cycleTrigger(command: AllocatorCommand): { readonly agentId: string } | 'full' | undefined {
  switch (command.kind) {
    case 'agentAdded':
      return { agentId: command.agent.id };
    case 'agentUpdated':
    case 'agentActive':
    case 'recover':
    case 'updateAllocation':
      return { agentId: command.agentId };
    // NOTE: suppression and deactivation free nothing, but a guarantee whose role loses its last demand
    // becomes idle, and what the headroom held back for it becomes lendable on any agent: full cycles too.
    case 'snapshot':
    case 'frameworkAdded':
    case 'frameworkUpdated':
    case 'frameworkActive':
    case 'revive':
    case 'weightsSet':
    case 'quotaSet':
    case 'quotaRemoved':
    case 'policySet':
    case 'suppress':
      return 'full';
    case 'agentRemoved':
    case 'frameworkRemoved':
      return undefined;
  }
}

export interface AllocatorServiceStats {
  readonly masterConnected: boolean;
  readonly agents: number;
  readonly frameworks: number;
  readonly cycles: number;
  /** Of `cycles`, those that offered only the agents changed since the previous cycle. */
  readonly targetedCycles: number;
}

export class AllocatorService {
  private readonly clock: () => number;
  private readonly logger: Logger;
  private session: MasterSession | undefined;
  private sessions = 0;
  private cycles = 0;
  private targetedCycles = 0;
  private stopped = false;

  /** The handlers to register for tessera.v1.Allocator. */
  readonly implementation: v1.AllocatorHandlers;

  constructor(private readonly options: AllocatorServiceOptions) {
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger;
    this.implementation = {
      Connect: (call) => this.connect(call),
      Explain: unary<v1.ExplainRequest__Output, v1.ExplainResponse>(ALLOCATOR_ERRORS, this.logger, (request) =>
        this.explain(request),
      ),
    };
  }

  stats(): AllocatorServiceStats {
    const core = this.session?.core;
    return {
      masterConnected: core !== undefined,
      agents: core?.agentCount ?? 0,
      frameworks: core?.frameworkCount ?? 0,
      cycles: this.cycles,
      targetedCycles: this.targetedCycles,
    };
  }

  /** Ends the master stream (UNAVAILABLE) and refuses new ones. Idempotent. */
  stop(): void {
    this.stopped = true;
    if (this.session !== undefined)
      this.fail(this.session, new AllocatorStoppingError('the allocator is shutting down'));
  }

  private connect(call: ConnectCall): void {
    const session: MasterSession = {
      id: ++this.sessions,
      call,
      peer: call.getPeer(),
      core: undefined,
      interval: undefined,
      pendingCycle: undefined,
      changedAgentIds: new Set(),
      fullCycleDue: false,
      clockOffsetMs: 0,
      ended: false,
    };
    call.on('error', () => this.teardown(session));
    call.on('cancelled', () => this.teardown(session));
    call.on('close', () => this.teardown(session));
    if (this.stopped) {
      this.fail(session, new AllocatorStoppingError('the allocator is shutting down'));
      return;
    }
    const previous = this.session;
    this.session = session;
    this.logger.info({ session: session.id, peer: session.peer }, 'master connected');
    if (previous !== undefined) {
      this.fail(previous, new StreamReplacedError(`replaced by a newer Connect stream from ${session.peer}`));
    }
    call.on('data', (request: v1.AllocatorRequest__Output) => this.onRequest(session, request));
    call.on('end', () => {
      // The master half-closed: finish our side with OK.
      if (session.ended) return;
      this.logger.info({ session: session.id }, 'master closed the stream');
      this.teardown(session);
      call.end();
    });
  }

  private onRequest(session: MasterSession, request: v1.AllocatorRequest__Output): void {
    if (session.ended) return;
    try {
      const { nowMs, command } = requestFromProto(request);
      this.logger.trace({ session: session.id, request: command.kind }, 'master request');
      if (nowMs !== undefined) session.clockOffsetMs = nowMs - this.clock();
      const effectiveNowMs = nowMs ?? this.masterNowMs(session);
      if (session.core === undefined && command.kind !== 'snapshot') {
        throw new SnapshotRequiredError(`the first request must be a snapshot, got ${command.kind}`);
      }
      this.apply(session, command, effectiveNowMs);
      const trigger = cycleTrigger(command);
      if (trigger !== undefined) this.scheduleCycle(session, trigger);
      this.updateGauges(session);
    } catch (error) {
      this.fail(session, error);
    }
  }

  private apply(session: MasterSession, command: AllocatorCommand, nowMs: number): void {
    if (command.kind === 'snapshot') {
      const core = session.core ?? new Allocator(this.options.core);
      core.loadSnapshot(command.snapshot);
      const first = session.core === undefined;
      session.core = core;
      session.call.write(snapshotAppliedResponse(core.agentCount, core.frameworkCount));
      this.logger.info(
        { session: session.id, agents: core.agentCount, frameworks: core.frameworkCount },
        'snapshot applied',
      );
      if (first) {
        session.interval = setInterval(() => this.runCycle(session, 'full'), this.options.allocationIntervalMs);
        session.interval.unref();
      }
      return;
    }
    const core = session.core;
    if (core === undefined) throw new SnapshotRequiredError('no snapshot applied');
    switch (command.kind) {
      case 'agentAdded':
        return core.addAgent(command.agent);
      case 'agentUpdated':
        return core.updateAgentTotal(command.agentId, command.total);
      case 'agentRemoved':
        core.removeAgent(command.agentId);
        return;
      case 'agentActive':
        if (!command.active && core.agent(command.agentId) === undefined) {
          return this.ignoreUnknown(session, 'deactivation of unknown agent', command.agentId);
        }
        return core.setAgentActive(command.agentId, command.active);
      case 'frameworkAdded':
        return core.addFramework(command.framework);
      case 'frameworkUpdated':
        return core.updateFramework(command.framework);
      case 'frameworkRemoved':
        core.removeFramework(command.frameworkId);
        return;
      case 'frameworkActive':
        if (!command.active && core.framework(command.frameworkId) === undefined) {
          return this.ignoreUnknown(session, 'deactivation of unknown framework', command.frameworkId);
        }
        return core.setFrameworkActive(command.frameworkId, command.active);
      case 'suppress':
        if (core.framework(command.frameworkId) === undefined) {
          return this.ignoreUnknown(session, 'suppression of unknown framework', command.frameworkId);
        }
        return core.suppress(command.frameworkId, command.roles);
      case 'revive':
        return core.revive(command.frameworkId, command.roles);
      case 'recover': {
        const result = core.recover(
          command.frameworkId,
          command.agentId,
          command.role,
          command.resources,
          command.filter,
          nowMs,
        );
        if (result.notAllocated.length > 0) {
          this.logger.warn(
            { session: session.id, frameworkId: command.frameworkId, agentId: command.agentId, role: command.role },
            'recovered resources that were not allocated; ignored them',
          );
        }
        return;
      }
      case 'updateAllocation':
        return core.updateAllocation(command.frameworkId, command.agentId, command.role, command.from, command.to);
      case 'quotaSet':
        return core.setQuota(command.quota);
      case 'quotaRemoved':
        return core.removeQuota(command.role);
      case 'weightsSet':
        return core.setWeights(command.weights);
      case 'policySet':
        return core.setPolicy(command.policy.role, command.policy.policy);
    }
  }

  /**
   * NOTE: a request that only withholds resources from an agent or framework the
   * model does not have (e.g. the master drains an agent that was disconnected
   * when it sent its snapshot) leaves the model as the master wants it, so it is
   * ignored rather than ending the stream.
   */
  private ignoreUnknown(session: MasterSession, what: string, id: string): void {
    this.logger.debug({ session: session.id, id }, `ignored ${what}`);
  }

  /**
   * Notes what the next triggered cycle must offer (the agent, or everything)
   * and runs that cycle on the next tick; requests in the same tick share it.
   */
  private scheduleCycle(session: MasterSession, trigger: { readonly agentId: string } | 'full'): void {
    if (session.ended) return;
    if (trigger === 'full') session.fullCycleDue = true;
    else if (!session.fullCycleDue) session.changedAgentIds.add(trigger.agentId);
    if (session.pendingCycle !== undefined) return;
    session.pendingCycle = setImmediate(() => {
      session.pendingCycle = undefined;
      if (session.fullCycleDue) this.runCycle(session, 'full');
      else if (session.changedAgentIds.size > 0) this.runCycle(session, session.changedAgentIds);
      // Else a periodic cycle ran in between and offered everything already.
    });
  }

  /** Runs one cycle over every agent (`'full'`) or only the given ones, and sends what it decided. */
  private runCycle(session: MasterSession, agents: 'full' | ReadonlySet<string>): void {
    const core = session.core;
    if (session.ended || core === undefined) return;
    // Whatever was pending is covered by this cycle (a full one covers every agent).
    session.fullCycleDue = false;
    session.changedAgentIds = new Set();
    try {
      const started = performance.now();
      const allocations = core.allocate(this.masterNowMs(session), agents === 'full' ? undefined : agents);
      const seconds = (performance.now() - started) / 1000;
      const revocations = core.takeRevocations();
      const cycle = ++this.cycles;
      if (agents !== 'full') this.targetedCycles++;
      const metrics = this.options.metrics;
      if (metrics !== undefined) {
        metrics.cycles.inc();
        if (agents !== 'full') metrics.targetedCycles.inc();
        metrics.cycleDurationSeconds.observe(seconds);
        const fragmentation = core.fragmentation();
        metrics.fragmentation.set({ resource: 'cpus' }, fragmentation.cpus);
        metrics.fragmentation.set({ resource: 'mem' }, fragmentation.mem);
        metrics.lentCpus.set(core.lentTotal('cpus'));
      }
      if (allocations.length > 0) {
        metrics?.allocations.inc(allocations.length);
        this.logger.debug(
          {
            session: session.id,
            cycle,
            agents: agents === 'full' ? 'all' : agents.size,
            allocations: allocations.length,
            seconds,
          },
          'allocation cycle',
        );
        session.call.write(allocationsResponse(allocations, cycle));
      }
      if (revocations.length > 0) {
        metrics?.revocations.inc(revocations.length);
        this.logger.info(
          { session: session.id, cycle, revocations: revocations.length, reason: revocations[0]?.reason },
          'revoking lent resources',
        );
        session.call.write(revocationsResponse(revocations));
      }
    } catch (error) {
      this.fail(session, error);
    }
  }

  /**
   * A framework's explanation (in one of its roles when `role` is set), or, with
   * only a role, the explanation of every framework subscribed with that role.
   */
  private explain(request: v1.ExplainRequest__Output): v1.ExplainResponse {
    const frameworkId = request.frameworkId?.value ?? '';
    const role = request.role === '' ? undefined : request.role;
    if (frameworkId === '' && role === undefined) throw new InvalidRequestError('framework_id or role is required');
    const session = this.session;
    const core = session?.core;
    if (session === undefined || core === undefined) {
      throw new NoMasterConnectedError('no master is connected; the allocator has no model to explain');
    }
    const nowMs = this.masterNowMs(session);
    if (frameworkId !== '') return explanationToProto(core.explain(frameworkId, nowMs, role));
    const members = core.frameworks().filter((f) => role !== undefined && f.roles.includes(role));
    if (members.length === 0) {
      return {
        summary: `No framework is subscribed with role ${role ?? ''}, so it is offered nothing.`,
        reasons: [
          {
            code: 'INACTIVE',
            message: `no framework is subscribed with role ${role ?? ''}`,
            agentIds: [],
            until: 0,
            role: role ?? '',
          },
        ],
      };
    }
    const explanations = members.map((f) => ({
      name: f.name || f.id,
      proto: explanationToProto(core.explain(f.id, nowMs, role)),
    }));
    return {
      summary: `Role ${role ?? ''}: ${explanations.map((e) => `${e.name}: ${e.proto.summary ?? ''}`).join(' ')}`,
      reasons: explanations.flatMap((e) => e.proto.reasons ?? []),
    };
  }

  /** The master's clock, estimated from the offset seen in its latest request. */
  private masterNowMs(session: MasterSession): number {
    return this.clock() + session.clockOffsetMs;
  }

  /** Ends the stream with the error's status. */
  private fail(session: MasterSession, error: unknown): void {
    if (session.ended) return;
    const answer = grpcErrorFrom(error, ALLOCATOR_ERRORS);
    const code = answer.code ?? status.INTERNAL;
    const log = { session: session.id, code: status[code], err: error };
    if (code === status.INTERNAL) this.logger.error(log, 'allocator stream failed');
    else this.logger.warn(log, 'ending master stream');
    this.options.metrics?.streamsFailed.inc({ code: status[code] });
    this.teardown(session);
    session.call.emit('error', answer as ServiceError);
  }

  /** Stops cycles and drops the model. Idempotent. */
  private teardown(session: MasterSession): void {
    if (session.ended) return;
    session.ended = true;
    if (session.interval !== undefined) clearInterval(session.interval);
    if (session.pendingCycle !== undefined) clearImmediate(session.pendingCycle);
    session.core = undefined;
    if (this.session === session) {
      this.session = undefined;
      this.updateGauges(undefined);
      this.logger.info({ session: session.id }, 'master stream ended; model dropped');
    }
  }

  private updateGauges(session: MasterSession | undefined): void {
    const metrics = this.options.metrics;
    if (metrics === undefined || (session !== undefined && session !== this.session)) return;
    metrics.agents.set(session?.core?.agentCount ?? 0);
    metrics.frameworks.set(session?.core?.frameworkCount ?? 0);
    metrics.masterConnected.set(session?.core === undefined ? 0 : 1);
  }
}
