/**
 * Whether the framework wants offers, and the call that tells the master so:
 * Suppress when it has nothing to launch, Revive when it has again. The driver
 * asks `demandCall` after every change (of the wish, of a call's outcome, of
 * the subscription), so that the master is told once per change, not once per
 * `wantOffers` call. Pure.
 */

export interface DemandState {
  /** The framework has something to launch. */
  readonly wanted: boolean;
  /** The master has the framework's roles suppressed, as of the last call that succeeded or the last subscription. */
  readonly suppressed: boolean;
  /** A Suppress or Revive call is on its way; its outcome is not known yet. */
  readonly calling: boolean;
}

export type DemandCall = 'suppress' | 'revive';

/**
 * The call that brings the master in line with the wish: 'revive' when offers
 * are wanted and suppressed, 'suppress' when they are not wanted and not
 * suppressed, nothing when the two agree or while a call is on its way (asked
 * again when it returns).
 */
export function demandCall(state: DemandState): DemandCall | undefined {
  if (state.calling) return undefined;
  if (state.wanted && state.suppressed) return 'revive';
  if (!state.wanted && !state.suppressed) return 'suppress';
  return undefined;
}
