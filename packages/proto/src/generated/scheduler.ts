import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  AcceptRequest as _tessera_v1_AcceptRequest,
  AcceptRequest__Output as _tessera_v1_AcceptRequest__Output,
} from './tessera/v1/AcceptRequest.js';
import type {
  AcceptResponse as _tessera_v1_AcceptResponse,
  AcceptResponse__Output as _tessera_v1_AcceptResponse__Output,
} from './tessera/v1/AcceptResponse.js';
import type {
  AcknowledgeBatchRequest as _tessera_v1_AcknowledgeBatchRequest,
  AcknowledgeBatchRequest__Output as _tessera_v1_AcknowledgeBatchRequest__Output,
} from './tessera/v1/AcknowledgeBatchRequest.js';
import type {
  AcknowledgeBatchResponse as _tessera_v1_AcknowledgeBatchResponse,
  AcknowledgeBatchResponse__Output as _tessera_v1_AcknowledgeBatchResponse__Output,
} from './tessera/v1/AcknowledgeBatchResponse.js';
import type {
  AcknowledgeRequest as _tessera_v1_AcknowledgeRequest,
  AcknowledgeRequest__Output as _tessera_v1_AcknowledgeRequest__Output,
} from './tessera/v1/AcknowledgeRequest.js';
import type {
  AcknowledgeResponse as _tessera_v1_AcknowledgeResponse,
  AcknowledgeResponse__Output as _tessera_v1_AcknowledgeResponse__Output,
} from './tessera/v1/AcknowledgeResponse.js';
import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from './tessera/v1/AgentID.js';
import type {
  AgentInfo as _tessera_v1_AgentInfo,
  AgentInfo__Output as _tessera_v1_AgentInfo__Output,
} from './tessera/v1/AgentInfo.js';
import type {
  Attribute as _tessera_v1_Attribute,
  Attribute__Output as _tessera_v1_Attribute__Output,
} from './tessera/v1/Attribute.js';
import type {
  CommandInfo as _tessera_v1_CommandInfo,
  CommandInfo__Output as _tessera_v1_CommandInfo__Output,
} from './tessera/v1/CommandInfo.js';
import type {
  DeclineRequest as _tessera_v1_DeclineRequest,
  DeclineRequest__Output as _tessera_v1_DeclineRequest__Output,
} from './tessera/v1/DeclineRequest.js';
import type {
  DeclineResponse as _tessera_v1_DeclineResponse,
  DeclineResponse__Output as _tessera_v1_DeclineResponse__Output,
} from './tessera/v1/DeclineResponse.js';
import type {
  Environment as _tessera_v1_Environment,
  Environment__Output as _tessera_v1_Environment__Output,
} from './tessera/v1/Environment.js';
import type { Event as _tessera_v1_Event, Event__Output as _tessera_v1_Event__Output } from './tessera/v1/Event.js';
import type {
  ExecutorID as _tessera_v1_ExecutorID,
  ExecutorID__Output as _tessera_v1_ExecutorID__Output,
} from './tessera/v1/ExecutorID.js';
import type {
  Filters as _tessera_v1_Filters,
  Filters__Output as _tessera_v1_Filters__Output,
} from './tessera/v1/Filters.js';
import type {
  FrameworkID as _tessera_v1_FrameworkID,
  FrameworkID__Output as _tessera_v1_FrameworkID__Output,
} from './tessera/v1/FrameworkID.js';
import type {
  FrameworkInfo as _tessera_v1_FrameworkInfo,
  FrameworkInfo__Output as _tessera_v1_FrameworkInfo__Output,
} from './tessera/v1/FrameworkInfo.js';
import type {
  HealthCheck as _tessera_v1_HealthCheck,
  HealthCheck__Output as _tessera_v1_HealthCheck__Output,
} from './tessera/v1/HealthCheck.js';
import type {
  KillPolicy as _tessera_v1_KillPolicy,
  KillPolicy__Output as _tessera_v1_KillPolicy__Output,
} from './tessera/v1/KillPolicy.js';
import type {
  KillRequest as _tessera_v1_KillRequest,
  KillRequest__Output as _tessera_v1_KillRequest__Output,
} from './tessera/v1/KillRequest.js';
import type {
  KillResponse as _tessera_v1_KillResponse,
  KillResponse__Output as _tessera_v1_KillResponse__Output,
} from './tessera/v1/KillResponse.js';
import type { Label as _tessera_v1_Label, Label__Output as _tessera_v1_Label__Output } from './tessera/v1/Label.js';
import type {
  MasterInfo as _tessera_v1_MasterInfo,
  MasterInfo__Output as _tessera_v1_MasterInfo__Output,
} from './tessera/v1/MasterInfo.js';
import type { Offer as _tessera_v1_Offer, Offer__Output as _tessera_v1_Offer__Output } from './tessera/v1/Offer.js';
import type {
  OfferID as _tessera_v1_OfferID,
  OfferID__Output as _tessera_v1_OfferID__Output,
} from './tessera/v1/OfferID.js';
import type {
  Operation as _tessera_v1_Operation,
  Operation__Output as _tessera_v1_Operation__Output,
} from './tessera/v1/Operation.js';
import type { Quota as _tessera_v1_Quota, Quota__Output as _tessera_v1_Quota__Output } from './tessera/v1/Quota.js';
import type { Range as _tessera_v1_Range, Range__Output as _tessera_v1_Range__Output } from './tessera/v1/Range.js';
import type {
  ReconcileRequest as _tessera_v1_ReconcileRequest,
  ReconcileRequest__Output as _tessera_v1_ReconcileRequest__Output,
} from './tessera/v1/ReconcileRequest.js';
import type {
  ReconcileResponse as _tessera_v1_ReconcileResponse,
  ReconcileResponse__Output as _tessera_v1_ReconcileResponse__Output,
} from './tessera/v1/ReconcileResponse.js';
import type {
  Reservation as _tessera_v1_Reservation,
  Reservation__Output as _tessera_v1_Reservation__Output,
} from './tessera/v1/Reservation.js';
import type {
  Resource as _tessera_v1_Resource,
  Resource__Output as _tessera_v1_Resource__Output,
} from './tessera/v1/Resource.js';
import type {
  ReviveRequest as _tessera_v1_ReviveRequest,
  ReviveRequest__Output as _tessera_v1_ReviveRequest__Output,
} from './tessera/v1/ReviveRequest.js';
import type {
  ReviveResponse as _tessera_v1_ReviveResponse,
  ReviveResponse__Output as _tessera_v1_ReviveResponse__Output,
} from './tessera/v1/ReviveResponse.js';
import type {
  SchedulerClient as _tessera_v1_SchedulerClient,
  SchedulerDefinition as _tessera_v1_SchedulerDefinition,
} from './tessera/v1/Scheduler.js';
import type {
  SubscribeRequest as _tessera_v1_SubscribeRequest,
  SubscribeRequest__Output as _tessera_v1_SubscribeRequest__Output,
} from './tessera/v1/SubscribeRequest.js';
import type {
  SuppressRequest as _tessera_v1_SuppressRequest,
  SuppressRequest__Output as _tessera_v1_SuppressRequest__Output,
} from './tessera/v1/SuppressRequest.js';
import type {
  SuppressResponse as _tessera_v1_SuppressResponse,
  SuppressResponse__Output as _tessera_v1_SuppressResponse__Output,
} from './tessera/v1/SuppressResponse.js';
import type {
  TaskID as _tessera_v1_TaskID,
  TaskID__Output as _tessera_v1_TaskID__Output,
} from './tessera/v1/TaskID.js';
import type {
  TaskInfo as _tessera_v1_TaskInfo,
  TaskInfo__Output as _tessera_v1_TaskInfo__Output,
} from './tessera/v1/TaskInfo.js';
import type {
  TaskStatus as _tessera_v1_TaskStatus,
  TaskStatus__Output as _tessera_v1_TaskStatus__Output,
} from './tessera/v1/TaskStatus.js';
import type {
  TeardownRequest as _tessera_v1_TeardownRequest,
  TeardownRequest__Output as _tessera_v1_TeardownRequest__Output,
} from './tessera/v1/TeardownRequest.js';
import type {
  TeardownResponse as _tessera_v1_TeardownResponse,
  TeardownResponse__Output as _tessera_v1_TeardownResponse__Output,
} from './tessera/v1/TeardownResponse.js';
import type {
  WeightInfo as _tessera_v1_WeightInfo,
  WeightInfo__Output as _tessera_v1_WeightInfo__Output,
} from './tessera/v1/WeightInfo.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tessera: {
    v1: {
      AcceptRequest: MessageTypeDefinition<_tessera_v1_AcceptRequest, _tessera_v1_AcceptRequest__Output>;
      AcceptResponse: MessageTypeDefinition<_tessera_v1_AcceptResponse, _tessera_v1_AcceptResponse__Output>;
      AcknowledgeBatchRequest: MessageTypeDefinition<
        _tessera_v1_AcknowledgeBatchRequest,
        _tessera_v1_AcknowledgeBatchRequest__Output
      >;
      AcknowledgeBatchResponse: MessageTypeDefinition<
        _tessera_v1_AcknowledgeBatchResponse,
        _tessera_v1_AcknowledgeBatchResponse__Output
      >;
      AcknowledgeRequest: MessageTypeDefinition<_tessera_v1_AcknowledgeRequest, _tessera_v1_AcknowledgeRequest__Output>;
      AcknowledgeResponse: MessageTypeDefinition<
        _tessera_v1_AcknowledgeResponse,
        _tessera_v1_AcknowledgeResponse__Output
      >;
      AgentID: MessageTypeDefinition<_tessera_v1_AgentID, _tessera_v1_AgentID__Output>;
      AgentInfo: MessageTypeDefinition<_tessera_v1_AgentInfo, _tessera_v1_AgentInfo__Output>;
      Attribute: MessageTypeDefinition<_tessera_v1_Attribute, _tessera_v1_Attribute__Output>;
      CommandInfo: MessageTypeDefinition<_tessera_v1_CommandInfo, _tessera_v1_CommandInfo__Output>;
      DeclineRequest: MessageTypeDefinition<_tessera_v1_DeclineRequest, _tessera_v1_DeclineRequest__Output>;
      DeclineResponse: MessageTypeDefinition<_tessera_v1_DeclineResponse, _tessera_v1_DeclineResponse__Output>;
      Environment: MessageTypeDefinition<_tessera_v1_Environment, _tessera_v1_Environment__Output>;
      Event: MessageTypeDefinition<_tessera_v1_Event, _tessera_v1_Event__Output>;
      ExecutorID: MessageTypeDefinition<_tessera_v1_ExecutorID, _tessera_v1_ExecutorID__Output>;
      Filters: MessageTypeDefinition<_tessera_v1_Filters, _tessera_v1_Filters__Output>;
      FrameworkID: MessageTypeDefinition<_tessera_v1_FrameworkID, _tessera_v1_FrameworkID__Output>;
      FrameworkInfo: MessageTypeDefinition<_tessera_v1_FrameworkInfo, _tessera_v1_FrameworkInfo__Output>;
      HealthCheck: MessageTypeDefinition<_tessera_v1_HealthCheck, _tessera_v1_HealthCheck__Output>;
      KillPolicy: MessageTypeDefinition<_tessera_v1_KillPolicy, _tessera_v1_KillPolicy__Output>;
      KillRequest: MessageTypeDefinition<_tessera_v1_KillRequest, _tessera_v1_KillRequest__Output>;
      KillResponse: MessageTypeDefinition<_tessera_v1_KillResponse, _tessera_v1_KillResponse__Output>;
      Label: MessageTypeDefinition<_tessera_v1_Label, _tessera_v1_Label__Output>;
      MasterInfo: MessageTypeDefinition<_tessera_v1_MasterInfo, _tessera_v1_MasterInfo__Output>;
      Offer: MessageTypeDefinition<_tessera_v1_Offer, _tessera_v1_Offer__Output>;
      OfferID: MessageTypeDefinition<_tessera_v1_OfferID, _tessera_v1_OfferID__Output>;
      Operation: MessageTypeDefinition<_tessera_v1_Operation, _tessera_v1_Operation__Output>;
      QueuePolicy: EnumTypeDefinition;
      Quota: MessageTypeDefinition<_tessera_v1_Quota, _tessera_v1_Quota__Output>;
      Range: MessageTypeDefinition<_tessera_v1_Range, _tessera_v1_Range__Output>;
      ReconcileRequest: MessageTypeDefinition<_tessera_v1_ReconcileRequest, _tessera_v1_ReconcileRequest__Output>;
      ReconcileResponse: MessageTypeDefinition<_tessera_v1_ReconcileResponse, _tessera_v1_ReconcileResponse__Output>;
      Reservation: MessageTypeDefinition<_tessera_v1_Reservation, _tessera_v1_Reservation__Output>;
      Resource: MessageTypeDefinition<_tessera_v1_Resource, _tessera_v1_Resource__Output>;
      ReviveRequest: MessageTypeDefinition<_tessera_v1_ReviveRequest, _tessera_v1_ReviveRequest__Output>;
      ReviveResponse: MessageTypeDefinition<_tessera_v1_ReviveResponse, _tessera_v1_ReviveResponse__Output>;
      Scheduler: SubtypeConstructor<typeof grpc.Client, _tessera_v1_SchedulerClient> & {
        service: _tessera_v1_SchedulerDefinition;
      };
      SubscribeRequest: MessageTypeDefinition<_tessera_v1_SubscribeRequest, _tessera_v1_SubscribeRequest__Output>;
      SuppressRequest: MessageTypeDefinition<_tessera_v1_SuppressRequest, _tessera_v1_SuppressRequest__Output>;
      SuppressResponse: MessageTypeDefinition<_tessera_v1_SuppressResponse, _tessera_v1_SuppressResponse__Output>;
      TaskID: MessageTypeDefinition<_tessera_v1_TaskID, _tessera_v1_TaskID__Output>;
      TaskInfo: MessageTypeDefinition<_tessera_v1_TaskInfo, _tessera_v1_TaskInfo__Output>;
      TaskState: EnumTypeDefinition;
      TaskStatus: MessageTypeDefinition<_tessera_v1_TaskStatus, _tessera_v1_TaskStatus__Output>;
      TeardownRequest: MessageTypeDefinition<_tessera_v1_TeardownRequest, _tessera_v1_TeardownRequest__Output>;
      TeardownResponse: MessageTypeDefinition<_tessera_v1_TeardownResponse, _tessera_v1_TeardownResponse__Output>;
      ValueType: EnumTypeDefinition;
      WeightInfo: MessageTypeDefinition<_tessera_v1_WeightInfo, _tessera_v1_WeightInfo__Output>;
    };
  };
}
