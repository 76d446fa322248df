import { formatResources, parseResources } from '@tessera/domain';
import { describe, expect, it } from 'vitest';
import {
  InvalidTaskRequestError,
  matchOffer,
  packCopies,
  packOffer,
  type MatchResult,
  type NoMatchReason,
  type TaskRequest,
} from '../src/index.js';
import { agent, offer, revocable } from './fixtures.js';

const small: TaskRequest = { cpus: 0.5, memMb: 128 };

function taken(result: MatchResult): string {
  return result.fits ? formatResources(result.resources) : `no: ${result.rejections.map((r) => r.reason).join(',')}`;
}

function reasons(result: MatchResult): NoMatchReason[] {
  return result.fits ? [] : result.rejections.map((r) => r.reason);
}

describe('matchOffer: what a fitting task takes', () => {
  it.each<[string, string, TaskRequest, string]>([
    ['exactly what it asks for', 'cpus:2;mem:1024', small, 'cpus:0.5;mem:128'],
    // 1 + 2 = 3 cpus: the whole offer
    ['all of an offer', 'cpus:3;mem:1024;disk:10', { cpus: 3, memMb: 1024, diskMb: 10 }, 'cpus:3;disk:10;mem:1024'],
    // 0.5 from cpus(eng):0.5 first (the framework's own), the other 0.5 from the unreserved 2
    [
      'reserved first, then unreserved',
      'cpus:2;cpus(eng):0.5;mem:1024',
      { cpus: 1, memMb: 128 },
      'cpus:0.5;cpus(eng):0.5;mem:128',
    ],
    [
      'unreserved only when that is all it accepts',
      'cpus:2;cpus(eng):0.5;mem:1024',
      { ...small, acceptedResourceRoles: ['*'] },
      'cpus:0.5;mem:128',
    ],
    [
      'reserved only when that is all it accepts',
      'cpus:2;cpus(eng):0.5;mem(eng):512',
      { ...small, acceptedResourceRoles: ['eng'] },
      'cpus(eng):0.5;mem(eng):128',
    ],
    // 0.1 + 0.2 is 0.30000000000000004 in doubles; scalars are fixed-point to 3 decimals
    ['three-decimal arithmetic', 'cpus:0.3;mem:64', { cpus: 0.3, memMb: 64 }, 'cpus:0.3;mem:64'],
    ['a zero amount takes nothing of that kind', 'mem:64', { cpus: 0, memMb: 64 }, 'mem:64'],
    ['gpus when it wants them', 'cpus:1;mem:64;gpus:2', { ...small, memMb: 64, gpus: 1 }, 'cpus:0.5;gpus:1;mem:64'],
  ])('%s', (_what, resources, request, expected) => {
    expect(taken(matchOffer(offer(resources), request))).toBe(expected);
  });

  it('takes revocable resources only when allowed, only when regular ones fall short, never mixing one kind', () => {
    const lent = offer('cpus:0.25;mem:1024', { extraResources: revocable('cpus:2') });
    // regular cpus 0.25 < 1: without useRevocable it does not fit
    expect(reasons(matchOffer(lent, { cpus: 1, memMb: 128 }))).toEqual(['InsufficientCpus']);
    // with it, all 1 cpu from the lent 2 (not 0.25 regular + 0.75 lent); mem from regular
    const result = matchOffer(lent, { cpus: 1, memMb: 128, useRevocable: true });
    expect(result.fits && result.resources).toEqual([
      { name: 'cpus', type: 'scalar', scalar: 1, revocable: true },
      { name: 'mem', type: 'scalar', scalar: 128 },
    ]);
    // regular resources come first when they suffice
    expect(taken(matchOffer(lent, { cpus: 0.25, memMb: 128, useRevocable: true }))).toBe('cpus:0.25;mem:128');
  });

  it('leaves the rest of the offer as remaining', () => {
    const result = matchOffer(offer('cpus:2;mem:1024;ports:[31000-31009]'), { ...small, portCount: 2 });
    // cpus 2 − 0.5 = 1.5; mem 1024 − 128 = 896; ports 31000, 31001 taken
    expect(result.fits && formatResources(result.remaining)).toBe('cpus:1.5;mem:896;ports:[31002-31009]');
  });
});

