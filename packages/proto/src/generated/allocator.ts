import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  AgentID as _tessera_v1_AgentID,
  AgentID__Output as _tessera_v1_AgentID__Output,
} from './tessera/v1/AgentID.js';
import type {
  AgentInfo as _tessera_v1_AgentInfo,
  AgentInfo__Output as _tessera_v1_AgentInfo__Output,
} from './tessera/v1/AgentInfo.js';
import type {
  AllocatedResources as _tessera_v1_AllocatedResources,
  AllocatedResources__Output as _tessera_v1_AllocatedResources__Output,
} from './tessera/v1/AllocatedResources.js';
import type {
  Allocation as _tessera_v1_Allocation,
  Allocation__Output as _tessera_v1_Allocation__Output,
} from './tessera/v1/Allocation.js';
import type {
  AllocatorClient as _tessera_v1_AllocatorClient,
  AllocatorDefinition as _tessera_v1_AllocatorDefinition,
} from './tessera/v1/Allocator.js';
import type {
  AllocatorAgent as _tessera_v1_AllocatorAgent,
  AllocatorAgent__Output as _tessera_v1_AllocatorAgent__Output,
} from './tessera/v1/AllocatorAgent.js';
import type {
  AllocatorFramework as _tessera_v1_AllocatorFramework,
  AllocatorFramework__Output as _tessera_v1_AllocatorFramework__Output,
} from './tessera/v1/AllocatorFramework.js';
import type {
  AllocatorRequest as _tessera_v1_AllocatorRequest,
  AllocatorRequest__Output as _tessera_v1_AllocatorRequest__Output,
} from './tessera/v1/AllocatorRequest.js';
import type {
  AllocatorResponse as _tessera_v1_AllocatorResponse,
  AllocatorResponse__Output as _tessera_v1_AllocatorResponse__Output,
} from './tessera/v1/AllocatorResponse.js';
import type {
  AllocatorSnapshot as _tessera_v1_AllocatorSnapshot,
  AllocatorSnapshot__Output as _tessera_v1_AllocatorSnapshot__Output,
} from './tessera/v1/AllocatorSnapshot.js';
import type {
  Attribute as _tessera_v1_Attribute,
  Attribute__Output as _tessera_v1_Attribute__Output,
} from './tessera/v1/Attribute.js';
import type {
  CommandInfo as _tessera_v1_CommandInfo,
  CommandInfo__Output as _tessera_v1_CommandInfo__Output,
} from './tessera/v1/CommandInfo.js';
import type {
  Environment as _tessera_v1_Environment,
  Environment__Output as _tessera_v1_Environment__Output,
} from './tessera/v1/Environment.js';
import type {
  ExecutorID as _tessera_v1_ExecutorID,
  ExecutorID__Output as _tessera_v1_ExecutorID__Output,
} from './tessera/v1/ExecutorID.js';
import type {
  ExplainRequest as _tessera_v1_ExplainRequest,
  ExplainRequest__Output as _tessera_v1_ExplainRequest__Output,
} from './tessera/v1/ExplainRequest.js';
import type {
  ExplainResponse as _tessera_v1_ExplainResponse,
  ExplainResponse__Output as _tessera_v1_ExplainResponse__Output,
} from './tessera/v1/ExplainResponse.js';
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
  Reservation as _tessera_v1_Reservation,
  Reservation__Output as _tessera_v1_Reservation__Output,
} from './tessera/v1/Reservation.js';
import type {
  Resource as _tessera_v1_Resource,
  Resource__Output as _tessera_v1_Resource__Output,
} from './tessera/v1/Resource.js';
import type {
  Revocation as _tessera_v1_Revocation,
  Revocation__Output as _tessera_v1_Revocation__Output,
} from './tessera/v1/Revocation.js';
import type {
  RolePolicy as _tessera_v1_RolePolicy,
  RolePolicy__Output as _tessera_v1_RolePolicy__Output,
} from './tessera/v1/RolePolicy.js';
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
  WeightInfo as _tessera_v1_WeightInfo,
  WeightInfo__Output as _tessera_v1_WeightInfo__Output,
} from './tessera/v1/WeightInfo.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tessera: {
    v1: {
      AgentID: MessageTypeDefinition<_tessera_v1_AgentID, _tessera_v1_AgentID__Output>;
      AgentInfo: MessageTypeDefinition<_tessera_v1_AgentInfo, _tessera_v1_AgentInfo__Output>;
      AllocatedResources: MessageTypeDefinition<_tessera_v1_AllocatedResources, _tessera_v1_AllocatedResources__Output>;
      Allocation: MessageTypeDefinition<_tessera_v1_Allocation, _tessera_v1_Allocation__Output>;
      Allocator: SubtypeConstructor<typeof grpc.Client, _tessera_v1_AllocatorClient> & {
        service: _tessera_v1_AllocatorDefinition;
      };
      AllocatorAgent: MessageTypeDefinition<_tessera_v1_AllocatorAgent, _tessera_v1_AllocatorAgent__Output>;
      AllocatorFramework: MessageTypeDefinition<_tessera_v1_AllocatorFramework, _tessera_v1_AllocatorFramework__Output>;
      AllocatorRequest: MessageTypeDefinition<_tessera_v1_AllocatorRequest, _tessera_v1_AllocatorRequest__Output>;
      AllocatorResponse: MessageTypeDefinition<_tessera_v1_AllocatorResponse, _tessera_v1_AllocatorResponse__Output>;
      AllocatorSnapshot: MessageTypeDefinition<_tessera_v1_AllocatorSnapshot, _tessera_v1_AllocatorSnapshot__Output>;
      Attribute: MessageTypeDefinition<_tessera_v1_Attribute, _tessera_v1_Attribute__Output>;
      CommandInfo: MessageTypeDefinition<_tessera_v1_CommandInfo, _tessera_v1_CommandInfo__Output>;
      Environment: MessageTypeDefinition<_tessera_v1_Environment, _tessera_v1_Environment__Output>;
      ExecutorID: MessageTypeDefinition<_tessera_v1_ExecutorID, _tessera_v1_ExecutorID__Output>;
      ExplainRequest: MessageTypeDefinition<_tessera_v1_ExplainRequest, _tessera_v1_ExplainRequest__Output>;
      ExplainResponse: MessageTypeDefinition<_tessera_v1_ExplainResponse, _tessera_v1_ExplainResponse__Output>;
      Filters: MessageTypeDefinition<_tessera_v1_Filters, _tessera_v1_Filters__Output>;
      FrameworkID: MessageTypeDefinition<_tessera_v1_FrameworkID, _tessera_v1_FrameworkID__Output>;
      FrameworkInfo: MessageTypeDefinition<_tessera_v1_FrameworkInfo, _tessera_v1_FrameworkInfo__Output>;
      HealthCheck: MessageTypeDefinition<_tessera_v1_HealthCheck, _tessera_v1_HealthCheck__Output>;
      KillPolicy: MessageTypeDefinition<_tessera_v1_KillPolicy, _tessera_v1_KillPolicy__Output>;
      Label: MessageTypeDefinition<_tessera_v1_Label, _tessera_v1_Label__Output>;
      MasterInfo: MessageTypeDefinition<_tessera_v1_MasterInfo, _tessera_v1_MasterInfo__Output>;
      Offer: MessageTypeDefinition<_tessera_v1_Offer, _tessera_v1_Offer__Output>;
      OfferID: MessageTypeDefinition<_tessera_v1_OfferID, _tessera_v1_OfferID__Output>;
      Operation: MessageTypeDefinition<_tessera_v1_Operation, _tessera_v1_Operation__Output>;
      QueuePolicy: EnumTypeDefinition;
      Quota: MessageTypeDefinition<_tessera_v1_Quota, _tessera_v1_Quota__Output>;
      Range: MessageTypeDefinition<_tessera_v1_Range, _tessera_v1_Range__Output>;
      Reservation: MessageTypeDefinition<_tessera_v1_Reservation, _tessera_v1_Reservation__Output>;
      Resource: MessageTypeDefinition<_tessera_v1_Resource, _tessera_v1_Resource__Output>;
      Revocation: MessageTypeDefinition<_tessera_v1_Revocation, _tessera_v1_Revocation__Output>;
      RolePolicy: MessageTypeDefinition<_tessera_v1_RolePolicy, _tessera_v1_RolePolicy__Output>;
      TaskID: MessageTypeDefinition<_tessera_v1_TaskID, _tessera_v1_TaskID__Output>;
      TaskInfo: MessageTypeDefinition<_tessera_v1_TaskInfo, _tessera_v1_TaskInfo__Output>;
      TaskState: EnumTypeDefinition;
      TaskStatus: MessageTypeDefinition<_tessera_v1_TaskStatus, _tessera_v1_TaskStatus__Output>;
      ValueType: EnumTypeDefinition;
      WeightInfo: MessageTypeDefinition<_tessera_v1_WeightInfo, _tessera_v1_WeightInfo__Output>;
    };
  };
}
