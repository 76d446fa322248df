/**
 * The body of the election worker thread started by `campaignInWorker`: its own event loop and its own Redis
 * connection, so that renewal keeps its rhythm while the main thread is busy with synchronous work.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createRedisStore, type StateStore } from '@tessera/store';
import { campaign } from './campaign.js';
import { CampaignAbortedError } from './errors.js';
import type { Leadership } from './leadership.js';
import type { LeaderLogger } from './logger.js';
import type { ElectionWorkerData, WorkerCommand, WorkerEvent } from './worker-protocol.js';

const port = parentPort;
if (port === null) {
  throw new Error('election-worker must run as a worker thread');
}
const data = workerData as ElectionWorkerData;
const post = (event: WorkerEvent): void => port.postMessage(event);

/** Log records cross the thread boundary as plain data: errors become their name and message. */
function plain(obj: object): object {
  return Object.fromEntries(
    Object.entries(obj).map(([key, value]) => [
      key,
      value instanceof Error ? `${value.name}: ${value.message}` : value,
    ]),
  );
}
const logger: LeaderLogger = {
  info: (obj, msg) => post({ kind: 'log', level: 'info', obj: plain(obj), msg }),
  warn: (obj, msg) => post({ kind: 'log', level: 'warn', obj: plain(obj), msg }),
  error: (obj, msg) => post({ kind: 'log', level: 'error', obj: plain(obj), msg }),
};

const abort = new AbortController();
let store: StateStore | undefined;
let leadership: Leadership | undefined;
let finishing: Promise<void> | undefined;

function finish(): Promise<void> {
  finishing ??= (async () => {
    abort.abort();
    await leadership?.release();
    await store?.close();
    post({ kind: 'released' });
    port?.close();
  })();
  return finishing;
}

port.on('message', (command: WorkerCommand) => {
  if (command.kind === 'release') {
    void finish();
  }
});

try {
  store = await createRedisStore({
    url: data.redisUrl,
    logger,
    ...(data.keyPrefix === undefined ? {} : { keyPrefix: data.keyPrefix }),
    ...(data.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: data.commandTimeoutMs }),
  });
  leadership = await campaign({
    store,
    leaseName: data.leaseName,
    holder: data.holder,
    ttlMs: data.ttlMs,
    ...(data.campaignIntervalMs === undefined ? {} : { campaignIntervalMs: data.campaignIntervalMs }),
    logger,
    signal: abort.signal,
    onDeposed: (reason) => post({ kind: 'deposed', reason }),
    onRenewed: (lease) => post({ kind: 'renewed', lease }),
  });
  post({ kind: 'won', lease: leadership.lease });
} catch (error) {
  const aborted = error instanceof CampaignAbortedError;
  post({
    kind: 'stopped',
    aborted,
    ...(aborted ? {} : { message: error instanceof Error ? error.message : String(error) }),
  });
  await finish();
}
