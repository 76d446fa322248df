import { describe, expect, it } from 'vitest';
import { agentViewToProto, loadedFromProto } from '../src/convert.js';
import { AgentPrincipalMismatchError, FrameworkPrincipalMismatchError } from '../src/core/index.js';
import { agentInfo, CoreHarness, frameworkInfo } from './core-harness.js';

/** The core's identity checks: decisions on the registry, whatever the master's authentication settings. */
describe('identity checks in the core', () => {
  function registered(h: CoreHarness, principal: string, hostname = 'h1'): string {
    const connection = h.connection();
    return h.step((now) =>
      h.core.registerAgent(now, { info: agentInfo(hostname, 'cpus:4'), principal, previousAgentId: '' }, connection),
    ).id;
  }

  it('refuses a Reregister of an agent ID by another principal, with no effect at all', () => {
    const h = new CoreHarness();
    const agentId = registered(h, 'node-1');
    const mark = h.effects.length;
    for (const impostor of ['node-2', '']) {
      expect(() =>
        h.step((now) =>
          h.core.reregisterAgent(
            now,
            { info: agentInfo('h1', 'cpus:4', agentId), principal: impostor, tasks: [] },
            h.connection(),
          ),
        ),
      ).toThrow(AgentPrincipalMismatchError);
    }
    expect(h.effects.length).toBe(mark);
    expect(h.core.agents.get(agentId)?.principal).toBe('node-1');
    // Its own principal may.
    h.step((now) =>
      h.core.reregisterAgent(
        now,
        { info: agentInfo('h1', 'cpus:4', agentId), principal: 'node-1', tasks: [] },
        h.connection(),
      ),
    );
    expect(h.core.agents.get(agentId)?.status).toBe('ACTIVE');
  });

  it("ignores another principal's previous_agent_id: only the agent's own principal declares it gone", () => {
    const h = new CoreHarness();
    const agentId = registered(h, 'node-1');
    h.step((now) =>
      h.core.registerAgent(
        now,
        { info: agentInfo('h1', 'cpus:4'), principal: 'node-2', previousAgentId: agentId },
        h.connection(),
      ),
    );
    expect(h.core.agents.get(agentId)?.status).toBe('ACTIVE');
    h.step((now) =>
      h.core.registerAgent(
        now,
        { info: agentInfo('h1', 'cpus:4'), principal: 'node-1', previousAgentId: agentId },
        h.connection(),
      ),
    );
    expect(h.core.agents.get(agentId)?.status).toBe('GONE');
  });

  it('binds an agent recorded without a principal to the first principal that re-registers it', () => {
    const h = new CoreHarness();
    const agentId = registered(h, '');
    h.step((now) =>
      h.core.reregisterAgent(
        now,
        { info: agentInfo('h1', 'cpus:4', agentId), principal: 'node-1', tasks: [] },
        h.connection(),
      ),
    );
    expect(h.core.agents.get(agentId)?.principal).toBe('node-1');
    expect(() =>
      h.step((now) =>
        h.core.reregisterAgent(
          now,
          { info: agentInfo('h1', 'cpus:4', agentId), principal: '', tasks: [] },
          h.connection(),
        ),
      ),
    ).toThrow(AgentPrincipalMismatchError);
  });

  it("keeps the agent's principal in the registry across a failover (AgentState.principal)", () => {
    const h = new CoreHarness();
    const agentId = registered(h, 'node-1');
    const state = agentViewToProto(h.core.agentView(h.core.agents.get(agentId)!));
    expect(state.principal).toBe('node-1');
    const loaded = loadedFromProto({
      agents: [{ ...state, info: { ...state.info, id: { value: agentId } } } as never],
      frameworks: [],
      tasks: [],
      quotas: [],
      weights: [],
      policies: [],
    });
    expect(loaded.agents[0]?.principal).toBe('node-1');
  });

  it("records the subscriber's principal as the framework's; another may not subscribe with its ID, nor claim a principal", () => {
    const h = new CoreHarness();
    const connection = h.connection();
    const frameworkId = h.step((now) =>
      h.core.subscribe(now, { info: frameworkInfo('f'), principal: 'alice', suppressedRoles: [] }, connection),
    );
    expect(h.core.frameworks.get(frameworkId)?.info.principal).toBe('alice');
    const mark = h.effects.length;
    for (const [info, principal] of [
      [frameworkInfo('f', { id: frameworkId }), 'bob'],
      [frameworkInfo('f', { id: frameworkId }), ''],
      [frameworkInfo('g', { principal: 'alice' }), 'bob'],
    ] as const) {
      expect(() =>
        h.step((now) => h.core.subscribe(now, { info, principal, suppressedRoles: [] }, h.connection())),
      ).toThrow(FrameworkPrincipalMismatchError);
    }
    expect(h.effects.length).toBe(mark);
    expect(h.core.frameworks.get(frameworkId)?.connection).toBe(connection);
  });
});
