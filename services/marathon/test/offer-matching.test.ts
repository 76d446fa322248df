import { describe, expect, it } from 'vitest';
import {
  launchRequestOf,
  matchOffer,
  type AppDefinition,
  type LaunchRequest,
  type NoMatchReason,
  type OfferMatch,
  type OfferMatcher,
  type PlacedInstance,
} from '../src/core/index.js';
import { appDef, commands, FakeClock, newCore, status } from './instance-fixtures.js';

/** A fake offer: scalar cpus and mem, and free host ports. */
interface FakeOffer {
  readonly hostname: string;
  readonly cpus: number;
  readonly mem: number;
  readonly ports: readonly number[];
}
interface FakeResources {
  readonly cpus: number;
  readonly mem: number;
  readonly ports: readonly number[];
}

/** Fits by cpus, mem and ports; `hostname:UNIQUE` against the placed siblings. Records every call. */
class FakeMatcher implements OfferMatcher<FakeOffer, FakeResources> {
  readonly calls: string[] = [];
  match(offer: FakeOffer, request: LaunchRequest, siblings: readonly PlacedInstance[]): OfferMatch<FakeResources> {
    this.calls.push(request.instanceId);
    const reasons: NoMatchReason[] = [];
    const unique = request.constraints.some(([field, operator]) => field === 'hostname' && operator === 'UNIQUE');
    if (unique && siblings.some((sibling) => sibling.hostname === offer.hostname))
      reasons.push('UnfulfilledConstraint');
    if (request.cpus > offer.cpus) reasons.push('InsufficientCpus');
    if (request.mem > offer.mem) reasons.push('InsufficientMemory');
    if (request.ports.length > offer.ports.length) reasons.push('InsufficientPorts');
    if (reasons.length > 0) return { ok: false, reasons };
    const ports = offer.ports.slice(0, request.ports.length);
    return { ok: true, resources: { cpus: request.cpus, mem: request.mem, ports }, hostPorts: ports };
  }
  remainder(offer: FakeOffer, used: FakeResources): FakeOffer {
    return {
      ...offer,
      cpus: offer.cpus - used.cpus,
      mem: offer.mem - used.mem,
      ports: offer.ports.filter((port) => !used.ports.includes(port)),
    };
  }
}

const agent = { agentId: 'agent-1', hostname: 'h1', attributes: { rack: 'r1' } };
const bigOffer: FakeOffer = {
  hostname: 'h1',
  cpus: 100,
  mem: 100_000,
  ports: [31000, 31001, 31002, 31003, 31004, 31005, 31006, 31007, 31008, 31009],
};

/** Apps scheduled in the order given, `wait` seconds apart, each with `count` instances. */
function waitingApps(specs: readonly { app: AppDefinition; count: number }[]) {
  const clock = new FakeClock();
  const core = newCore(specs.map((spec) => spec.app));
  for (const { app, count } of specs) {
    core.tracker.schedule(app, count, clock.nowMs);
    clock.advanceSeconds(1);
  }
  const matcher = new FakeMatcher();
  const run = (offer: FakeOffer = bigOffer, maxLaunchesPerOffer?: number) =>
    matchOffer({
      offer,
      agent,
      matcher,
      tracker: core.tracker,
      queue: core.queue,
      nowMs: clock.nowMs,
      ...(maxLaunchesPerOffer === undefined ? {} : { maxLaunchesPerOffer }),
    });
  return { ...core, clock, matcher, run };
}

const launchedApps = (result: ReturnType<ReturnType<typeof waitingApps>['run']>['result']) =>
  result.launches.map((launch) => launch.app.id);

