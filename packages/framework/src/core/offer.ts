import type { Attribute, Resource } from '@tessera/domain';

/** What placement constraints read of an agent: its hostname and attributes. */
export interface AgentFields {
  readonly hostname: string;
  readonly attributes: readonly Attribute[];
}

/** An offer as the matcher sees it: domain types only (the shell converts from the wire once). */
export interface OfferView extends AgentFields {
  readonly offerId: string;
  readonly agentId: string;
  /** The role the offer is allocated to (one of the framework's roles). */
  readonly allocationRole: string;
  /** Normalized; reserved entries carry their reservation, lent ones `revocable`. */
  readonly resources: readonly Resource[];
  /** The agent's gRPC endpoint (sandbox access); '' when unknown. The matcher ignores it. */
  readonly agentEndpoint?: string;
}
