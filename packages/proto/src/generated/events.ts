import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  AgentEvent as _tessera_v1_AgentEvent,
  AgentEvent__Output as _tessera_v1_AgentEvent__Output,
} from './tessera/v1/AgentEvent.js';
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
  AuditRecord as _tessera_v1_AuditRecord,
  AuditRecord__Output as _tessera_v1_AuditRecord__Output,
} from './tessera/v1/AuditRecord.js';
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
  Filters as _tessera_v1_Filters,
  Filters__Output as _tessera_v1_Filters__Output,
} from './tessera/v1/Filters.js';
import type {
  FrameworkEvent as _tessera_v1_FrameworkEvent,
  FrameworkEvent__Output as _tessera_v1_FrameworkEvent__Output,
} from './tessera/v1/FrameworkEvent.js';
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
  OfferEvent as _tessera_v1_OfferEvent,
  OfferEvent__Output as _tessera_v1_OfferEvent__Output,
} from './tessera/v1/OfferEvent.js';
import type {
  OfferID as _tessera_v1_OfferID,
  OfferID__Output as _tessera_v1_OfferID__Output,
} from './tessera/v1/OfferID.js';
import type {
  Operation as _tessera_v1_Operation,
  Operation__Output as _tessera_v1_Operation__Output,
} from './tessera/v1/Operation.js';
import type { Quota as _tessera_v1_Quota, Quota__Output as _tessera_v1_Quota__Output } from './tessera/v1/Quota.js';
import type {
  QuotaEvent as _tessera_v1_QuotaEvent,
  QuotaEvent__Output as _tessera_v1_QuotaEvent__Output,
} from './tessera/v1/QuotaEvent.js';
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
  TaskUpdated as _tessera_v1_TaskUpdated,
  TaskUpdated__Output as _tessera_v1_TaskUpdated__Output,
} from './tessera/v1/TaskUpdated.js';
import type {
  WeightInfo as _tessera_v1_WeightInfo,
  WeightInfo__Output as _tessera_v1_WeightInfo__Output,
} from './tessera/v1/WeightInfo.js';
import type {
  WeightsEvent as _tessera_v1_WeightsEvent,
  WeightsEvent__Output as _tessera_v1_WeightsEvent__Output,
} from './tessera/v1/WeightsEvent.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tessera: {
    v1: {
      AgentEvent: MessageTypeDefinition<_tessera_v1_AgentEvent, _tessera_v1_AgentEvent__Output>;
      AgentID: MessageTypeDefinition<_tessera_v1_AgentID, _tessera_v1_AgentID__Output>;
      AgentInfo: MessageTypeDefinition<_tessera_v1_AgentInfo, _tessera_v1_AgentInfo__Output>;
      Attribute: MessageTypeDefinition<_tessera_v1_Attribute, _tessera_v1_Attribute__Output>;
      AuditRecord: MessageTypeDefinition<_tessera_v1_AuditRecord, _tessera_v1_AuditRecord__Output>;
      CommandInfo: MessageTypeDefinition<_tessera_v1_CommandInfo, _tessera_v1_CommandInfo__Output>;
      Environment: MessageTypeDefinition<_tessera_v1_Environment, _tessera_v1_Environment__Output>;
      ExecutorID: MessageTypeDefinition<_tessera_v1_ExecutorID, _tessera_v1_ExecutorID__Output>;
      Filters: MessageTypeDefinition<_tessera_v1_Filters, _tessera_v1_Filters__Output>;
      FrameworkEvent: MessageTypeDefinition<_tessera_v1_FrameworkEvent, _tessera_v1_FrameworkEvent__Output>;
      FrameworkID: MessageTypeDefinition<_tessera_v1_FrameworkID, _tessera_v1_FrameworkID__Output>;
      FrameworkInfo: MessageTypeDefinition<_tessera_v1_FrameworkInfo, _tessera_v1_FrameworkInfo__Output>;
      HealthCheck: MessageTypeDefinition<_tessera_v1_HealthCheck, _tessera_v1_HealthCheck__Output>;
      KillPolicy: MessageTypeDefinition<_tessera_v1_KillPolicy, _tessera_v1_KillPolicy__Output>;
      Label: MessageTypeDefinition<_tessera_v1_Label, _tessera_v1_Label__Output>;
      MasterInfo: MessageTypeDefinition<_tessera_v1_MasterInfo, _tessera_v1_MasterInfo__Output>;
      Offer: MessageTypeDefinition<_tessera_v1_Offer, _tessera_v1_Offer__Output>;
      OfferEvent: MessageTypeDefinition<_tessera_v1_OfferEvent, _tessera_v1_OfferEvent__Output>;
      OfferID: MessageTypeDefinition<_tessera_v1_OfferID, _tessera_v1_OfferID__Output>;
      Operation: MessageTypeDefinition<_tessera_v1_Operation, _tessera_v1_Operation__Output>;
      QueuePolicy: EnumTypeDefinition;
      Quota: MessageTypeDefinition<_tessera_v1_Quota, _tessera_v1_Quota__Output>;
      QuotaEvent: MessageTypeDefinition<_tessera_v1_QuotaEvent, _tessera_v1_QuotaEvent__Output>;
      Range: MessageTypeDefinition<_tessera_v1_Range, _tessera_v1_Range__Output>;
      Reservation: MessageTypeDefinition<_tessera_v1_Reservation, _tessera_v1_Reservation__Output>;
      Resource: MessageTypeDefinition<_tessera_v1_Resource, _tessera_v1_Resource__Output>;
      TaskID: MessageTypeDefinition<_tessera_v1_TaskID, _tessera_v1_TaskID__Output>;
      TaskInfo: MessageTypeDefinition<_tessera_v1_TaskInfo, _tessera_v1_TaskInfo__Output>;
      TaskState: EnumTypeDefinition;
      TaskStatus: MessageTypeDefinition<_tessera_v1_TaskStatus, _tessera_v1_TaskStatus__Output>;
      TaskUpdated: MessageTypeDefinition<_tessera_v1_TaskUpdated, _tessera_v1_TaskUpdated__Output>;
      ValueType: EnumTypeDefinition;
      WeightInfo: MessageTypeDefinition<_tessera_v1_WeightInfo, _tessera_v1_WeightInfo__Output>;
      WeightsEvent: MessageTypeDefinition<_tessera_v1_WeightsEvent, _tessera_v1_WeightsEvent__Output>;
    };
  };
}
