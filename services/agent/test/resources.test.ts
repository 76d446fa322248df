import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatResources, ResourceParseError, scalarOf } from '@tessera/domain';
import {
  cgroupAncestry,
  computeAgentResources,
  cpusFromCfsQuota,
  cpusFromCpuMax,
  detectedResources,
  gpuCountFromNvidiaSmi,
  machineFacts,
  memBytesFromLimit,
  parseProcCgroup,
  type CgroupLimits,
  type MachineFacts,
} from '../src/core/resources.js';

const MIB = 1024 * 1024;

const machine: MachineFacts = { cpuCount: 8, memTotalMb: 16_384, diskTotalMb: 100_000 };

describe('detectedResources', () => {
  it.each([
    // mem: 16384 − min(1024, 8192) = 15360; disk: 100000 − min(5120, 50000) = 94880
    [{ cpuCount: 8, memTotalMb: 16_384, diskTotalMb: 100_000 }, 'cpus:8;disk:94880;mem:15360;ports:[31000-32000]'],
    // small machine: mem 1536 − min(1024, 768) = 768; disk 6000 − min(5120, 3000) = 3000
    [{ cpuCount: 1, memTotalMb: 1536, diskTotalMb: 6000 }, 'cpus:1;disk:3000;mem:768;ports:[31000-32000]'],
    // odd sizes round down to whole MB: mem 1001 − 500.5 = 500.5 → 500
    [{ cpuCount: 2, memTotalMb: 1001, diskTotalMb: 0 }, 'cpus:2;mem:500;ports:[31000-32000]'],
    // a cpu quota: fractional cpus
    [{ cpuCount: 1.5, memTotalMb: 2048, diskTotalMb: 0 }, 'cpus:1.5;mem:1024;ports:[31000-32000]'],
    // GPUs only when there are some
    [{ cpuCount: 8, memTotalMb: 16_384, diskTotalMb: 0, gpuCount: 2 }, 'cpus:8;gpus:2;mem:15360;ports:[31000-32000]'],
    [{ cpuCount: 8, memTotalMb: 16_384, diskTotalMb: 0, gpuCount: 0 }, 'cpus:8;mem:15360;ports:[31000-32000]'],
  ])('%o → %s', (facts, expected) => {
    expect(formatResources(detectedResources(facts))).toBe(expected);
  });
});

describe('computeAgentResources', () => {
  it.each([
    ['', 'cpus:8;disk:94880;mem:15360;ports:[31000-32000]'],
    // a named resource replaces the detected one
    ['cpus:2;mem:512', 'cpus:2;disk:94880;mem:512;ports:[31000-32000]'],
    ['ports:[8000-8010]', 'cpus:8;disk:94880;mem:15360;ports:[8000-8010]'],
    // a static reservation: the text is authoritative for cpus (Mesos semantics)
    ['cpus(eng):2', 'cpus(eng):2;disk:94880;mem:15360;ports:[31000-32000]'],
    ['cpus:6;cpus(eng):2', 'cpus:6;cpus(eng):2;disk:94880;mem:15360;ports:[31000-32000]'],
    // zero still overrides: the agent offers no disk
    ['disk:0', 'cpus:8;mem:15360;ports:[31000-32000]'],
    // names the agent does not detect are added
    ['gpus:1;disks:{sda,sdb}', 'cpus:8;disks:{sda,sdb};disk:94880;gpus:1;mem:15360;ports:[31000-32000]'],
  ])('%s', (text, expected) => {
    expect(formatResources(computeAgentResources(machine, text))).toBe(expected);
  });

  it.each([
    ['cpus:two', 5],
    ['cpus:1;mem', 7],
    ['cpus:[1-2]', 0],
    ['cpus:1; ports:5', 8],
    ['cpus(eng/..):1', 5],
  ])('rejects %s at position %i', (text, position) => {
    let caught: unknown;
    try {
      computeAgentResources(machine, text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ResourceParseError);
    expect((caught as ResourceParseError).position).toBe(position);
  });

  it('never offers more memory or disk than the machine has, nor less than half of it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 256 }), fc.nat(4_000_000), fc.nat(100_000_000), (cpuCount, mem, disk) => {
        const resources = detectedResources({ cpuCount, memTotalMb: mem, diskTotalMb: disk });
        expect(scalarOf(resources, 'cpus')).toBe(cpuCount);
        expect(scalarOf(resources, 'mem')).toBeLessThanOrEqual(mem);
        expect(scalarOf(resources, 'mem')).toBeGreaterThanOrEqual(Math.floor(mem / 2));
        expect(scalarOf(resources, 'disk')).toBeLessThanOrEqual(disk);
        expect(scalarOf(resources, 'disk')).toBeGreaterThanOrEqual(Math.floor(disk / 2));
      }),
    );
  });
});

