import { attributesFromProto, resourcesFromProto, type v1 } from '@tessera/proto';
import type { OfferView } from './core/index.js';

/**
 * An offer from the wire in the matcher's terms, converted once at the edge.
 * Throws InvalidResourceError (from @tessera/proto) for resources the domain
 * cannot hold, which a master never offers.
 */
export function offerFromProto(offer: v1.Offer__Output): OfferView {
  return {
    offerId: offer.id?.value ?? '',
    agentId: offer.agentId?.value ?? '',
    hostname: offer.hostname,
    allocationRole: offer.allocationRole,
    attributes: attributesFromProto(offer.attributes),
    resources: resourcesFromProto(offer.resources),
    agentEndpoint: offer.agentEndpoint,
  };
}
