// Original file: proto/tessera/v1/chronos.proto

import type {
  ConcurrencyPolicy as _tessera_v1_ConcurrencyPolicy,
  ConcurrencyPolicy__Output as _tessera_v1_ConcurrencyPolicy__Output,
} from '../../tessera/v1/ConcurrencyPolicy.js';
import type {
  JobFetchUri as _tessera_v1_JobFetchUri,
  JobFetchUri__Output as _tessera_v1_JobFetchUri__Output,
} from '../../tessera/v1/JobFetchUri.js';
import type {
  JobConstraint as _tessera_v1_JobConstraint,
  JobConstraint__Output as _tessera_v1_JobConstraint__Output,
} from '../../tessera/v1/JobConstraint.js';

/**
 * A job with Chronos's fields; a field left unset takes Chronos's default
 * (shown in brackets). Exactly one of `schedule`, `cron` and `parents`.
 * Read back, every field is set.
 */
export interface Job {
  name?: string;
  description?: string;
  owner?: string;
  ownerName?: string;
  command?: string;
  /**
   * [true]
   */
  shell?: boolean;
  /**
   * only without shell
   */
  arguments?: string[];
  /**
   * ISO 8601 repeating interval "R[n]/[start]/period"; read back, re-based as
   * Chronos shows it: "R{left}/{next run}/{period}".
   */
  schedule?: string;
  /**
   * A tz database zone in which the schedule's start and calendar periods are
   * read (Chronos's scheduleTimeZone) [the start's own offset].
   */
  scheduleTimeZone?: string;
  /**
   * Five-field cron expression (Metronome-style) and its zone ["UTC"].
   */
  cron?: string;
  cronTimeZone?: string;
  parents?: string[];
  /**
   * How late a run may start, an ISO 8601 duration [PT60S].
   */
  epsilon?: string;
  /**
   * Cron jobs: how late a run may start [900]; wins over epsilon when set.
   */
  startingDeadlineSeconds?: number;
  /**
   * [2]
   */
  retries?: number;
  disabled?: boolean;
  /**
   * [FORBID; ALLOW for cron jobs]
   */
  concurrencyPolicy?: _tessera_v1_ConcurrencyPolicy;
  softError?: boolean;
  highPriority?: boolean;
  /**
   * [0.1]
   */
  cpus?: number | string;
  /**
   * [128] MiB
   */
  mem?: number | string;
  /**
   * [256] MiB
   */
  disk?: number | string;
  environmentVariables?: { [key: string]: string };
  fetch?: _tessera_v1_JobFetchUri[];
  /**
   * [the service's user]
   */
  runAsUser?: string;
  constraints?: _tessera_v1_JobConstraint[];
  _shell?: 'shell';
  _startingDeadlineSeconds?: 'startingDeadlineSeconds';
  _retries?: 'retries';
  _cpus?: 'cpus';
  _mem?: 'mem';
  _disk?: 'disk';
}

/**
 * A job with Chronos's fields; a field left unset takes Chronos's default
 * (shown in brackets). Exactly one of `schedule`, `cron` and `parents`.
 * Read back, every field is set.
 */
export interface Job__Output {
  name: string;
  description: string;
  owner: string;
  ownerName: string;
  command: string;
  /**
   * [true]
   */
  shell?: boolean;
  /**
   * only without shell
   */
  arguments: string[];
  /**
   * ISO 8601 repeating interval "R[n]/[start]/period"; read back, re-based as
   * Chronos shows it: "R{left}/{next run}/{period}".
   */
  schedule: string;
  /**
   * A tz database zone in which the schedule's start and calendar periods are
   * read (Chronos's scheduleTimeZone) [the start's own offset].
   */
  scheduleTimeZone: string;
  /**
   * Five-field cron expression (Metronome-style) and its zone ["UTC"].
   */
  cron: string;
  cronTimeZone: string;
  parents: string[];
  /**
   * How late a run may start, an ISO 8601 duration [PT60S].
   */
  epsilon: string;
  /**
   * Cron jobs: how late a run may start [900]; wins over epsilon when set.
   */
  startingDeadlineSeconds?: number;
  /**
   * [2]
   */
  retries?: number;
  disabled: boolean;
  /**
   * [FORBID; ALLOW for cron jobs]
   */
  concurrencyPolicy: _tessera_v1_ConcurrencyPolicy__Output;
  softError: boolean;
  highPriority: boolean;
  /**
   * [0.1]
   */
  cpus?: number;
  /**
   * [128] MiB
   */
  mem?: number;
  /**
   * [256] MiB
   */
  disk?: number;
  environmentVariables: { [key: string]: string };
  fetch: _tessera_v1_JobFetchUri__Output[];
  /**
   * [the service's user]
   */
  runAsUser: string;
  constraints: _tessera_v1_JobConstraint__Output[];
  _shell?: 'shell';
  _startingDeadlineSeconds?: 'startingDeadlineSeconds';
  _retries?: 'retries';
  _cpus?: 'cpus';
  _mem?: 'mem';
  _disk?: 'disk';
}
