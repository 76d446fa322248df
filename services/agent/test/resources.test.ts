import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatResources, ResourceParseError, scalarOf } from '@tessera/domain';
import { computeAgentResources, detectedResources, type MachineFacts } from '../src/core/resources.js';

const machine: MachineFacts = { cpuCount: 8, memTotalMb: 16_384, diskTotalMb: 100_000 };

describe('detectedResources', () => {
  it.each([
    // mem: 16384 − min(1024, 8192) = 15360; disk: 100000 − min(5120, 50000) = 94880
    [{ cpuCount: 8, memTotalMb: 16_384, diskTotalMb: 100_000 }, 'cpus:8;disk:94880;mem:15360;ports:[31000-32000]'],
    // small machine: mem 1536 − min(1024, 768) = 768; disk 6000 − min(5120, 3000) = 3000
    [{ cpuCount: 1, memTotalMb: 1536, diskTotalMb: 6000 }, 'cpus:1;disk:3000;mem:768;ports:[31000-32000]'],
    // odd sizes round down to whole MB: mem 1001 − 500.5 = 500.5 → 500
    [{ cpuCount: 2, memTotalMb: 1001, diskTotalMb: 0 }, 'cpus:2;mem:500;ports:[31000-32000]'],
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
