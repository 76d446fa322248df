/**
 * `tessera.v1.Chronos`: the gRPC door over `ChronosApi`. Each call
 * authenticates its caller (`grpcCaller`: client certificate, else
 * `authorization` metadata, as the REST door), converts the request to
 * Chronos's JSON (`convert.ts`), applies the same ACL rules as the matching
 * REST route (`../access.ts`), calls the API, and converts the answer back. A
 * refusal is answered by the error's class alone (`errors.ts`), with the
 * trailer the proto's error contract names.
 */
import { grpcCaller, JobAccess, openServiceAuth, type ServiceAuth } from '@tessera/framework/service';
import { SERVICE_NAMES, tesseraGrpc, type v1 } from '@tessera/proto';
import { serveGrpcEventStream, unary, type GrpcServiceRegistration, type Logger } from '@tessera/runtime';
import {
  authorizeJobChange,
  requireViewableJob,
  subscribeVisibleRuns,
  viewableJob,
  viewableJobNames,
  visibleGraph,
} from '../access.js';
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
  /**
   * Who may call, see and change what: the REST door's (see `@tessera/framework`'s access.ts). Every method
   * authenticates its caller (UNAUTHENTICATED when it proves nothing, or presents nothing and the service
   * requires it); reads are filtered by `view_jobs` on the job's owner (a hidden job reads as a missing one:
   * NOT_FOUND); changes are checked by `change_jobs` on the stored and the new owner (PERMISSION_DENIED naming
   * the rule, nothing changed) and audited. Default: no credentials, no ACLs.
   */
  readonly auth?: ServiceAuth;
}

const DEFAULT_MAX_BUFFERED_EVENTS = 1000;

/**
 * The handlers of every `tessera.v1.Chronos` method over `api`. Stateless
 * apart from open StreamRunEvents calls, each of which holds one
 * `api.subscribe` until the client cancels, the call ends, or the client is
 * too slow.
 */
export function chronosGrpcHandlers(api: ChronosApi, options: ChronosGrpcOptions = {}): v1.ChronosHandlers {
  const auth = options.auth ?? openServiceAuth('chronos');
  /** A unary handler that gets the caller's decisions, once it is authenticated. */
  const call = <Req, Res>(handler: (request: Req, access: JobAccess) => Promise<Res>) =>
    unary<Req, Res>(grpcErrorAnswer, options.logger, (request, serverCall) =>
      handler(request, new JobAccess(auth, grpcCaller(serverCall, auth))),
    );
  const maxBufferedEvents = options.maxBufferedEvents ?? DEFAULT_MAX_BUFFERED_EVENTS;

  return {
    ListJobs: call(async (request: v1.ListJobsRequest__Output, access): Promise<v1.ListJobsResponse> => {
      const search = {
        ...(request.name !== '' && { name: request.name }),
        ...(request.command !== '' && { command: request.command }),
        ...(request.any !== '' && { any: request.any }),
      };
      const jobs = await api.listJobs(Object.keys(search).length === 0 ? undefined : search);
      return { jobs: access.visible(jobs).map(jobStatusToProto) };
    }),

    GetJob: call(async (request: v1.GetJobRequest__Output, access): Promise<v1.GetJobResponse> => ({
      job: jobStatusToProto(await viewableJob(access, api, request.name)),
    })),

    PutJob: call(async (request: v1.PutJobRequest__Output, access): Promise<v1.PutJobResponse> => {
      if (request.job === null)
        throw new JobValidationError([{ field: '', message: 'job is required (PutJobRequest.job)' }]);
      // Both the stored owner and the new one: a job cannot be taken over, nor given away.
      await authorizeJobChange(access, api, request.job.name, [request.job.owner]);
      return { job: jobStatusToProto(await api.putJob(jobFromProto(request.job), 'any')) };
    }),

    DeleteJob: call(async (request: v1.DeleteJobRequest__Output, access): Promise<v1.DeleteJobResponse> => {
      await authorizeJobChange(access, api, request.name);
      return { changedChildren: [...(await api.deleteJob(request.name)).changedChildren] };
    }),

    RunJob: call(async (request: v1.RunJobRequest__Output, access): Promise<v1.RunJobResponse> => {
      await authorizeJobChange(access, api, request.name);
      const args = request.arguments.length > 0 ? request.arguments : undefined;
      return { run: runToProto(await api.runJob(request.name, args)) };
    }),

    KillJobTasks: call(async (request: v1.KillJobTasksRequest__Output, access): Promise<v1.KillJobTasksResponse> => {
      await authorizeJobChange(access, api, request.name);
      return { taskIds: [...(await api.killJobTasks(request.name)).taskIds] };
    }),

    SetJobDisabled: call(
      async (request: v1.SetJobDisabledRequest__Output, access): Promise<v1.SetJobDisabledResponse> => {
        await authorizeJobChange(access, api, request.name);
        return { job: jobStatusToProto(await api.setJobDisabled(request.name, request.disabled)) };
      },
    ),

    ListRuns: call(async (request: v1.ListRunsRequest__Output, access): Promise<v1.ListRunsResponse> => {
      await requireViewableJob(access, api, request.job);
      // NOTE: limit 0 is proto3's "unset": the API's default (100).
      const runs = await api.listRuns(request.job, request.limit === 0 ? undefined : request.limit);
      return { runs: runs.map(runToProto) };
    }),

    GetJobStats: call(async (request: v1.GetJobStatsRequest__Output, access): Promise<v1.JobStats> => {
      await requireViewableJob(access, api, request.job);
      return jobStatsToProto(request.job, await api.jobStats(request.job));
    }),

    GetGraph: call(async (_request: v1.GetGraphRequest__Output, access): Promise<v1.JobGraph> =>
      graphToProto(visibleGraph(await api.graph(), await viewableJobNames(access, api))),
    ),

    GetInfo: call(async (_request: v1.GetChronosInfoRequest__Output): Promise<v1.ChronosInfo> =>
      infoToProto(await api.info()),
    ),

    StreamRunEvents: (streamCall) => {
      const jobs = new Set(streamCall.request.jobs);
      serveGrpcEventStream(streamCall, {
        // NOTE: the caller is authenticated here, so that a refusal ends the stream with its status.
        subscribe: (listener: (event: RunEventJson) => void) =>
          subscribeVisibleRuns(new JobAccess(auth, grpcCaller(streamCall, auth)), api, listener),
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
