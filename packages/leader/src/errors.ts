/**
 * `campaign()` was aborted through its signal before the lease was won. No lease is held (one won at the same moment
 * is released again). `cause` is the signal's reason.
 */
export class CampaignAbortedError extends Error {
  override readonly name = 'CampaignAbortedError';
  readonly leaseName: string;
  constructor(leaseName: string, options?: { cause?: unknown }) {
    super(`campaign for lease "${leaseName}" aborted before the lease was won`, options);
    this.leaseName = leaseName;
  }
}

/** The election worker thread could not campaign (e.g. Redis unreachable at start) or died before winning. */
export class ElectionWorkerError extends Error {
  override readonly name = 'ElectionWorkerError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
