/**
 * `tessera.v1.Chronos`: the gRPC door over `ChronosApi`. Each call converts
 * the request to Chronos's JSON (`convert.ts`), calls the API, and converts
 * the answer back; it decides nothing itself. A refusal is answered by the
 * error's class alone (`errors.ts`), with the trailer the proto's error
 * contract names.
 */
import { SERVICE_NAMES, tesseraGrpc, type v1 } from '@tessera/proto';
import { serveGrpcEventStream, unary, type GrpcServiceRegistration, type Logger } from '@tessera/runtime';
import { JobValidationError, type ChronosApi, type RunEventJson } from '../api.js';
import {
  graphToProto,
  infoToProto,
  jobFromProto,
  jobStatsToProto,
  jobStatusToProto,
  runEventToProto,
  runToProto,
} from './convert.js';
import { grpcErrorAnswer } from './errors.js';

export interface ChronosGrpcOptions {
  /** Where calls that fail with INTERNAL are logged (with the error). Default: not logged. */
  readonly logger?: Logger;
  /**
   * A StreamRunEvents call with this many events not yet sent to the client
   * is ended with RESOURCE_EXHAUSTED (SlowEventConsumerError), as Marathon's
   * StreamEvents. Default 1000.
   */
  readonly maxBufferedEvents?: number;
}

const DEFAULT_MAX_BUFFERED_EVENTS = 1000;

/**
 * The handlers of every `tessera.v1.Chronos` method over `api`. Stateless
 * apart from open StreamRunEvents calls, each of which holds one
 * `api.subscribe` until the client cancels, the call ends, or the client is
 * too slow.
 */
export function chronosGrpcHandlers(api: ChronosApi, options: ChronosGrpcOptions = {}): v1.ChronosHandlers {
  const call = <Req, Res>(handler: (request: Req) => Promise<Res>) =>
    unary<Req, Res>(grpcErrorAnswer, options.logger, handler);
  const maxBufferedEvents = options.maxBufferedEvents ?? DEFAULT_MAX_BUFFERED_EVENTS;

  return {
    ListJobs: call(async (request: v1.ListJobsRequest__Output): Promise<v1.ListJobsResponse> => {
      const search = {
        ...(request.name !== '' && { name: request.name }),
        ...(request.command !== '' && { command: request.command }),
        ...(request.any !== '' && { any: request.any }),
      };
      const jobs = await api.listJobs(Object.keys(search).length === 0 ? undefined : search);
      return { jobs: jobs.map(jobStatusToProto) };
    }),

    GetJob: call(async (request: v1.GetJobRequest__Output): Promise<v1.GetJobResponse> => ({
      job: jobStatusToProto(await api.getJob(request.name)),
    })),

    PutJob: call(async (request: v1.PutJobRequest__Output): Promise<v1.PutJobResponse> => {
      if (request.job === null)
        throw new JobValidationError([{ field: '', message: 'job is required (PutJobRequest.job)' }]);
      return { job: jobStatusToProto(await api.putJob(jobFromProto(request.job), 'any')) };
    }),

    DeleteJob: call(async (request: v1.DeleteJobRequest__Output): Promise<v1.DeleteJobResponse> => ({
      changedChildren: [...(await api.deleteJob(request.name)).changedChildren],
    })),

    RunJob: call(async (request: v1.RunJobRequest__Output): Promise<v1.RunJobResponse> => ({
      run: runToProto(await api.runJob(request.name, request.arguments.length > 0 ? request.arguments : undefined)),
    })),

    KillJobTasks: call(async (request: v1.KillJobTasksRequest__Output): Promise<v1.KillJobTasksResponse> => ({
      taskIds: [...(await api.killJobTasks(request.name)).taskIds],
    })),

    SetJobDisabled: call(async (request: v1.SetJobDisabledRequest__Output): Promise<v1.SetJobDisabledResponse> => ({
      job: jobStatusToProto(await api.setJobDisabled(request.name, request.disabled)),
    })),

    ListRuns: call(async (request: v1.ListRunsRequest__Output): Promise<v1.ListRunsResponse> => ({
      // NOTE: limit 0 is proto3's "unset": the API's default (100).
      runs: (await api.listRuns(request.job, request.limit === 0 ? undefined : request.limit)).map(runToProto),
    })),

    GetJobStats: call(async (request: v1.GetJobStatsRequest__Output): Promise<v1.JobStats> =>
      jobStatsToProto(request.job, await api.jobStats(request.job)),
    ),

    GetGraph: call(async (_request: v1.GetGraphRequest__Output): Promise<v1.JobGraph> =>
      graphToProto(await api.graph()),
    ),

    GetInfo: call(async (_request: v1.GetChronosInfoRequest__Output): Promise<v1.ChronosInfo> =>
      infoToProto(await api.info()),
    ),

    StreamRunEvents: (streamCall) => {
      const jobs = new Set(streamCall.request.jobs);
      serveGrpcEventStream(streamCall, {
        subscribe: (listener: (event: RunEventJson) => void) => api.subscribe(listener),
        accepts: (event) => jobs.size === 0 || jobs.has(event.run.job),
        toMessage: runEventToProto,
        maxBufferedEvents,
        errors: grpcErrorAnswer,
        ...(options.logger !== undefined && { logger: options.logger }),
      });
    },
  };
}

/**
 * `tessera.v1.Chronos` for `startGrpcServer` of @tessera/runtime, which adds
 * the health service (this name SERVING) and server reflection beside it.
 */
export function chronosGrpcService(api: ChronosApi, options: ChronosGrpcOptions = {}): GrpcServiceRegistration {
  return {
    name: SERVICE_NAMES.chronos,
    definition: tesseraGrpc().tessera.v1.Chronos.service,
    implementation: chronosGrpcHandlers(api, options),
  };
}