describe('matchOffer: the fair walk', () => {
  it('serves the apps round-robin, the longest waiting first', () => {
    const { run } = waitingApps([
      { app: appDef('/a'), count: 5 },
      { app: appDef('/b'), count: 5 },
    ]);
    // /a waited longer: a, b, a, b, … — one app cannot take the whole offer while another waits.
    expect(launchedApps(run(bigOffer, 7).result)).toEqual(['/a', '/b', '/a', '/b', '/a', '/b', '/a']);
  });

  it('the order follows the longest waiting instance, not the app ID', () => {
    const { run } = waitingApps([
      { app: appDef('/z'), count: 2 },
      { app: appDef('/a'), count: 2 },
    ]);
    expect(launchedApps(run().result)).toEqual(['/z', '/a', '/z', '/a']);
  });

  it('an app that runs out of instances leaves the rounds; the others go on', () => {
    const { run } = waitingApps([
      { app: appDef('/a'), count: 1 },
      { app: appDef('/b'), count: 4 },
    ]);
    expect(launchedApps(run(bigOffer, 10).result)).toEqual(['/a', '/b', '/b', '/b', '/b']);
  });

  it('an app that does not fit drops out of the offer; the rest use what is left', () => {
    const { run, matcher, queue, clock } = waitingApps([
      { app: appDef('/big', { cpus: 4 }), count: 2 },
      { app: appDef('/small', { cpus: 1 }), count: 5 },
    ]);
    const offer = { ...bigOffer, cpus: 3 };
    const { result } = run(offer, 10);
    // /big asked once (its next instance asks for the same), /small takes the 3 cpus.
    expect(launchedApps(result)).toEqual(['/small', '/small', '/small']);
    expect(matcher.calls).toEqual([
      'big.instance-u1',
      'small.instance-u3',
      'small.instance-u4',
      'small.instance-u5',
      'small.instance-u6',
    ]);
    expect(result.apps).toEqual([
      { appId: '/big', launched: 0, reasons: ['InsufficientCpus'] },
      { appId: '/small', launched: 3, reasons: [] },
    ]);
    const summary = (appId: string) =>
      queue.queueView(clock.nowMs, (app) => app.id).queue.find((item) => item.app === appId)?.processedOffersSummary;
    expect(summary('/big')).toMatchObject({ processedOffersCount: 1, unusedOffersCount: 1 });
    expect(summary('/small')).toMatchObject({ processedOffersCount: 1, unusedOffersCount: 0 });
  });

  it('at most maxLaunchesPerOffer (default 5) launches; apps not reached have not seen the offer', () => {
    const { run, queue, clock } = waitingApps([
      { app: appDef('/a'), count: 3 },
      { app: appDef('/b'), count: 3 },
      { app: appDef('/c'), count: 3 },
    ]);
    expect(launchedApps(run().result)).toEqual(['/a', '/b', '/c', '/a', '/b']);
    // Left: /a 1 (waiting since T0), /b 1 (T0 + 1 s), /c 2 (T0 + 2 s); each saw one offer.
    const capped = run(bigOffer, 1);
    expect(launchedApps(capped.result)).toEqual(['/a']);
    expect(capped.result.apps.map((app) => app.appId)).toEqual(['/a']);
    // /a has nothing left (it left the queue); /b and /c were not asked about the second offer.
    const counts = queue
      .queueView(clock.nowMs, (app) => app.id)
      .queue.map((item) => `${item.app} ${item.count} ${item.processedOffersSummary.processedOffersCount}`);
    expect(counts).toEqual(['/b 1 1', '/c 2 1']);
  });

  it('placed siblings include those launched earlier from the same offer (hostname:UNIQUE)', () => {
    const { run, tracker } = waitingApps([{ app: appDef('/u', { constraints: [['hostname', 'UNIQUE']] }), count: 3 }]);
    const { result } = run();
    expect(launchedApps(result)).toEqual(['/u']);
    // The app was used by this offer: it counts as used, not unused.
    expect(result.apps).toEqual([{ appId: '/u', launched: 1, reasons: [] }]);
    expect(tracker.placedOf('/u').map((placed) => placed.hostname)).toEqual(['h1']);
    // Another offer from the same host: nothing.
    const again = run();
    expect(again.result.launches).toEqual([]);
    expect(again.result.apps).toEqual([{ appId: '/u', launched: 0, reasons: ['UnfulfilledConstraint'] }]);
  });

  it('an app in backoff is not asked', () => {
    const { run, tracker, clock, matcher } = waitingApps([
      { app: appDef('/a'), count: 1 },
      { app: appDef('/b'), count: 1 },
    ]);
    run(bigOffer, 1); // launches /a
    tracker.statusUpdate(status('a.instance-u1.1', 'TASK_FAILED'), clock.nowMs); // /a: 1 s delay
    matcher.calls.length = 0;
    expect(launchedApps(run().result)).toEqual(['/b']);
    expect(matcher.calls).toEqual(['b.instance-u2']);
    clock.advanceSeconds(1);
    expect(launchedApps(run().result)).toEqual(['/a']);
  });
});

