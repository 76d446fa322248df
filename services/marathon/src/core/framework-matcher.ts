/**
 * The shared matcher of `@tessera/framework` behind Marathon's OfferMatcher
 * interface (`offer-matching.ts`): an app's launch request becomes a
 * TaskRequest, its placed siblings the constraint context, and the offer's
 * remainder after a match is what the shared matcher says is left.
 */
import { subtractResources, type Attribute, type Resource } from '@tessera/domain';
import { matchOffer, type AgentFields, type OfferView, type TaskRequest } from '@tessera/framework/core';
import type { PlacedInstance } from './instance-tracker.js';
import type { LaunchRequest, OfferMatch, OfferMatcher } from './offer-matching.js';

/** A placed sibling's agent as constraints read it (its attributes were rendered to text when it was placed). */
function siblingFields(sibling: PlacedInstance): AgentFields {
  const attributes: Attribute[] = Object.entries(sibling.attributes).map(([name, text]) => ({
    name,
    type: 'text',
    text,
  }));
  return { hostname: sibling.hostname, attributes };
}

/** Marathon's request for one instance, in the shared matcher's terms. */
export function taskRequestOf(request: LaunchRequest): TaskRequest {
  const required = request.requirePorts ? request.ports.filter((port) => port > 0) : [];
  return {
    cpus: request.cpus,
    memMb: request.mem,
    diskMb: request.disk,
    gpus: request.gpus,
    portCount: request.ports.length - required.length,
    requiredPorts: required,
    roles: [request.role],
    // NOTE: Marathon's default is "*" and the app's role: unreserved resources
    // and those reserved to the role; the shared matcher's default (everything
    // the master offered for the allocation role) is the same set.
    ...(request.acceptedResourceRoles === undefined ? {} : { acceptedResourceRoles: request.acceptedResourceRoles }),
    constraints: request.constraints.map(([field, operator, value]) => ({
      field,
      operator,
      ...(value === undefined ? {} : { value }),
    })),
    group: request.appId,
  };
}

/** Marathon's OfferMatcher over the shared matcher. Pure; offers are never changed. */
export class FrameworkOfferMatcher implements OfferMatcher<OfferView, Resource[]> {
  constructor(
    private readonly options: {
      readonly declineScarceResources?: boolean;
      /**
       * The agents the framework knows of now (from recent offers): GROUP_BY without a value spreads over their
       * values too, not only over those it has placed on.
       */
      readonly knownAgents?: () => readonly AgentFields[];
    } = {},
  ) {}

  match(offer: OfferView, request: LaunchRequest, placedSiblings: readonly PlacedInstance[]): OfferMatch<Resource[]> {
    const spreads = request.constraints.some(([, operator, value]) => operator === 'GROUP_BY' && value === undefined);
    const knownAgents = spreads ? this.options.knownAgents?.() : undefined;
    const result = matchOffer(offer, taskRequestOf(request), {
      placed: placedSiblings.map(siblingFields),
      ...(knownAgents === undefined ? {} : { knownAgents }),
      ...(this.options.declineScarceResources === undefined
        ? {}
        : { declineScarceResources: this.options.declineScarceResources }),
    });
    if (result.fits)
      return { ok: true, resources: result.resources, hostPorts: hostPortsInOrder(request, result.ports) };
    return { ok: false, reasons: [...new Set(result.rejections.map((r) => r.reason))] };
  }

  remainder(offer: OfferView, used: Resource[]): OfferView {
    return { ...offer, resources: subtractResources(offer.resources, used) };
  }
}

/** Host ports in port-definition order: required ports where they are asked, the picked ones (ascending) elsewhere. */
function hostPortsInOrder(request: LaunchRequest, picked: readonly number[]): number[] {
  if (!request.requirePorts) return [...picked];
  const free = picked.filter((port) => !request.ports.includes(port));
  return request.ports.map((port) => (port > 0 ? port : (free.shift() ?? 0)));
}