describe('machineFacts', () => {
  const measured = { logicalCpus: 8, memPhysicalBytes: 16_384 * MIB, diskTotalBytes: 100_000 * MIB, gpuCount: 0 };
  it.each<[string, CgroupLimits[], number, number]>([
    ['no cgroup limits', [], 8, 16_384],
    // 150000 / 100000 µs of cpu quota
    ['a cpu quota of 1.5', [{ cpus: 1.5 }], 1.5, 16_384],
    // 1/3 → 0.333 (rounded down: never more than the quota); 0.3 stays 0.3 despite 0.3 × 1000 = 299.99…
    ['a cpu quota of 1/3', [{ cpus: 1 / 3 }], 0.333, 16_384],
    ['a cpu quota of 0.3', [{ cpus: 0.3 }], 0.3, 16_384],
    ['a quota above the machine', [{ cpus: 32, memBytes: 64 * 1024 * MIB }], 8, 16_384],
    // the tightest of the cgroup and its ancestors
    ['nested limits', [{ memBytes: 2048 * MIB }, { cpus: 4, memBytes: 512 * MIB + 1 }, { cpus: 2 }], 2, 512],
  ])('%s', (_name, cgroupLimits, cpuCount, memTotalMb) => {
    expect(machineFacts({ ...measured, cgroupLimits })).toEqual({
      cpuCount,
      memTotalMb,
      diskTotalMb: 100_000,
      gpuCount: 0,
    });
  });

  it('never offers more cpus or memory than the machine or any cgroup limit', () => {
    const limits = fc.array(
      fc.record(
        { cpus: fc.double({ min: 0.001, max: 512, noNaN: true }), memBytes: fc.nat(2 ** 45) },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 256 }),
        fc.nat(2 ** 45),
        limits,
        (logicalCpus, memPhysicalBytes, cgroupLimits) => {
          const facts = machineFacts({ logicalCpus, memPhysicalBytes, diskTotalBytes: 0, cgroupLimits, gpuCount: 0 });
          for (const bound of [logicalCpus, ...cgroupLimits.map((limit) => limit.cpus ?? Infinity)]) {
            expect(facts.cpuCount).toBeLessThanOrEqual(bound);
          }
          for (const bound of [memPhysicalBytes, ...cgroupLimits.map((limit) => limit.memBytes ?? Infinity)]) {
            expect(facts.memTotalMb * MIB).toBeLessThanOrEqual(bound);
          }
        },
      ),
    );
  });
});

describe('reading cgroup files', () => {
  it('parseProcCgroup', () => {
    expect(parseProcCgroup('12:pids:/a\n3:cpu,cpuacct:/a/b\n1:name=systemd:/\n0::/x.slice\nbroken\n')).toEqual([
      { hierarchyId: 12, controllers: ['pids'], path: '/a' },
      { hierarchyId: 3, controllers: ['cpu', 'cpuacct'], path: '/a/b' },
      { hierarchyId: 1, controllers: ['name=systemd'], path: '/' },
      { hierarchyId: 0, controllers: [], path: '/x.slice' },
    ]);
  });

  it.each([
    ['/', ['/']],
    ['/a/b', ['/', '/a', '/a/b']],
  ])('cgroupAncestry(%s)', (path, expected) => {
    expect(cgroupAncestry(path)).toEqual(expected);
  });

  it.each<[number | undefined, number | undefined, number | undefined]>([
    [-1, 100_000, undefined], // v1's "no quota"
    [150_000, 100_000, 1.5],
    [50_000, 100_000, 0.5],
    [undefined, 100_000, undefined],
  ])('cpusFromCfsQuota(%s, %s) = %s', (quota, period, cpus) => {
    expect(cpusFromCfsQuota(quota, period)).toBe(cpus);
  });

  it.each([
    ['max 100000\n', undefined],
    ['150000 100000\n', 1.5],
    ['200000 50000', 4],
    ['', undefined],
    [undefined, undefined],
  ])('cpusFromCpuMax(%j) = %s', (text, cpus) => {
    expect(cpusFromCpuMax(text)).toBe(cpus);
  });

  it.each([
    ['max\n', undefined],
    ['9223372036854771712\n', undefined], // v1's "no limit"
    ['536870912\n', 512 * MIB],
    ['garbage', undefined],
    [undefined, undefined],
  ])('memBytesFromLimit(%j) = %s', (text, bytes) => {
    expect(memBytesFromLimit(text)).toBe(bytes);
  });

  it.each([
    ['0\n1\n', 2],
    ['0\n', 1],
    ['', 0],
    ['\n', 0],
  ])('gpuCountFromNvidiaSmi(%j) = %d', (stdout, count) => {
    expect(gpuCountFromNvidiaSmi(stdout)).toBe(count);
  });
});