describe('matchOffer: the launches', () => {
  it('provisions each instance and says what to launch, with the health check on its host ports', () => {
    const app = appDef('/web', {
      portDefinitions: [
        { port: 0, protocol: 'tcp', name: 'http', labels: {} },
        { port: 0, protocol: 'tcp', name: 'admin', labels: {} },
      ],
      healthChecks: [
        {
          protocol: 'MESOS_HTTP',
          path: '/health',
          portIndex: 1,
          port: undefined,
          command: undefined,
          gracePeriodSeconds: 300,
          intervalSeconds: 60,
          timeoutSeconds: 20,
          maxConsecutiveFailures: 3,
          delaySeconds: 15,
          ignoreHttp1xx: false,
        },
      ],
    });
    const { run, clock } = waitingApps([{ app, count: 1 }]);
    const step = run({ ...bigOffer, ports: [31007, 31009] });
    expect(step.result.launches).toEqual([
      {
        instance: expect.objectContaining({
          instanceId: 'web.instance-u1',
          condition: 'Provisioned',
          taskId: 'web.instance-u1.1',
          agent: { agentId: 'agent-1', hostname: 'h1', attributes: { rack: 'r1' } },
          hostPorts: [31007, 31009],
          stagedAtMs: clock.nowMs,
        }),
        app,
        taskId: 'web.instance-u1.1',
        agentId: 'agent-1',
        resources: { cpus: 1, mem: 128, ports: [31007, 31009] },
        hostPorts: [31007, 31009],
        healthCheck: {
          type: 'HTTP',
          scheme: 'http',
          port: 31009,
          path: '/health',
          delaySeconds: 15,
          intervalSeconds: 60,
          timeoutSeconds: 20,
          consecutiveFailures: 3,
          gracePeriodSeconds: 300,
        },
      },
    ]);
    expect(commands(step.effects)).toEqual(['persist web.instance-u1 Provisioned/Running']);
  });

  it('an app whose health check names no port of its task is not launched (validation should have refused it)', () => {
    const app = appDef('/bad', {
      healthChecks: [
        {
          protocol: 'TCP',
          path: '/',
          portIndex: 3,
          port: undefined,
          command: undefined,
          gracePeriodSeconds: 300,
          intervalSeconds: 60,
          timeoutSeconds: 20,
          maxConsecutiveFailures: 3,
          delaySeconds: 15,
          ignoreHttp1xx: false,
        },
      ],
    });
    const { run, tracker } = waitingApps([
      { app, count: 1 },
      { app: appDef('/ok'), count: 1 },
    ]);
    const step = run();
    expect(launchedApps(step.result)).toEqual(['/ok']);
    expect(step.effects.filter((effect) => effect.type === 'log').map((effect) => effect.level)).toEqual(['warn']);
    expect(tracker.get('bad.instance-u1')?.condition).toBe('Scheduled');
  });

  it('nothing waiting: nothing asked, the offer is declined', () => {
    const { run, matcher } = waitingApps([]);
    expect(run().result).toEqual({ launches: [], apps: [] });
    expect(matcher.calls).toEqual([]);
  });
});

describe('launchRequestOf', () => {
  it.each([
    [false, [0, 0]],
    [true, [8080, 9090]],
  ])('requirePorts %s → ports %j', (requirePorts, ports) => {
    const app = appDef('/web', {
      requirePorts,
      role: 'web',
      acceptedResourceRoles: ['*'],
      constraints: [['rack', 'GROUP_BY', '2']],
      portDefinitions: [
        { port: 8080, protocol: 'tcp', name: undefined, labels: {} },
        { port: 9090, protocol: 'tcp', name: undefined, labels: {} },
      ],
    });
    expect(launchRequestOf(app, 'web.instance-u1')).toEqual({
      appId: '/web',
      instanceId: 'web.instance-u1',
      cpus: 1,
      mem: 128,
      disk: 0,
      gpus: 0,
      ports,
      requirePorts,
      constraints: [['rack', 'GROUP_BY', '2']],
      role: 'web',
      acceptedResourceRoles: ['*'],
    });
  });
});
