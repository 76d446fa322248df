import { parseAttributes, parseResources, type Resource } from '@tessera/domain';
import type { AgentFields, OfferView } from '../src/index.js';

/** An offer from Mesos text: `offer('cpus:2;mem:1024', { hostname: 'a', attributes: 'rack:r1' })`. */
export function offer(
  resources: string,
  extra: { hostname?: string; attributes?: string; allocationRole?: string; extraResources?: Resource[] } = {},
): OfferView {
  return {
    offerId: 'offer-1',
    agentId: 'agent-1',
    hostname: extra.hostname ?? 'host-a',
    attributes: parseAttributes(extra.attributes ?? ''),
    allocationRole: extra.allocationRole ?? 'eng',
    resources: [...parseResources(resources), ...(extra.extraResources ?? [])],
  };
}

/** An agent for constraint checks: `agent('host-a', 'rack:r1;zone:a')`. */
export function agent(hostname: string, attributes = ''): AgentFields {
  return { hostname, attributes: parseAttributes(attributes) };
}

/** The same scalars, marked revocable (lent). */
export function revocable(text: string): Resource[] {
  return parseResources(text).map((r) => ({ ...r, revocable: true }));
}
