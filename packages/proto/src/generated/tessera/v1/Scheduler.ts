// Original file: proto/tessera/v1/scheduler.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  AcceptRequest as _tessera_v1_AcceptRequest,
  AcceptRequest__Output as _tessera_v1_AcceptRequest__Output,
} from '../../tessera/v1/AcceptRequest.js';
import type {
  AcceptResponse as _tessera_v1_AcceptResponse,
  AcceptResponse__Output as _tessera_v1_AcceptResponse__Output,
} from '../../tessera/v1/AcceptResponse.js';
import type {
  AcknowledgeBatchRequest as _tessera_v1_AcknowledgeBatchRequest,
  AcknowledgeBatchRequest__Output as _tessera_v1_AcknowledgeBatchRequest__Output,
} from '../../tessera/v1/AcknowledgeBatchRequest.js';
import type {
  AcknowledgeBatchResponse as _tessera_v1_AcknowledgeBatchResponse,
  AcknowledgeBatchResponse__Output as _tessera_v1_AcknowledgeBatchResponse__Output,
} from '../../tessera/v1/AcknowledgeBatchResponse.js';
import type {
  AcknowledgeRequest as _tessera_v1_AcknowledgeRequest,
  AcknowledgeRequest__Output as _tessera_v1_AcknowledgeRequest__Output,
} from '../../tessera/v1/AcknowledgeRequest.js';
import type {
  AcknowledgeResponse as _tessera_v1_AcknowledgeResponse,
  AcknowledgeResponse__Output as _tessera_v1_AcknowledgeResponse__Output,
} from '../../tessera/v1/AcknowledgeResponse.js';
import type {
  DeclineRequest as _tessera_v1_DeclineRequest,
  DeclineRequest__Output as _tessera_v1_DeclineRequest__Output,
} from '../../tessera/v1/DeclineRequest.js';
import type {
  DeclineResponse as _tessera_v1_DeclineResponse,
  DeclineResponse__Output as _tessera_v1_DeclineResponse__Output,
} from '../../tessera/v1/DeclineResponse.js';
import type { Event as _tessera_v1_Event, Event__Output as _tessera_v1_Event__Output } from '../../tessera/v1/Event.js';
import type {
  KillRequest as _tessera_v1_KillRequest,
  KillRequest__Output as _tessera_v1_KillRequest__Output,
} from '../../tessera/v1/KillRequest.js';
import type {
  KillResponse as _tessera_v1_KillResponse,
  KillResponse__Output as _tessera_v1_KillResponse__Output,
} from '../../tessera/v1/KillResponse.js';
import type {
  ReconcileRequest as _tessera_v1_ReconcileRequest,
  ReconcileRequest__Output as _tessera_v1_ReconcileRequest__Output,
} from '../../tessera/v1/ReconcileRequest.js';
import type {
  ReconcileResponse as _tessera_v1_ReconcileResponse,
  ReconcileResponse__Output as _tessera_v1_ReconcileResponse__Output,
} from '../../tessera/v1/ReconcileResponse.js';
import type {
  ReviveRequest as _tessera_v1_ReviveRequest,
  ReviveRequest__Output as _tessera_v1_ReviveRequest__Output,
} from '../../tessera/v1/ReviveRequest.js';
import type {
  ReviveResponse as _tessera_v1_ReviveResponse,
  ReviveResponse__Output as _tessera_v1_ReviveResponse__Output,
} from '../../tessera/v1/ReviveResponse.js';
import type {
  SubscribeRequest as _tessera_v1_SubscribeRequest,
  SubscribeRequest__Output as _tessera_v1_SubscribeRequest__Output,
} from '../../tessera/v1/SubscribeRequest.js';
import type {
  SuppressRequest as _tessera_v1_SuppressRequest,
  SuppressRequest__Output as _tessera_v1_SuppressRequest__Output,
} from '../../tessera/v1/SuppressRequest.js';
import type {
  SuppressResponse as _tessera_v1_SuppressResponse,
  SuppressResponse__Output as _tessera_v1_SuppressResponse__Output,
} from '../../tessera/v1/SuppressResponse.js';
import type {
  TeardownRequest as _tessera_v1_TeardownRequest,
  TeardownRequest__Output as _tessera_v1_TeardownRequest__Output,
} from '../../tessera/v1/TeardownRequest.js';
import type {
  TeardownResponse as _tessera_v1_TeardownResponse,
  TeardownResponse__Output as _tessera_v1_TeardownResponse__Output,
} from '../../tessera/v1/TeardownResponse.js';

