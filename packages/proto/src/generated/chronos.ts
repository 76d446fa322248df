import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  ChronosClient as _tessera_v1_ChronosClient,
  ChronosDefinition as _tessera_v1_ChronosDefinition,
} from './tessera/v1/Chronos.js';
import type {
  ChronosInfo as _tessera_v1_ChronosInfo,
  ChronosInfo__Output as _tessera_v1_ChronosInfo__Output,
} from './tessera/v1/ChronosInfo.js';
import type {
  DeleteJobRequest as _tessera_v1_DeleteJobRequest,
  DeleteJobRequest__Output as _tessera_v1_DeleteJobRequest__Output,
} from './tessera/v1/DeleteJobRequest.js';
import type {
  DeleteJobResponse as _tessera_v1_DeleteJobResponse,
  DeleteJobResponse__Output as _tessera_v1_DeleteJobResponse__Output,
} from './tessera/v1/DeleteJobResponse.js';
import type {
  GetChronosInfoRequest as _tessera_v1_GetChronosInfoRequest,
  GetChronosInfoRequest__Output as _tessera_v1_GetChronosInfoRequest__Output,
} from './tessera/v1/GetChronosInfoRequest.js';
import type {
  GetGraphRequest as _tessera_v1_GetGraphRequest,
  GetGraphRequest__Output as _tessera_v1_GetGraphRequest__Output,
} from './tessera/v1/GetGraphRequest.js';
import type {
  GetJobRequest as _tessera_v1_GetJobRequest,
  GetJobRequest__Output as _tessera_v1_GetJobRequest__Output,
} from './tessera/v1/GetJobRequest.js';
import type {
  GetJobResponse as _tessera_v1_GetJobResponse,
  GetJobResponse__Output as _tessera_v1_GetJobResponse__Output,
} from './tessera/v1/GetJobResponse.js';
import type {
  GetJobStatsRequest as _tessera_v1_GetJobStatsRequest,
  GetJobStatsRequest__Output as _tessera_v1_GetJobStatsRequest__Output,
} from './tessera/v1/GetJobStatsRequest.js';
import type { Job as _tessera_v1_Job, Job__Output as _tessera_v1_Job__Output } from './tessera/v1/Job.js';
import type {
  JobConstraint as _tessera_v1_JobConstraint,
  JobConstraint__Output as _tessera_v1_JobConstraint__Output,
} from './tessera/v1/JobConstraint.js';
import type {
  JobEdge as _tessera_v1_JobEdge,
  JobEdge__Output as _tessera_v1_JobEdge__Output,
} from './tessera/v1/JobEdge.js';
import type {
  JobFetchUri as _tessera_v1_JobFetchUri,
  JobFetchUri__Output as _tessera_v1_JobFetchUri__Output,
} from './tessera/v1/JobFetchUri.js';
import type {
  JobGraph as _tessera_v1_JobGraph,
  JobGraph__Output as _tessera_v1_JobGraph__Output,
} from './tessera/v1/JobGraph.js';
import type {
  JobNode as _tessera_v1_JobNode,
  JobNode__Output as _tessera_v1_JobNode__Output,
} from './tessera/v1/JobNode.js';
import type {
  JobStats as _tessera_v1_JobStats,
  JobStats__Output as _tessera_v1_JobStats__Output,
} from './tessera/v1/JobStats.js';
import type {
  JobStatus as _tessera_v1_JobStatus,
  JobStatus__Output as _tessera_v1_JobStatus__Output,
} from './tessera/v1/JobStatus.js';
import type {
  KillJobTasksRequest as _tessera_v1_KillJobTasksRequest,
  KillJobTasksRequest__Output as _tessera_v1_KillJobTasksRequest__Output,
} from './tessera/v1/KillJobTasksRequest.js';
import type {
  KillJobTasksResponse as _tessera_v1_KillJobTasksResponse,
  KillJobTasksResponse__Output as _tessera_v1_KillJobTasksResponse__Output,
} from './tessera/v1/KillJobTasksResponse.js';
import type {
  ListJobsRequest as _tessera_v1_ListJobsRequest,
  ListJobsRequest__Output as _tessera_v1_ListJobsRequest__Output,
} from './tessera/v1/ListJobsRequest.js';
import type {
  ListJobsResponse as _tessera_v1_ListJobsResponse,
  ListJobsResponse__Output as _tessera_v1_ListJobsResponse__Output,
} from './tessera/v1/ListJobsResponse.js';
import type {
  ListRunsRequest as _tessera_v1_ListRunsRequest,
  ListRunsRequest__Output as _tessera_v1_ListRunsRequest__Output,
} from './tessera/v1/ListRunsRequest.js';
import type {
  ListRunsResponse as _tessera_v1_ListRunsResponse,
  ListRunsResponse__Output as _tessera_v1_ListRunsResponse__Output,
} from './tessera/v1/ListRunsResponse.js';
import type {
  Percentiles as _tessera_v1_Percentiles,
  Percentiles__Output as _tessera_v1_Percentiles__Output,
} from './tessera/v1/Percentiles.js';
import type {
  PutJobRequest as _tessera_v1_PutJobRequest,
  PutJobRequest__Output as _tessera_v1_PutJobRequest__Output,
} from './tessera/v1/PutJobRequest.js';
import type {
  PutJobResponse as _tessera_v1_PutJobResponse,
  PutJobResponse__Output as _tessera_v1_PutJobResponse__Output,
} from './tessera/v1/PutJobResponse.js';
import type { Run as _tessera_v1_Run, Run__Output as _tessera_v1_Run__Output } from './tessera/v1/Run.js';
import type {
  RunAttempt as _tessera_v1_RunAttempt,
  RunAttempt__Output as _tessera_v1_RunAttempt__Output,
} from './tessera/v1/RunAttempt.js';
import type {
  RunEvent as _tessera_v1_RunEvent,
  RunEvent__Output as _tessera_v1_RunEvent__Output,
} from './tessera/v1/RunEvent.js';
import type {
  RunJobRequest as _tessera_v1_RunJobRequest,
  RunJobRequest__Output as _tessera_v1_RunJobRequest__Output,
} from './tessera/v1/RunJobRequest.js';
import type {
  RunJobResponse as _tessera_v1_RunJobResponse,
  RunJobResponse__Output as _tessera_v1_RunJobResponse__Output,
} from './tessera/v1/RunJobResponse.js';
import type {
  SetJobDisabledRequest as _tessera_v1_SetJobDisabledRequest,
  SetJobDisabledRequest__Output as _tessera_v1_SetJobDisabledRequest__Output,
} from './tessera/v1/SetJobDisabledRequest.js';
import type {
  SetJobDisabledResponse as _tessera_v1_SetJobDisabledResponse,
  SetJobDisabledResponse__Output as _tessera_v1_SetJobDisabledResponse__Output,
} from './tessera/v1/SetJobDisabledResponse.js';
import type {
  StreamRunEventsRequest as _tessera_v1_StreamRunEventsRequest,
  StreamRunEventsRequest__Output as _tessera_v1_StreamRunEventsRequest__Output,
} from './tessera/v1/StreamRunEventsRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tessera: {
    v1: {
      Chronos: SubtypeConstructor<typeof grpc.Client, _tessera_v1_ChronosClient> & {
        service: _tessera_v1_ChronosDefinition;
      };
      ChronosInfo: MessageTypeDefinition<_tessera_v1_ChronosInfo, _tessera_v1_ChronosInfo__Output>;
      ConcurrencyPolicy: EnumTypeDefinition;
      DeleteJobRequest: MessageTypeDefinition<_tessera_v1_DeleteJobRequest, _tessera_v1_DeleteJobRequest__Output>;
      DeleteJobResponse: MessageTypeDefinition<_tessera_v1_DeleteJobResponse, _tessera_v1_DeleteJobResponse__Output>;
      GetChronosInfoRequest: MessageTypeDefinition<
        _tessera_v1_GetChronosInfoRequest,
        _tessera_v1_GetChronosInfoRequest__Output
      >;
      GetGraphRequest: MessageTypeDefinition<_tessera_v1_GetGraphRequest, _tessera_v1_GetGraphRequest__Output>;
      GetJobRequest: MessageTypeDefinition<_tessera_v1_GetJobRequest, _tessera_v1_GetJobRequest__Output>;
      GetJobResponse: MessageTypeDefinition<_tessera_v1_GetJobResponse, _tessera_v1_GetJobResponse__Output>;
      GetJobStatsRequest: MessageTypeDefinition<_tessera_v1_GetJobStatsRequest, _tessera_v1_GetJobStatsRequest__Output>;
      Job: MessageTypeDefinition<_tessera_v1_Job, _tessera_v1_Job__Output>;
      JobConstraint: MessageTypeDefinition<_tessera_v1_JobConstraint, _tessera_v1_JobConstraint__Output>;
      JobEdge: MessageTypeDefinition<_tessera_v1_JobEdge, _tessera_v1_JobEdge__Output>;
      JobFetchUri: MessageTypeDefinition<_tessera_v1_JobFetchUri, _tessera_v1_JobFetchUri__Output>;
      JobGraph: MessageTypeDefinition<_tessera_v1_JobGraph, _tessera_v1_JobGraph__Output>;
      JobNode: MessageTypeDefinition<_tessera_v1_JobNode, _tessera_v1_JobNode__Output>;
      JobStats: MessageTypeDefinition<_tessera_v1_JobStats, _tessera_v1_JobStats__Output>;
      JobStatus: MessageTypeDefinition<_tessera_v1_JobStatus, _tessera_v1_JobStatus__Output>;
      KillJobTasksRequest: MessageTypeDefinition<
        _tessera_v1_KillJobTasksRequest,
        _tessera_v1_KillJobTasksRequest__Output
      >;
      KillJobTasksResponse: MessageTypeDefinition<
        _tessera_v1_KillJobTasksResponse,
        _tessera_v1_KillJobTasksResponse__Output
      >;
      ListJobsRequest: MessageTypeDefinition<_tessera_v1_ListJobsRequest, _tessera_v1_ListJobsRequest__Output>;
      ListJobsResponse: MessageTypeDefinition<_tessera_v1_ListJobsResponse, _tessera_v1_ListJobsResponse__Output>;
      ListRunsRequest: MessageTypeDefinition<_tessera_v1_ListRunsRequest, _tessera_v1_ListRunsRequest__Output>;
      ListRunsResponse: MessageTypeDefinition<_tessera_v1_ListRunsResponse, _tessera_v1_ListRunsResponse__Output>;
      Percentiles: MessageTypeDefinition<_tessera_v1_Percentiles, _tessera_v1_Percentiles__Output>;
      PutJobRequest: MessageTypeDefinition<_tessera_v1_PutJobRequest, _tessera_v1_PutJobRequest__Output>;
      PutJobResponse: MessageTypeDefinition<_tessera_v1_PutJobResponse, _tessera_v1_PutJobResponse__Output>;
      Run: MessageTypeDefinition<_tessera_v1_Run, _tessera_v1_Run__Output>;
      RunAttempt: MessageTypeDefinition<_tessera_v1_RunAttempt, _tessera_v1_RunAttempt__Output>;
      RunCause: EnumTypeDefinition;
      RunEvent: MessageTypeDefinition<_tessera_v1_RunEvent, _tessera_v1_RunEvent__Output>;
      RunJobRequest: MessageTypeDefinition<_tessera_v1_RunJobRequest, _tessera_v1_RunJobRequest__Output>;
      RunJobResponse: MessageTypeDefinition<_tessera_v1_RunJobResponse, _tessera_v1_RunJobResponse__Output>;
      RunState: EnumTypeDefinition;
      SetJobDisabledRequest: MessageTypeDefinition<
        _tessera_v1_SetJobDisabledRequest,
        _tessera_v1_SetJobDisabledRequest__Output
      >;
      SetJobDisabledResponse: MessageTypeDefinition<
        _tessera_v1_SetJobDisabledResponse,
        _tessera_v1_SetJobDisabledResponse__Output
      >;
      StreamRunEventsRequest: MessageTypeDefinition<
        _tessera_v1_StreamRunEventsRequest,
        _tessera_v1_StreamRunEventsRequest__Output
      >;
    };
  };
}
