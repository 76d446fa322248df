import type { Lease } from '@tessera/store';
import type { DeposedReason } from './renewal-policy.js';

/** What the election worker is started with (its `workerData`). */
export interface ElectionWorkerData {
  leaseName: string;
  holder: string;
  ttlMs: number;
  campaignIntervalMs?: number;
  redisUrl: string;
  keyPrefix?: string;
  commandTimeoutMs?: number;
}

/** Worker → main thread. */
export type WorkerEvent =
  | { kind: 'won'; lease: Lease }
  | { kind: 'renewed'; lease: Lease }
  | { kind: 'deposed'; reason: DeposedReason }
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; obj: object; msg: string }
  /** The campaign ended without a lease: aborted, or failed with `message`. */
  | { kind: 'stopped'; aborted: boolean; message?: string }
  | { kind: 'released' };

/** Main thread → worker: stop campaigning, or stop renewing and release the lease; the worker then exits. */
export type WorkerCommand = { kind: 'release' };
