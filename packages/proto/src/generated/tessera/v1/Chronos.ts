// Original file: proto/tessera/v1/chronos.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  ChronosInfo as _tessera_v1_ChronosInfo,
  ChronosInfo__Output as _tessera_v1_ChronosInfo__Output,
} from '../../tessera/v1/ChronosInfo.js';
import type {
  DeleteJobRequest as _tessera_v1_DeleteJobRequest,
  DeleteJobRequest__Output as _tessera_v1_DeleteJobRequest__Output,
} from '../../tessera/v1/DeleteJobRequest.js';
import type {
  DeleteJobResponse as _tessera_v1_DeleteJobResponse,
  DeleteJobResponse__Output as _tessera_v1_DeleteJobResponse__Output,
} from '../../tessera/v1/DeleteJobResponse.js';
import type {
  GetChronosInfoRequest as _tessera_v1_GetChronosInfoRequest,
  GetChronosInfoRequest__Output as _tessera_v1_GetChronosInfoRequest__Output,
} from '../../tessera/v1/GetChronosInfoRequest.js';
import type {
  GetGraphRequest as _tessera_v1_GetGraphRequest,
  GetGraphRequest__Output as _tessera_v1_GetGraphRequest__Output,
} from '../../tessera/v1/GetGraphRequest.js';
import type {
  GetJobRequest as _tessera_v1_GetJobRequest,
  GetJobRequest__Output as _tessera_v1_GetJobRequest__Output,
} from '../../tessera/v1/GetJobRequest.js';
import type {
  GetJobResponse as _tessera_v1_GetJobResponse,
  GetJobResponse__Output as _tessera_v1_GetJobResponse__Output,
} from '../../tessera/v1/GetJobResponse.js';
import type {
  GetJobStatsRequest as _tessera_v1_GetJobStatsRequest,
  GetJobStatsRequest__Output as _tessera_v1_GetJobStatsRequest__Output,
} from '../../tessera/v1/GetJobStatsRequest.js';
import type {
  JobGraph as _tessera_v1_JobGraph,
  JobGraph__Output as _tessera_v1_JobGraph__Output,
} from '../../tessera/v1/JobGraph.js';
import type {
  JobStats as _tessera_v1_JobStats,
  JobStats__Output as _tessera_v1_JobStats__Output,
} from '../../tessera/v1/JobStats.js';
import type {
  KillJobTasksRequest as _tessera_v1_KillJobTasksRequest,
  KillJobTasksRequest__Output as _tessera_v1_KillJobTasksRequest__Output,
} from '../../tessera/v1/KillJobTasksRequest.js';
import type {
  KillJobTasksResponse as _tessera_v1_KillJobTasksResponse,
  KillJobTasksResponse__Output as _tessera_v1_KillJobTasksResponse__Output,
} from '../../tessera/v1/KillJobTasksResponse.js';
import type {
  ListJobsRequest as _tessera_v1_ListJobsRequest,
  ListJobsRequest__Output as _tessera_v1_ListJobsRequest__Output,
} from '../../tessera/v1/ListJobsRequest.js';
import type {
  ListJobsResponse as _tessera_v1_ListJobsResponse,
  ListJobsResponse__Output as _tessera_v1_ListJobsResponse__Output,
} from '../../tessera/v1/ListJobsResponse.js';
import type {
  ListRunsRequest as _tessera_v1_ListRunsRequest,
  ListRunsRequest__Output as _tessera_v1_ListRunsRequest__Output,
} from '../../tessera/v1/ListRunsRequest.js';
import type {
  ListRunsResponse as _tessera_v1_ListRunsResponse,
  ListRunsResponse__Output as _tessera_v1_ListRunsResponse__Output,
} from '../../tessera/v1/ListRunsResponse.js';
import type {
  PutJobRequest as _tessera_v1_PutJobRequest,
  PutJobRequest__Output as _tessera_v1_PutJobRequest__Output,
} from '../../tessera/v1/PutJobRequest.js';
import type {
  PutJobResponse as _tessera_v1_PutJobResponse,
  PutJobResponse__Output as _tessera_v1_PutJobResponse__Output,
} from '../../tessera/v1/PutJobResponse.js';
import type {
  RunEvent as _tessera_v1_RunEvent,
  RunEvent__Output as _tessera_v1_RunEvent__Output,
} from '../../tessera/v1/RunEvent.js';
import type {
  RunJobRequest as _tessera_v1_RunJobRequest,
  RunJobRequest__Output as _tessera_v1_RunJobRequest__Output,
} from '../../tessera/v1/RunJobRequest.js';
import type {
  RunJobResponse as _tessera_v1_RunJobResponse,
  RunJobResponse__Output as _tessera_v1_RunJobResponse__Output,
} from '../../tessera/v1/RunJobResponse.js';
import type {
  SetJobDisabledRequest as _tessera_v1_SetJobDisabledRequest,
  SetJobDisabledRequest__Output as _tessera_v1_SetJobDisabledRequest__Output,
} from '../../tessera/v1/SetJobDisabledRequest.js';
import type {
  SetJobDisabledResponse as _tessera_v1_SetJobDisabledResponse,
  SetJobDisabledResponse__Output as _tessera_v1_SetJobDisabledResponse__Output,
} from '../../tessera/v1/SetJobDisabledResponse.js';
import type {
  StreamRunEventsRequest as _tessera_v1_StreamRunEventsRequest,
  StreamRunEventsRequest__Output as _tessera_v1_StreamRunEventsRequest__Output,
} from '../../tessera/v1/StreamRunEventsRequest.js';

