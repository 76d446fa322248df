import { describe, expect, it } from 'vitest';
import { assignServicePorts, ServicePortsExhaustedError } from '../src/core/service-ports.js';
import { app, group } from './fixtures.js';

describe('service ports', () => {
  const root = group({
    id: '/',
    apps: [
      { id: '/a', cmd: 'x', portDefinitions: [{ port: 10000 }, { port: 10002 }] },
      { id: '/b', cmd: 'x', portDefinitions: [{ port: 10001 }] },
    ],
  });

  it('gives each port 0 the lowest port no other app uses, in definition order', () => {
    const [c] = assignServicePorts(root, [app({ id: '/c', cmd: 'x', portDefinitions: [{ port: 0 }, { port: 0 }] })]);
    expect(c?.portDefinitions.map((d) => d.port)).toEqual([10003, 10004]);
  });

  it('keeps given ports, and an app being changed may keep its own ports', () => {
    const changedA = app({ id: '/a', cmd: 'y', portDefinitions: [{ port: 0 }, { port: 10002 }] });
    const [a] = assignServicePorts(root, [changedA]);
    expect(a?.portDefinitions.map((d) => d.port)).toEqual([10000, 10002]);
    const untouched = app({ id: '/d', cmd: 'x', portDefinitions: [{ port: 12345 }] });
    expect(assignServicePorts(root, [untouched])[0]).toBe(untouched);
  });

  it('never gives one port twice in one call', () => {
    const apps = ['/c', '/d', '/e'].map((id) => app({ id, cmd: 'x' }));
    const ports = assignServicePorts(root, apps).flatMap((a) => a.portDefinitions.map((d) => d.port));
    expect(new Set(ports).size).toBe(3);
    expect(ports.every((port) => port >= 10003 && port < 20000)).toBe(true);
  });

  it('says so when the range is used up', () => {
    expect(() => assignServicePorts(root, [app({ id: '/c', cmd: 'x' })], { min: 10000, max: 10003 })).toThrow(
      ServicePortsExhaustedError,
    );
  });
});
