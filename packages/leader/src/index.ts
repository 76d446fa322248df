export { campaign, type CampaignOptions } from './campaign.js';
export type { Leadership } from './leadership.js';
export {
  afterRenewal,
  leaseTiming,
  type DeposedReason,
  type LeaseTiming,
  type RenewalAttempt,
  type RenewalOutcome,
  type RenewalStep,
} from './renewal-policy.js';
export { systemClock, type LeaderClock, type TimerHandle } from './clock.js';
export { CampaignAbortedError, ElectionWorkerError } from './errors.js';
export { campaignInWorker, type WorkerCampaignOptions } from './worker-election.js';
export type { LeaderLogger } from './logger.js';