export interface ChronosClient extends grpc.Client {
  /**
   * Deletes a job, kills its running tasks, and takes it out of its children's
   * parents (REST DELETE /v1/scheduler/job/{name}).
   */
  DeleteJob(
    argument: _tessera_v1_DeleteJobRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeleteJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  DeleteJob(
    argument: _tessera_v1_DeleteJobRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeleteJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  DeleteJob(
    argument: _tessera_v1_DeleteJobRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeleteJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  DeleteJob(
    argument: _tessera_v1_DeleteJobRequest,
    callback: grpc.requestCallback<_tessera_v1_DeleteJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Deletes a job, kills its running tasks, and takes it out of its children's
   * parents (REST DELETE /v1/scheduler/job/{name}).
   */
  deleteJob(
    argument: _tessera_v1_DeleteJobRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeleteJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  deleteJob(
    argument: _tessera_v1_DeleteJobRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_DeleteJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  deleteJob(
    argument: _tessera_v1_DeleteJobRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_DeleteJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  deleteJob(
    argument: _tessera_v1_DeleteJobRequest,
    callback: grpc.requestCallback<_tessera_v1_DeleteJobResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Every job as a node and every parent → child edge.
   */
  GetGraph(
    argument: _tessera_v1_GetGraphRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_JobGraph__Output>,
  ): grpc.ClientUnaryCall;
  GetGraph(
    argument: _tessera_v1_GetGraphRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_JobGraph__Output>,
  ): grpc.ClientUnaryCall;
  GetGraph(
    argument: _tessera_v1_GetGraphRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_JobGraph__Output>,
  ): grpc.ClientUnaryCall;
  GetGraph(
    argument: _tessera_v1_GetGraphRequest,
    callback: grpc.requestCallback<_tessera_v1_JobGraph__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Every job as a node and every parent → child edge.
   */
  getGraph(
    argument: _tessera_v1_GetGraphRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_JobGraph__Output>,
  ): grpc.ClientUnaryCall;
  getGraph(
    argument: _tessera_v1_GetGraphRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_JobGraph__Output>,
  ): grpc.ClientUnaryCall;
  getGraph(
    argument: _tessera_v1_GetGraphRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_JobGraph__Output>,
  ): grpc.ClientUnaryCall;
  getGraph(
    argument: _tessera_v1_GetGraphRequest,
    callback: grpc.requestCallback<_tessera_v1_JobGraph__Output>,
  ): grpc.ClientUnaryCall;

  GetInfo(
    argument: _tessera_v1_GetChronosInfoRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ChronosInfo__Output>,
  ): grpc.ClientUnaryCall;
  GetInfo(
    argument: _tessera_v1_GetChronosInfoRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ChronosInfo__Output>,
  ): grpc.ClientUnaryCall;
  GetInfo(
    argument: _tessera_v1_GetChronosInfoRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ChronosInfo__Output>,
  ): grpc.ClientUnaryCall;
  GetInfo(
    argument: _tessera_v1_GetChronosInfoRequest,
    callback: grpc.requestCallback<_tessera_v1_ChronosInfo__Output>,
  ): grpc.ClientUnaryCall;
  getInfo(
    argument: _tessera_v1_GetChronosInfoRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ChronosInfo__Output>,
  ): grpc.ClientUnaryCall;
  getInfo(
    argument: _tessera_v1_GetChronosInfoRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ChronosInfo__Output>,
  ): grpc.ClientUnaryCall;
  getInfo(
    argument: _tessera_v1_GetChronosInfoRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ChronosInfo__Output>,
  ): grpc.ClientUnaryCall;
  getInfo(
    argument: _tessera_v1_GetChronosInfoRequest,
    callback: grpc.requestCallback<_tessera_v1_ChronosInfo__Output>,
  ): grpc.ClientUnaryCall;

  GetJob(
    argument: _tessera_v1_GetJobRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetJob(
    argument: _tessera_v1_GetJobRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetJob(
    argument: _tessera_v1_GetJobRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetJob(
    argument: _tessera_v1_GetJobRequest,
    callback: grpc.requestCallback<_tessera_v1_GetJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  getJob(
    argument: _tessera_v1_GetJobRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  getJob(
    argument: _tessera_v1_GetJobRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_GetJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  getJob(
    argument: _tessera_v1_GetJobRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_GetJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  getJob(
    argument: _tessera_v1_GetJobRequest,
    callback: grpc.requestCallback<_tessera_v1_GetJobResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Counts and duration and start-lateness percentiles of a job's runs.
   */
  GetJobStats(
    argument: _tessera_v1_GetJobStatsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_JobStats__Output>,
  ): grpc.ClientUnaryCall;
  GetJobStats(
    argument: _tessera_v1_GetJobStatsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_JobStats__Output>,
  ): grpc.ClientUnaryCall;
  GetJobStats(
    argument: _tessera_v1_GetJobStatsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_JobStats__Output>,
  ): grpc.ClientUnaryCall;
  GetJobStats(
    argument: _tessera_v1_GetJobStatsRequest,
    callback: grpc.requestCallback<_tessera_v1_JobStats__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Counts and duration and start-lateness percentiles of a job's runs.
   */
  getJobStats(
    argument: _tessera_v1_GetJobStatsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_JobStats__Output>,
  ): grpc.ClientUnaryCall;
  getJobStats(
    argument: _tessera_v1_GetJobStatsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_JobStats__Output>,
  ): grpc.ClientUnaryCall;
  getJobStats(
    argument: _tessera_v1_GetJobStatsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_JobStats__Output>,
  ): grpc.ClientUnaryCall;
  getJobStats(
    argument: _tessera_v1_GetJobStatsRequest,
    callback: grpc.requestCallback<_tessera_v1_JobStats__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Kills every running task of the job (REST DELETE /v1/scheduler/task/kill/{name}).
   */
  KillJobTasks(
    argument: _tessera_v1_KillJobTasksRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_KillJobTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  KillJobTasks(
    argument: _tessera_v1_KillJobTasksRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_KillJobTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  KillJobTasks(
    argument: _tessera_v1_KillJobTasksRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_KillJobTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  KillJobTasks(
    argument: _tessera_v1_KillJobTasksRequest,
    callback: grpc.requestCallback<_tessera_v1_KillJobTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Kills every running task of the job (REST DELETE /v1/scheduler/task/kill/{name}).
   */
  killJobTasks(
    argument: _tessera_v1_KillJobTasksRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_KillJobTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  killJobTasks(
    argument: _tessera_v1_KillJobTasksRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_KillJobTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  killJobTasks(
    argument: _tessera_v1_KillJobTasksRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_KillJobTasksResponse__Output>,
  ): grpc.ClientUnaryCall;
  killJobTasks(
    argument: _tessera_v1_KillJobTasksRequest,
    callback: grpc.requestCallback<_tessera_v1_KillJobTasksResponse__Output>,
  ): grpc.ClientUnaryCall;

  ListJobs(
    argument: _tessera_v1_ListJobsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListJobsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListJobs(
    argument: _tessera_v1_ListJobsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ListJobsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListJobs(
    argument: _tessera_v1_ListJobsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListJobsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListJobs(
    argument: _tessera_v1_ListJobsRequest,
    callback: grpc.requestCallback<_tessera_v1_ListJobsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listJobs(
    argument: _tessera_v1_ListJobsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListJobsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listJobs(
    argument: _tessera_v1_ListJobsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ListJobsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listJobs(
    argument: _tessera_v1_ListJobsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListJobsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listJobs(
    argument: _tessera_v1_ListJobsRequest,
    callback: grpc.requestCallback<_tessera_v1_ListJobsResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * A job's runs, newest first: scheduled, manual, dependent and skipped ones.
   */
  ListRuns(
    argument: _tessera_v1_ListRunsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListRunsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListRuns(
    argument: _tessera_v1_ListRunsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ListRunsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListRuns(
    argument: _tessera_v1_ListRunsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListRunsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListRuns(
    argument: _tessera_v1_ListRunsRequest,
    callback: grpc.requestCallback<_tessera_v1_ListRunsResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * A job's runs, newest first: scheduled, manual, dependent and skipped ones.
   */
  listRuns(
    argument: _tessera_v1_ListRunsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListRunsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listRuns(
    argument: _tessera_v1_ListRunsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_ListRunsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listRuns(
    argument: _tessera_v1_ListRunsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_ListRunsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listRuns(
    argument: _tessera_v1_ListRunsRequest,
    callback: grpc.requestCallback<_tessera_v1_ListRunsResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Creates or replaces a job (REST POST /v1/scheduler/iso8601, /dependency or
   * /cron). Replacing keeps its counters and history; a changed schedule is
   * planned again from now.
   */
  PutJob(
    argument: _tessera_v1_PutJobRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_PutJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  PutJob(
    argument: _tessera_v1_PutJobRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_PutJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  PutJob(
    argument: _tessera_v1_PutJobRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_PutJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  PutJob(
    argument: _tessera_v1_PutJobRequest,
    callback: grpc.requestCallback<_tessera_v1_PutJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Creates or replaces a job (REST POST /v1/scheduler/iso8601, /dependency or
   * /cron). Replacing keeps its counters and history; a changed schedule is
   * planned again from now.
   */
  putJob(
    argument: _tessera_v1_PutJobRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_PutJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  putJob(
    argument: _tessera_v1_PutJobRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_PutJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  putJob(
    argument: _tessera_v1_PutJobRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_PutJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  putJob(
    argument: _tessera_v1_PutJobRequest,
    callback: grpc.requestCallback<_tessera_v1_PutJobResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Starts a run now, whatever the schedule (REST PUT /v1/scheduler/job/{name}).
   */
  RunJob(
    argument: _tessera_v1_RunJobRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_RunJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  RunJob(
    argument: _tessera_v1_RunJobRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_RunJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  RunJob(
    argument: _tessera_v1_RunJobRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_RunJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  RunJob(
    argument: _tessera_v1_RunJobRequest,
    callback: grpc.requestCallback<_tessera_v1_RunJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Starts a run now, whatever the schedule (REST PUT /v1/scheduler/job/{name}).
   */
  runJob(
    argument: _tessera_v1_RunJobRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_RunJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  runJob(
    argument: _tessera_v1_RunJobRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_RunJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  runJob(
    argument: _tessera_v1_RunJobRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_RunJobResponse__Output>,
  ): grpc.ClientUnaryCall;
  runJob(
    argument: _tessera_v1_RunJobRequest,
    callback: grpc.requestCallback<_tessera_v1_RunJobResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Sets `disabled` without touching the rest of the definition.
   */
  SetJobDisabled(
    argument: _tessera_v1_SetJobDisabledRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_SetJobDisabledResponse__Output>,
  ): grpc.ClientUnaryCall;
  SetJobDisabled(
    argument: _tessera_v1_SetJobDisabledRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_SetJobDisabledResponse__Output>,
  ): grpc.ClientUnaryCall;
  SetJobDisabled(
    argument: _tessera_v1_SetJobDisabledRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_SetJobDisabledResponse__Output>,
  ): grpc.ClientUnaryCall;
  SetJobDisabled(
    argument: _tessera_v1_SetJobDisabledRequest,
    callback: grpc.requestCallback<_tessera_v1_SetJobDisabledResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Sets `disabled` without touching the rest of the definition.
   */
  setJobDisabled(
    argument: _tessera_v1_SetJobDisabledRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_SetJobDisabledResponse__Output>,
  ): grpc.ClientUnaryCall;
  setJobDisabled(
    argument: _tessera_v1_SetJobDisabledRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tessera_v1_SetJobDisabledResponse__Output>,
  ): grpc.ClientUnaryCall;
  setJobDisabled(
    argument: _tessera_v1_SetJobDisabledRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tessera_v1_SetJobDisabledResponse__Output>,
  ): grpc.ClientUnaryCall;
  setJobDisabled(
    argument: _tessera_v1_SetJobDisabledRequest,
    callback: grpc.requestCallback<_tessera_v1_SetJobDisabledResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Run events from now on (optionally of some jobs only).
   */
  StreamRunEvents(
    argument: _tessera_v1_StreamRunEventsRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_tessera_v1_RunEvent__Output>;
  StreamRunEvents(
    argument: _tessera_v1_StreamRunEventsRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_tessera_v1_RunEvent__Output>;
  /**
   * Run events from now on (optionally of some jobs only).
   */
  streamRunEvents(
    argument: _tessera_v1_StreamRunEventsRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_tessera_v1_RunEvent__Output>;
  streamRunEvents(
    argument: _tessera_v1_StreamRunEventsRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_tessera_v1_RunEvent__Output>;
}

export interface ChronosHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Deletes a job, kills its running tasks, and takes it out of its children's
   * parents (REST DELETE /v1/scheduler/job/{name}).
   */
  DeleteJob: grpc.handleUnaryCall<_tessera_v1_DeleteJobRequest__Output, _tessera_v1_DeleteJobResponse>;

  /**
   * Every job as a node and every parent → child edge.
   */
  GetGraph: grpc.handleUnaryCall<_tessera_v1_GetGraphRequest__Output, _tessera_v1_JobGraph>;

  GetInfo: grpc.handleUnaryCall<_tessera_v1_GetChronosInfoRequest__Output, _tessera_v1_ChronosInfo>;

  GetJob: grpc.handleUnaryCall<_tessera_v1_GetJobRequest__Output, _tessera_v1_GetJobResponse>;

  /**
   * Counts and duration and start-lateness percentiles of a job's runs.
   */
  GetJobStats: grpc.handleUnaryCall<_tessera_v1_GetJobStatsRequest__Output, _tessera_v1_JobStats>;

  /**
   * Kills every running task of the job (REST DELETE /v1/scheduler/task/kill/{name}).
   */
  KillJobTasks: grpc.handleUnaryCall<_tessera_v1_KillJobTasksRequest__Output, _tessera_v1_KillJobTasksResponse>;

  ListJobs: grpc.handleUnaryCall<_tessera_v1_ListJobsRequest__Output, _tessera_v1_ListJobsResponse>;

  /**
   * A job's runs, newest first: scheduled, manual, dependent and skipped ones.
   */
  ListRuns: grpc.handleUnaryCall<_tessera_v1_ListRunsRequest__Output, _tessera_v1_ListRunsResponse>;

  /**
   * Creates or replaces a job (REST POST /v1/scheduler/iso8601, /dependency or
   * /cron). Replacing keeps its counters and history; a changed schedule is
   * planned again from now.
   */
  PutJob: grpc.handleUnaryCall<_tessera_v1_PutJobRequest__Output, _tessera_v1_PutJobResponse>;

  /**
   * Starts a run now, whatever the schedule (REST PUT /v1/scheduler/job/{name}).
   */
  RunJob: grpc.handleUnaryCall<_tessera_v1_RunJobRequest__Output, _tessera_v1_RunJobResponse>;

  /**
   * Sets `disabled` without touching the rest of the definition.
   */
  SetJobDisabled: grpc.handleUnaryCall<_tessera_v1_SetJobDisabledRequest__Output, _tessera_v1_SetJobDisabledResponse>;

  /**
   * Run events from now on (optionally of some jobs only).
   */
  StreamRunEvents: grpc.handleServerStreamingCall<_tessera_v1_StreamRunEventsRequest__Output, _tessera_v1_RunEvent>;
}

export interface ChronosDefinition extends grpc.ServiceDefinition {
  DeleteJob: MethodDefinition<
    _tessera_v1_DeleteJobRequest,
    _tessera_v1_DeleteJobResponse,
    _tessera_v1_DeleteJobRequest__Output,
    _tessera_v1_DeleteJobResponse__Output
  >;
  GetGraph: MethodDefinition<
    _tessera_v1_GetGraphRequest,
    _tessera_v1_JobGraph,
    _tessera_v1_GetGraphRequest__Output,
    _tessera_v1_JobGraph__Output
  >;
  GetInfo: MethodDefinition<
    _tessera_v1_GetChronosInfoRequest,
    _tessera_v1_ChronosInfo,
    _tessera_v1_GetChronosInfoRequest__Output,
    _tessera_v1_ChronosInfo__Output
  >;
  GetJob: MethodDefinition<
    _tessera_v1_GetJobRequest,
    _tessera_v1_GetJobResponse,
    _tessera_v1_GetJobRequest__Output,
    _tessera_v1_GetJobResponse__Output
  >;
  GetJobStats: MethodDefinition<
    _tessera_v1_GetJobStatsRequest,
    _tessera_v1_JobStats,
    _tessera_v1_GetJobStatsRequest__Output,
    _tessera_v1_JobStats__Output
  >;
  KillJobTasks: MethodDefinition<
    _tessera_v1_KillJobTasksRequest,
    _tessera_v1_KillJobTasksResponse,
    _tessera_v1_KillJobTasksRequest__Output,
    _tessera_v1_KillJobTasksResponse__Output
  >;
  ListJobs: MethodDefinition<
    _tessera_v1_ListJobsRequest,
    _tessera_v1_ListJobsResponse,
    _tessera_v1_ListJobsRequest__Output,
    _tessera_v1_ListJobsResponse__Output
  >;
  ListRuns: MethodDefinition<
    _tessera_v1_ListRunsRequest,
    _tessera_v1_ListRunsResponse,
    _tessera_v1_ListRunsRequest__Output,
    _tessera_v1_ListRunsResponse__Output
  >;
  PutJob: MethodDefinition<
    _tessera_v1_PutJobRequest,
    _tessera_v1_PutJobResponse,
    _tessera_v1_PutJobRequest__Output,
    _tessera_v1_PutJobResponse__Output
  >;
  RunJob: MethodDefinition<
    _tessera_v1_RunJobRequest,
    _tessera_v1_RunJobResponse,
    _tessera_v1_RunJobRequest__Output,
    _tessera_v1_RunJobResponse__Output
  >;
  SetJobDisabled: MethodDefinition<
    _tessera_v1_SetJobDisabledRequest,
    _tessera_v1_SetJobDisabledResponse,
    _tessera_v1_SetJobDisabledRequest__Output,
    _tessera_v1_SetJobDisabledResponse__Output
  >;
  StreamRunEvents: MethodDefinition<
    _tessera_v1_StreamRunEventsRequest,
    _tessera_v1_RunEvent,
    _tessera_v1_StreamRunEventsRequest__Output,
    _tessera_v1_RunEvent__Output
  >;
}