describe('matchOffer: ports', () => {
  it.each<[string, string, TaskRequest, number[] | NoMatchReason]>([
    [
      'the lowest free ones',
      'cpus:1;mem:256;ports:[31000-31002,32000-32005]',
      { ...small, portCount: 4 },
      [31000, 31001, 31002, 32000],
    ],
    [
      'the required ones',
      'cpus:1;mem:256;ports:[31000-31010]',
      { ...small, requiredPorts: [31007, 31003] },
      [31003, 31007],
    ],
    // 31000 is required, so the two others are the lowest besides it: 31001, 31002
    [
      'required, and more besides',
      'cpus:1;mem:256;ports:[31000-31010]',
      { ...small, requiredPorts: [31000], portCount: 2 },
      [31000, 31001, 31002],
    ],
    [
      'a required port that is not offered',
      'cpus:1;mem:256;ports:[31000-31010]',
      { ...small, requiredPorts: [8080] },
      'InsufficientPorts',
    ],
    // 3 offered, 4 wanted
    ['more ports than offered', 'cpus:1;mem:256;ports:[31000-31002]', { ...small, portCount: 4 }, 'InsufficientPorts'],
    ['ports from no ports at all', 'cpus:1;mem:256', { ...small, portCount: 1 }, 'InsufficientPorts'],
  ])('%s', (_what, resources, request, expected) => {
    const result = matchOffer(offer(resources), request);
    if (typeof expected === 'string') expect(reasons(result)).toEqual([expected]);
    else expect(result.fits && result.ports).toEqual(expected);
  });

  it('keeps the reservation of the ports it takes, lowest first across reservations', () => {
    const result = matchOffer(offer('cpus:1;mem:256;ports:[31005-31006];ports(eng):[31000-31000]'), {
      ...small,
      portCount: 2,
    });
    expect(result.fits && formatResources(result.resources)).toBe('cpus:0.5;mem:128;ports:[31005];ports(eng):[31000]');
    expect(result.fits && result.ports).toEqual([31000, 31005]);
  });
});

describe('matchOffer: every reason that applies', () => {
  it.each<[string, string, TaskRequest, { hostname?: string; attributes?: string } | undefined, NoMatchReason[]]>([
    // 4 > 2 cpus, 2048 > 1024 MB, 10 > 0 MB disk
    [
      'short of three kinds',
      'cpus:2;mem:1024',
      { cpus: 4, memMb: 2048, diskMb: 10 },
      undefined,
      ['InsufficientCpus', 'InsufficientMemory', 'InsufficientDisk'],
    ],
    ['gpus it lacks', 'cpus:2;mem:1024', { ...small, gpus: 1 }, undefined, ['InsufficientGpus']],
    ['a GPU agent for a task without GPUs', 'cpus:2;mem:1024;gpus:1', small, undefined, ['DeclinedScarceResources']],
    ['a role it may not use', 'cpus:2;mem:1024', { ...small, roles: ['ops'] }, undefined, ['UnfulfilledRole']],
    // everything is reserved to eng; it accepts unreserved only, so it gets no cpus nor mem either
    [
      'nothing it may take',
      'cpus(eng):2;mem(eng):1024',
      { ...small, acceptedResourceRoles: ['*'] },
      undefined,
      ['UnfulfilledRole', 'InsufficientCpus', 'InsufficientMemory'],
    ],
    [
      'a constraint and a shortage together',
      'cpus:0.1;mem:1024',
      { ...small, constraints: [{ field: 'rack', operator: 'IS', value: 'r2' }] },
      { attributes: 'rack:r1' },
      ['UnfulfilledConstraint', 'InsufficientCpus'],
    ],
  ])('%s', (_what, resources, request, agentFields, expected) => {
    expect(reasons(matchOffer(offer(resources, agentFields), request))).toEqual(expected);
  });

  it('says what was wanted and what was there', () => {
    const result = matchOffer(offer('cpus:1.5;mem:1024', { hostname: 'host-b' }), {
      cpus: 2,
      memMb: 64,
      constraints: [{ field: 'hostname', operator: 'CLUSTER', value: 'host-a' }],
    });
    expect(result.fits ? [] : result.rejections.map((r) => r.message)).toEqual([
      '["hostname","CLUSTER","host-a"] not met on "host-b"',
      'wants 2 cpus; the offer has 1.5 the task may use',
    ]);
  });

  it('lets a GPU agent run tasks without GPUs when told to', () => {
    const gpuAgent = offer('cpus:2;mem:1024;gpus:1');
    expect(matchOffer(gpuAgent, small, { declineScarceResources: false }).fits).toBe(true);
  });

  it('checks constraints against the placed siblings', () => {
    const unique = { ...small, constraints: [{ field: 'hostname', operator: 'UNIQUE' as const }] };
    expect(matchOffer(offer('cpus:2;mem:1024'), unique, { placed: [agent('host-b')] }).fits).toBe(true);
    expect(reasons(matchOffer(offer('cpus:2;mem:1024'), unique, { placed: [agent('host-a')] }))).toEqual([
      'UnfulfilledConstraint',
    ]);
  });

  it('throws for a request that is not valid (a caller bug), naming the problems', () => {
    expect(() => matchOffer(offer('cpus:1'), { cpus: -1, memMb: Number.NaN })).toThrow(InvalidTaskRequestError);
    expect(() => matchOffer(offer('cpus:1'), { cpus: -1, memMb: 0 })).toThrow(/cpus must be a finite number >= 0/);
  });
});

