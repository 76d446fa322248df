import { parseResources } from '@tessera/domain';
import { resourcesFromProto } from '@tessera/proto';
import { describe, expect, it } from 'vitest';
import { buildTaskInfo, InvalidLaunchSpecError, matchOffer } from '../src/index.js';
import { offer } from './fixtures.js';

describe('buildTaskInfo', () => {
  const match = { resources: parseResources('cpus:0.1;mem:32'), ports: [] };

  it('builds a shell task with only what the spec has', () => {
    expect(buildTaskInfo({ taskId: 't-1', command: { shell: 'echo hi' } }, match)).toEqual({
      name: 't-1',
      taskId: { value: 't-1' },
      resources: [
        { name: 'cpus', type: 'SCALAR', scalar: 0.1, revocable: false },
        { name: 'mem', type: 'SCALAR', scalar: 32, revocable: false },
      ],
      command: { shell: true, value: 'echo hi' },
    });
  });

  it('builds an argv task (argv[0] kept, the program defaults to it) with everything else', () => {
    const task = buildTaskInfo(
      {
        taskId: 't-2',
        name: 'web',
        command: { argv: ['sh', '-c', 'exit 0'], program: '/bin/sh' },
        environment: { GREETING: 'hi' },
        uris: [{ value: 'file:///tmp/x.tgz', extract: true }],
        user: 'nobody',
        labels: { app: 'web' },
        killGracePeriodSeconds: 2,
        healthCheck: { protocol: 'HTTP', path: '/ping', portIndex: 1, intervalSeconds: 5 },
      },
      { resources: parseResources('cpus:0.1;mem:32;ports:[31000-31001]'), ports: [31000, 31001] },
    );
    expect(task.command).toEqual({
      shell: false,
      value: '/bin/sh',
      arguments: ['sh', '-c', 'exit 0'],
      environment: { variables: [{ name: 'GREETING', value: 'hi' }] },
      uris: [{ value: 'file:///tmp/x.tgz', executable: false, extract: true, cache: false }],
      user: 'nobody',
    });
    expect(task.name).toBe('web');
    expect(task.labels).toEqual([{ key: 'app', value: 'web' }]);
    expect(task.killPolicy).toEqual({ gracePeriodSeconds: 2 });
    // portIndex 1 is the second-lowest port: 31001
    expect(task.healthCheck).toEqual({
      type: 'HTTP',
      intervalSeconds: 5,
      http: { scheme: 'http', port: 31001, path: '/ping' },
    });
    expect(buildTaskInfo({ taskId: 'a', command: { argv: ['/bin/true'] } }, match).command).toEqual({
      shell: false,
      value: '/bin/true',
      arguments: ['/bin/true'],
    });
  });

  it('keeps the reservation and revocable flag of what the match took from the offer', () => {
    const lent = offer('cpus(eng):0.5;mem:64', {
      extraResources: [{ name: 'mem', type: 'scalar', scalar: 512, revocable: true }],
    });
    const result = matchOffer(lent, { cpus: 0.5, memMb: 128, useRevocable: true });
    if (!result.fits) throw new Error('expected a fit');
    const task = buildTaskInfo({ taskId: 't', command: { shell: 'true' } }, result);
    expect(resourcesFromProto(task.resources as never)).toEqual([
      { name: 'cpus', type: 'scalar', scalar: 0.5, reservation: { type: 'static', role: 'eng' } },
      { name: 'mem', type: 'scalar', scalar: 128, revocable: true },
    ]);
  });

  it('refuses, listing every problem, a spec it cannot build', () => {
    const build = () =>
      buildTaskInfo({ taskId: '', command: { shell: ' ' }, healthCheck: { protocol: 'TCP', portIndex: 0 } }, match);
    expect(build).toThrow(InvalidLaunchSpecError);
    expect(build).toThrow(
      'cannot build task "": the task ID is empty; the command is an empty shell line; the health check\'s portIndex 0 is not one of the task\'s 0 ports',
    );
  });
});