export interface SchedulerClient extends grpc.Client {
  /**
   * Uses offers: applies operations in order, then returns what remains of the
   * offers to the allocator with `filters`. Invalid operations are refused as a
   * whole with INVALID_ARGUMENT naming the problem; tasks in them get TASK_ERROR
   * updates; the offers' resources go back to the allocator. All offers named
   * must be outstanding, owned by the framework and on one agent.
   */
  Accept(
    argument: _tessera_v1_AcceptRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_AcceptResponse__Output>,
  ): grpc.ClientUnaryCall;
  Accept(
    argument: _tessera_v1_AcceptRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_AcceptResponse__Output>,
  ): grpc.ClientUnaryCall;
  Accept(
    argument: _tessera_v1_AcceptRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_AcceptResponse__Output>,
  ): grpc.ClientUnaryCall;
  Accept(
    argument: _tessera_v1_AcceptRequest,
    callback: grpc.requestCallback<_tessera_v1_AcceptResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Uses offers: applies operations in order, then returns what remains of the
   * offers to the allocator with `filters`. Invalid operations are refused as a
   * whole with INVALID_ARGUMENT naming the problem; tasks in them get TASK_ERROR
   * updates; the offers' resources go back to the allocator. All offers named
   * must be outstanding, owned by the framework and on one agent.
   */
  accept(
    argument: _tessera_v1_AcceptRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_AcceptResponse__Output>,
  ): grpc.ClientUnaryCall;
  accept(
    argument: _tessera_v1_AcceptRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_AcceptResponse__Output>,
  ): grpc.ClientUnaryCall;
  accept(
    argument: _tessera_v1_AcceptRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_AcceptResponse__Output>,
  ): grpc.ClientUnaryCall;
  accept(
    argument: _tessera_v1_AcceptRequest,
    callback: grpc.requestCallback<_tessera_v1_AcceptResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Acknowledges a status update by its uuid; the agent stops retrying it.
   */
  Acknowledge(
    argument: _tessera_v1_AcknowledgeRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_AcknowledgeResponse__Output>,
  ): grpc.ClientUnaryCall;
  Acknowledge(
    argument: _tessera_v1_AcknowledgeRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_AcknowledgeResponse__Output>,
  ): grpc.ClientUnaryCall;
  Acknowledge(
    argument: _tessera_v1_AcknowledgeRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_AcknowledgeResponse__Output>,
  ): grpc.ClientUnaryCall;
  Acknowledge(
    argument: _tessera_v1_AcknowledgeRequest,
    callback: grpc.requestCallback<_tessera_v1_AcknowledgeResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Acknowledges a status update by its uuid; the agent stops retrying it.
   */
  acknowledge(
    argument: _tessera_v1_AcknowledgeRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_AcknowledgeResponse__Output>,
  ): grpc.ClientUnaryCall;
  acknowledge(
    argument: _tessera_v1_AcknowledgeRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_AcknowledgeResponse__Output>,
  ): grpc.ClientUnaryCall;
  acknowledge(
    argument: _tessera_v1_AcknowledgeRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_AcknowledgeResponse__Output>,
  ): grpc.ClientUnaryCall;
  acknowledge(
    argument: _tessera_v1_AcknowledgeRequest,
    callback: grpc.requestCallback<_tessera_v1_AcknowledgeResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Acknowledges several updates in one call (same semantics as Acknowledge for
   * each, applied in order). All or nothing: if any acknowledgement names no task
   * or no uuid, or a task the master never knew, the call is refused and nothing
   * is acknowledged.
   */
  AcknowledgeBatch(
    argument: _tessera_v1_AcknowledgeBatchRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_AcknowledgeBatchResponse__Output>,
  ): grpc.ClientUnaryCall;
  AcknowledgeBatch(
    argument: _tessera_v1_AcknowledgeBatchRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_AcknowledgeBatchResponse__Output>,
  ): grpc.ClientUnaryCall;
  AcknowledgeBatch(
    argument: _tessera_v1_AcknowledgeBatchRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_AcknowledgeBatchResponse__Output>,
  ): grpc.ClientUnaryCall;
  AcknowledgeBatch(
    argument: _tessera_v1_AcknowledgeBatchRequest,
    callback: grpc.requestCallback<_tessera_v1_AcknowledgeBatchResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Acknowledges several updates in one call (same semantics as Acknowledge for
   * each, applied in order). All or nothing: if any acknowledgement names no task
   * or no uuid, or a task the master never knew, the call is refused and nothing
   * is acknowledged.
   */
  acknowledgeBatch(
    argument: _tessera_v1_AcknowledgeBatchRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_AcknowledgeBatchResponse__Output>,
  ): grpc.ClientUnaryCall;
  acknowledgeBatch(
    argument: _tessera_v1_AcknowledgeBatchRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_AcknowledgeBatchResponse__Output>,
  ): grpc.ClientUnaryCall;
  acknowledgeBatch(
    argument: _tessera_v1_AcknowledgeBatchRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_AcknowledgeBatchResponse__Output>,
  ): grpc.ClientUnaryCall;
  acknowledgeBatch(
    argument: _tessera_v1_AcknowledgeBatchRequest,
    callback: grpc.requestCallback<_tessera_v1_AcknowledgeBatchResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Returns offers unused; the agent's resources are kept from this framework
   * for filters.refuse_seconds (5 when no filters are given, none when 0).
   */
  Decline(
    argument: _tessera_v1_DeclineRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeclineResponse__Output>,
  ): grpc.ClientUnaryCall;
  Decline(
    argument: _tessera_v1_DeclineRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeclineResponse__Output>,
  ): grpc.ClientUnaryCall;
  Decline(
    argument: _tessera_v1_DeclineRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeclineResponse__Output>,
  ): grpc.ClientUnaryCall;
  Decline(
    argument: _tessera_v1_DeclineRequest,
    callback: grpc.requestCallback<_tessera_v1_DeclineResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Returns offers unused; the agent's resources are kept from this framework
   * for filters.refuse_seconds (5 when no filters are given, none when 0).
   */
  decline(
    argument: _tessera_v1_DeclineRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeclineResponse__Output>,
  ): grpc.ClientUnaryCall;
  decline(
    argument: _tessera_v1_DeclineRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeclineResponse__Output>,
  ): grpc.ClientUnaryCall;
  decline(
    argument: _tessera_v1_DeclineRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeclineResponse__Output>,
  ): grpc.ClientUnaryCall;
  decline(
    argument: _tessera_v1_DeclineRequest,
    callback: grpc.requestCallback<_tessera_v1_DeclineResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Kills a task. Idempotent: killing an ended or unknown task answers with its
   * last known state as an update on the stream.
   */
  Kill(
    argument: _tessera_v1_KillRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_KillResponse__Output>,
  ): grpc.ClientUnaryCall;
  Kill(
    argument: _tessera_v1_KillRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_KillResponse__Output>,
  ): grpc.ClientUnaryCall;
  Kill(
    argument: _tessera_v1_KillRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_KillResponse__Output>,
  ): grpc.ClientUnaryCall;
  Kill(
    argument: _tessera_v1_KillRequest,
    callback: grpc.requestCallback<_tessera_v1_KillResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Kills a task. Idempotent: killing an ended or unknown task answers with its
   * last known state as an update on the stream.
   */
  kill(
    argument: _tessera_v1_KillRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_KillResponse__Output>,
  ): grpc.ClientUnaryCall;
  kill(
    argument: _tessera_v1_KillRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_KillResponse__Output>,
  ): grpc.ClientUnaryCall;
  kill(
    argument: _tessera_v1_KillRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_KillResponse__Output>,
  ): grpc.ClientUnaryCall;
  kill(
    argument: _tessera_v1_KillRequest,
    callback: grpc.requestCallback<_tessera_v1_KillResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * The master's latest known state of the named tasks, or all of the
   * framework's tasks when none are named. Unknown tasks answer TASK_UNKNOWN
   * (or TASK_GONE when their agent is gone).
   */
  Reconcile(
    argument: _tessera_v1_ReconcileRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReconcileResponse__Output>,
  ): grpc.ClientUnaryCall;
  Reconcile(
    argument: _tessera_v1_ReconcileRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ReconcileResponse__Output>,
  ): grpc.ClientUnaryCall;
  Reconcile(
    argument: _tessera_v1_ReconcileRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReconcileResponse__Output>,
  ): grpc.ClientUnaryCall;
  Reconcile(
    argument: _tessera_v1_ReconcileRequest,
    callback: grpc.requestCallback<_tessera_v1_ReconcileResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * The master's latest known state of the named tasks, or all of the
   * framework's tasks when none are named. Unknown tasks answer TASK_UNKNOWN
   * (or TASK_GONE when their agent is gone).
   */
  reconcile(
    argument: _tessera_v1_ReconcileRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReconcileResponse__Output>,
  ): grpc.ClientUnaryCall;
  reconcile(
    argument: _tessera_v1_ReconcileRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ReconcileResponse__Output>,
  ): grpc.ClientUnaryCall;
  reconcile(
    argument: _tessera_v1_ReconcileRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReconcileResponse__Output>,
  ): grpc.ClientUnaryCall;
  reconcile(
    argument: _tessera_v1_ReconcileRequest,
    callback: grpc.requestCallback<_tessera_v1_ReconcileResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Clears all decline filters and un-suppresses the named roles (all roles if empty).
   */
  Revive(
    argument: _tessera_v1_ReviveRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReviveResponse__Output>,
  ): grpc.ClientUnaryCall;
  Revive(
    argument: _tessera_v1_ReviveRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ReviveResponse__Output>,
  ): grpc.ClientUnaryCall;
  Revive(
    argument: _tessera_v1_ReviveRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReviveResponse__Output>,
  ): grpc.ClientUnaryCall;
  Revive(
    argument: _tessera_v1_ReviveRequest,
    callback: grpc.requestCallback<_tessera_v1_ReviveResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Clears all decline filters and un-suppresses the named roles (all roles if empty).
   */
  revive(
    argument: _tessera_v1_ReviveRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReviveResponse__Output>,
  ): grpc.ClientUnaryCall;
  revive(
    argument: _tessera_v1_ReviveRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ReviveResponse__Output>,
  ): grpc.ClientUnaryCall;
  revive(
    argument: _tessera_v1_ReviveRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ReviveResponse__Output>,
  ): grpc.ClientUnaryCall;
  revive(
    argument: _tessera_v1_ReviveRequest,
    callback: grpc.requestCallback<_tessera_v1_ReviveResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Subscribes (or re-subscribes, with framework_info.id set) and streams events.
   * The first event is always SUBSCRIBED. A second Subscribe for the same
   * framework ID replaces the first stream, which is closed.
   */
  Subscribe(
    argument: _tessera_v1_SubscribeRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_tessera_v1_Event__Output>;
  Subscribe(
    argument: _tessera_v1_SubscribeRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_tessera_v1_Event__Output>;
  /**
   * Subscribes (or re-subscribes, with framework_info.id set) and streams events.
   * The first event is always SUBSCRIBED. A second Subscribe for the same
   * framework ID replaces the first stream, which is closed.
   */
  subscribe(
    argument: _tessera_v1_SubscribeRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_tessera_v1_Event__Output>;
  subscribe(
    argument: _tessera_v1_SubscribeRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_tessera_v1_Event__Output>;

  /**
   * Stops offers for the named roles (all roles if empty) until Revive.
   */
  Suppress(
    argument: _tessera_v1_SuppressRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_SuppressResponse__Output>,
  ): grpc.ClientUnaryCall;
  Suppress(
    argument: _tessera_v1_SuppressRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_SuppressResponse__Output>,
  ): grpc.ClientUnaryCall;
  Suppress(
    argument: _tessera_v1_SuppressRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_SuppressResponse__Output>,
  ): grpc.ClientUnaryCall;
  Suppress(
    argument: _tessera_v1_SuppressRequest,
    callback: grpc.requestCallback<_tessera_v1_SuppressResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Stops offers for the named roles (all roles if empty) until Revive.
   */
  suppress(
    argument: _tessera_v1_SuppressRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_SuppressResponse__Output>,
  ): grpc.ClientUnaryCall;
  suppress(
    argument: _tessera_v1_SuppressRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_SuppressResponse__Output>,
  ): grpc.ClientUnaryCall;
  suppress(
    argument: _tessera_v1_SuppressRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_SuppressResponse__Output>,
  ): grpc.ClientUnaryCall;
  suppress(
    argument: _tessera_v1_SuppressRequest,
    callback: grpc.requestCallback<_tessera_v1_SuppressResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Removes the framework: kills all its tasks, rescinds its offers, forgets it.
   */
  Teardown(
    argument: _tessera_v1_TeardownRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_TeardownResponse__Output>,
  ): grpc.ClientUnaryCall;
  Teardown(
    argument: _tessera_v1_TeardownRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_TeardownResponse__Output>,
  ): grpc.ClientUnaryCall;
  Teardown(
    argument: _tessera_v1_TeardownRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_TeardownResponse__Output>,
  ): grpc.ClientUnaryCall;
  Teardown(
    argument: _tessera_v1_TeardownRequest,
    callback: grpc.requestCallback<_tessera_v1_TeardownResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Removes the framework: kills all its tasks, rescinds its offers, forgets it.
   */
  teardown(
    argument: _tessera_v1_TeardownRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_TeardownResponse__Output>,
  ): grpc.ClientUnaryCall;
  teardown(
    argument: _tessera_v1_TeardownRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_TeardownResponse__Output>,
  ): grpc.ClientUnaryCall;
  teardown(
    argument: _tessera_v1_TeardownRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_TeardownResponse__Output>,
  ): grpc.ClientUnaryCall;
  teardown(
    argument: _tessera_v1_TeardownRequest,
    callback: grpc.requestCallback<_tessera_v1_TeardownResponse__Output>,
  ): grpc.ClientUnaryCall;
}

export interface SchedulerHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Uses offers: applies operations in order, then returns what remains of the
   * offers to the allocator with `filters`. Invalid operations are refused as a
   * whole with INVALID_ARGUMENT naming the problem; tasks in them get TASK_ERROR
   * updates; the offers' resources go back to the allocator. All offers named
   * must be outstanding, owned by the framework and on one agent.
   */
  Accept: grpc.handleUnaryCall<_tessera_v1_AcceptRequest__Output, _tessera_v1_AcceptResponse>;

  /**
   * Acknowledges a status update by its uuid; the agent stops retrying it.
   */
  Acknowledge: grpc.handleUnaryCall<_tessera_v1_AcknowledgeRequest__Output, _tessera_v1_AcknowledgeResponse>;

  /**
   * Acknowledges several updates in one call (same semantics as Acknowledge for
   * each, applied in order). All or nothing: if any acknowledgement names no task
   * or no uuid, or a task the master never knew, the call is refused and nothing
   * is acknowledged.
   */
  AcknowledgeBatch: grpc.handleUnaryCall<
    _tessera_v1_AcknowledgeBatchRequest__Output,
    _tessera_v1_AcknowledgeBatchResponse
  >;

  /**
   * Returns offers unused; the agent's resources are kept from this framework
   * for filters.refuse_seconds (5 when no filters are given, none when 0).
   */
  Decline: grpc.handleUnaryCall<_tessera_v1_DeclineRequest__Output, _tessera_v1_DeclineResponse>;

  /**
   * Kills a task. Idempotent: killing an ended or unknown task answers with its
   * last known state as an update on the stream.
   */
  Kill: grpc.handleUnaryCall<_tessera_v1_KillRequest__Output, _tessera_v1_KillResponse>;

  /**
   * The master's latest known state of the named tasks, or all of the
   * framework's tasks when none are named. Unknown tasks answer TASK_UNKNOWN
   * (or TASK_GONE when their agent is gone).
   */
  Reconcile: grpc.handleUnaryCall<_tessera_v1_ReconcileRequest__Output, _tessera_v1_ReconcileResponse>;

  /**
   * Clears all decline filters and un-suppresses the named roles (all roles if empty).
   */
  Revive: grpc.handleUnaryCall<_tessera_v1_ReviveRequest__Output, _tessera_v1_ReviveResponse>;

  /**
   * Subscribes (or re-subscribes, with framework_info.id set) and streams events.
   * The first event is always SUBSCRIBED. A second Subscribe for the same
   * framework ID replaces the first stream, which is closed.
   */
  Subscribe: grpc.handleServerStreamingCall<_tessera_v1_SubscribeRequest__Output, _tessera_v1_Event>;

  /**
   * Stops offers for the named roles (all roles if empty) until Revive.
   */
  Suppress: grpc.handleUnaryCall<_tessera_v1_SuppressRequest__Output, _tessera_v1_SuppressResponse>;

  /**
   * Removes the framework: kills all its tasks, rescinds its offers, forgets it.
   */
  Teardown: grpc.handleUnaryCall<_tessera_v1_TeardownRequest__Output, _tessera_v1_TeardownResponse>;
}

export interface SchedulerDefinition extends grpc.ServiceDefinition {
  Accept: MethodDefinition<
    _tessera_v1_AcceptRequest,
    _tessera_v1_AcceptResponse,
    _tessera_v1_AcceptRequest__Output,
    _tessera_v1_AcceptResponse__Output
  >;
  Acknowledge: MethodDefinition<
    _tessera_v1_AcknowledgeRequest,
    _tessera_v1_AcknowledgeResponse,
    _tessera_v1_AcknowledgeRequest__Output,
    _tessera_v1_AcknowledgeResponse__Output
  >;
  AcknowledgeBatch: MethodDefinition<
    _tessera_v1_AcknowledgeBatchRequest,
    _tessera_v1_AcknowledgeBatchResponse,
    _tessera_v1_AcknowledgeBatchRequest__Output,
    _tessera_v1_AcknowledgeBatchResponse__Output
  >;
  Decline: MethodDefinition<
    _tessera_v1_DeclineRequest,
    _tessera_v1_DeclineResponse,
    _tessera_v1_DeclineRequest__Output,
    _tessera_v1_DeclineResponse__Output
  >;
  Kill: MethodDefinition<
    _tessera_v1_KillRequest,
    _tessera_v1_KillResponse,
    _tessera_v1_KillRequest__Output,
    _tessera_v1_KillResponse__Output
  >;
  Reconcile: MethodDefinition<
    _tessera_v1_ReconcileRequest,
    _tessera_v1_ReconcileResponse,
    _tessera_v1_ReconcileRequest__Output,
    _tessera_v1_ReconcileResponse__Output
  >;
  Revive: MethodDefinition<
    _tessera_v1_ReviveRequest,
    _tessera_v1_ReviveResponse,
    _tessera_v1_ReviveRequest__Output,
    _tessera_v1_ReviveResponse__Output
  >;
  Subscribe: MethodDefinition<
    _tessera_v1_SubscribeRequest,
    _tessera_v1_Event,
    _tessera_v1_SubscribeRequest__Output,
    _tessera_v1_Event__Output
  >;
  Suppress: MethodDefinition<
    _tessera_v1_SuppressRequest,
    _tessera_v1_SuppressResponse,
    _tessera_v1_SuppressRequest__Output,
    _tessera_v1_SuppressResponse__Output
  >;
  Teardown: MethodDefinition<
    _tessera_v1_TeardownRequest,
    _tessera_v1_TeardownResponse,
    _tessera_v1_TeardownRequest__Output,
    _tessera_v1_TeardownResponse__Output
  >;
}