describe('packOffer', () => {
  it('packs as many as fit, in order, and returns the rest', () => {
    // 2 cpus / 0.5 = 4 tasks; 1024 MB / 128 = 8: cpus run out first, after 4
    const result = packOffer(
      offer('cpus:2;mem:1024'),
      Array.from({ length: 6 }, () => small),
    );
    expect(result.launches.map((l) => l.index)).toEqual([0, 1, 2, 3]);
    expect(result.rejected.map((r) => [r.index, r.rejections.map((x) => x.reason)])).toEqual([
      [4, ['InsufficientCpus']],
      [5, ['InsufficientCpus']],
    ]);
    // mem 1024 − 4 × 128 = 512
    expect(formatResources(result.remaining)).toBe('mem:512');
  });

  it('skips a request that does not fit and packs smaller ones after it (first fit)', () => {
    const big: TaskRequest = { cpus: 1.5, memMb: 128 };
    // 2 cpus: small (0.5) leaves 1.5; big takes it; the next small finds 0
    const result = packOffer(offer('cpus:2;mem:1024'), [big, small, big, small]);
    expect(result.launches.map((l) => l.index)).toEqual([0, 1]);
    expect(result.rejected.map((r) => r.index)).toEqual([2, 3]);
  });

  it('gives each launch its own ports', () => {
    const web: TaskRequest = { ...small, portCount: 2 };
    const result = packOffer(offer('cpus:2;mem:1024;ports:[31000-31004]'), [web, web, web]);
    // 5 ports: 2 + 2, then 1 left for the third
    expect(result.launches.map((l) => l.ports)).toEqual([
      [31000, 31001],
      [31002, 31003],
    ]);
    expect(result.rejected.map((r) => r.rejections.map((x) => x.reason))).toEqual([['InsufficientPorts']]);
  });

  it('counts the launches of a group as placed siblings for its later requests', () => {
    const perHost: TaskRequest = {
      ...small,
      group: 'app',
      constraints: [{ field: 'hostname', operator: 'MAX_PER', value: '2' }],
    };
    const other: TaskRequest = { ...perHost, group: 'other-app' };
    const result = packOffer(offer('cpus:4;mem:1024'), [perHost, perHost, perHost, other], {
      placed: new Map([['other-app', [agent('host-a')]]]),
    });
    // app: 2 on host-a at most; other-app: 1 already there, 1 more allowed
    expect(result.launches.map((l) => l.index)).toEqual([0, 1, 3]);
    expect(result.rejected.map((r) => [r.index, r.rejections[0]?.reason])).toEqual([[2, 'UnfulfilledConstraint']]);
  });

  it('packCopies packs copies of one request until the first that does not fit', () => {
    // 2 cpus / 0.5 = 4 copies; the 5th is refused and the rest are not tried
    const result = packCopies(offer('cpus:2;mem:1024'), small, 10);
    expect(result.launches.map((l) => l.index)).toEqual([0, 1, 2, 3]);
    expect(result.rejected.map((r) => [r.index, r.rejections.map((x) => x.reason)])).toEqual([
      [4, ['InsufficientCpus']],
    ]);
    expect(packCopies(offer('cpus:2;mem:1024'), small, 3).rejected).toEqual([]);
    expect(() => packCopies(offer('cpus:2'), small, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('keeps tasks without GPUs off a GPU agent even once its GPUs are taken', () => {
    const gpuTask: TaskRequest = { ...small, gpus: 1 };
    const result = packOffer(offer('cpus:2;mem:1024;gpus:1'), [gpuTask, small]);
    expect(result.launches.map((l) => l.index)).toEqual([0]);
    expect(result.rejected.map((r) => r.rejections.map((x) => x.reason))).toEqual([['DeclinedScarceResources']]);
  });

  it('takes nothing for an empty list', () => {
    const whole = offer('cpus:2;mem:1024');
    expect(packOffer(whole, [])).toEqual({ launches: [], rejected: [], remaining: parseResources('cpus:2;mem:1024') });
  });
});
