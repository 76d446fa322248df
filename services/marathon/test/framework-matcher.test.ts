import { parseResources } from '@tessera/domain';
import type { OfferView } from '@tessera/framework/core';
import { describe, expect, it } from 'vitest';
import { FrameworkOfferMatcher, launchRequestOf, matchOffer, type AppDefinition } from '../src/core/index.js';
import { appDef, FakeClock, newCore } from './instance-fixtures.js';

/** An offer of a whole agent: 4 cpus, 1 GiB, ports 31000-31009, allocated to role "*"… as the master offers it. */
const offerOn = (hostname: string, text = 'cpus:4;mem:1024;disk:1024;ports:[31000-31009]'): OfferView => ({
  offerId: `o-${hostname}`,
  agentId: `agent-${hostname}`,
  hostname,
  attributes: [{ name: 'rack', type: 'text', text: hostname === 'h3' ? 'r2' : 'r1' }],
  allocationRole: 'marathon',
  resources: parseResources(text),
});

const web = (overrides: Partial<AppDefinition> = {}) =>
  appDef('/web', { cpus: 1, mem: 128, role: 'marathon', ...overrides });

describe('FrameworkOfferMatcher: the shared matcher behind Marathon', () => {
  const matcher = new FrameworkOfferMatcher();

  it('takes the resources and one host port per port definition, lowest free first', () => {
    const app = web({ portDefinitions: [0, 0].map(() => ({ port: 0, protocol: 'tcp', name: undefined, labels: {} })) });
    const match = matcher.match(offerOn('h1'), launchRequestOf(app, 'web.instance-1'), []);
    expect(match).toMatchObject({ ok: true, hostPorts: [31000, 31001] });
  });

  it('gives a required port where it is asked', () => {
    const app = web({
      requirePorts: true,
      portDefinitions: [{ port: 31005, protocol: 'tcp', name: undefined, labels: {} }],
    });
    expect(matcher.match(offerOn('h1'), launchRequestOf(app, 'i'), [])).toMatchObject({ ok: true, hostPorts: [31005] });
  });

  it("says why an offer does not fit, with Marathon's reason names", () => {
    const app = web({ cpus: 8, mem: 4096, constraints: [['hostname', 'UNIQUE']] });
    const sibling = { instanceId: 'web.instance-0', agentId: 'agent-h1', hostname: 'h1', attributes: { rack: 'r1' } };
    const match = matcher.match(offerOn('h1'), launchRequestOf(app, 'i'), [sibling]);
    expect(match).toEqual({
      ok: false,
      reasons: expect.arrayContaining(['InsufficientCpus', 'InsufficientMemory', 'UnfulfilledConstraint']),
    });
  });

  it('the remainder is the offer without what was taken', () => {
    const offer = offerOn('h1');
    const match = matcher.match(offer, launchRequestOf(web(), 'i'), []);
    if (!match.ok) throw new Error('no match');
    // 4 − 1 cpus, 1024 − 128 mem, ports 31000 taken.
    expect(matcher.remainder(offer, match.resources).resources).toEqual(
      parseResources('cpus:3;mem:896;disk:1024;ports:[31001-31009]'),
    );
  });

  it('with the launch queue: UNIQUE hostname puts one instance on each agent and keeps the fourth waiting', () => {
    const clock = new FakeClock();
    const app = web({ instances: 4, constraints: [['hostname', 'UNIQUE']] });
    const core = newCore([app]);
    core.tracker.schedule(app, 4, clock.nowMs);
    const launched: string[] = [];
    for (const hostname of ['h1', 'h2', 'h3', 'h1']) {
      const offer = offerOn(hostname);
      const agent = { agentId: offer.agentId, hostname, attributes: { rack: hostname === 'h3' ? 'r2' : 'r1' } };
      const step = matchOffer({ offer, agent, matcher, tracker: core.tracker, queue: core.queue, nowMs: clock.nowMs });
      launched.push(...step.result.launches.map((l) => l.agentId));
    }
    expect(launched).toEqual(['agent-h1', 'agent-h2', 'agent-h3']);
    expect(core.queue.count('/web')).toBe(1);
  });

  it('spreads GROUP_BY without a value over the racks of the known agents, not only those placed on', () => {
    const app = web({ constraints: [['rack', 'GROUP_BY']] });
    const sibling = { instanceId: 'web.instance-0', agentId: 'agent-h1', hostname: 'h1', attributes: { rack: 'r1' } };
    const blind = new FrameworkOfferMatcher();
    expect(blind.match(offerOn('h2'), launchRequestOf(app, 'i'), [sibling])).toMatchObject({ ok: true });
    const known = [offerOn('h1'), offerOn('h2'), offerOn('h3')];
    const aware = new FrameworkOfferMatcher({ knownAgents: () => known });
    expect(aware.match(offerOn('h2'), launchRequestOf(app, 'i'), [sibling])).toMatchObject({
      ok: false,
      reasons: ['UnfulfilledConstraint'],
    });
    expect(aware.match(offerOn('h3'), launchRequestOf(app, 'i'), [sibling])).toMatchObject({ ok: true });
  });
});
