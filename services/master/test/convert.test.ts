import { parseResources } from '@tessera/domain';
import { decodeMessage, encodeMessage, resourcesToProto, tesseraPackageDefinition, type v1 } from '@tessera/proto';
import { describe, expect, it } from 'vitest';
import {
  frameworkInfoFromProto,
  frameworkInfoToProto,
  statusFromProto,
  statusToProto,
  taskInfoFromProto,
  taskInfoToProto,
} from '../src/convert.js';
import type { TaskStatus } from '../src/core/index.js';

/** The JSON names (camelCase) of every field of a tessera.v1 message, from the loaded .proto files. */
function fieldsOf(typeName: string): string[] {
  const definition = tesseraPackageDefinition()[typeName] as unknown as { type: { field: { name: string }[] } };
  return definition.type.field.map((f) => f.name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())).sort();
}

const roundTrip = <T>(typeName: string, value: object): T => decodeMessage<T>(typeName, encodeMessage(typeName, value));

const agentStatus = roundTrip<v1.TaskStatus__Output>('tessera.v1.TaskStatus', {
  taskId: { value: 't-1' },
  state: 'TASK_FAILED',
  message: 'exited with 3',
  source: 'SOURCE_EXECUTOR',
  reason: 'REASON_COMMAND_EXECUTOR_FAILED',
  agentId: { value: 'a-1' },
  timestamp: 1_700_000_000.25,
  uuid: 'u-1',
  hasHealthy: true,
  healthy: false,
  hasExitCode: true,
  exitCode: 3,
  labels: [{ key: 'k', value: 'v' }],
});

const frameworkTask = roundTrip<v1.TaskInfo__Output>('tessera.v1.TaskInfo', {
  name: 'web',
  taskId: { value: 't-1' },
  resources: resourcesToProto(parseResources('cpus:0.5;mem:64;ports:[31000-31001]')),
  command: { value: 'sleep 1', shell: true },
  killPolicy: { gracePeriodSeconds: 7 },
  labels: [{ key: 'team', value: 'a' }],
});

describe('wire forms built by the master', () => {
  // NOTE: the builders list each field by hand (one shape, for fast encoding);
  // these tests fail when a field is added to the .proto and not to the builder.
  it('a TaskStatus carries every field of the message, whether the agent or the master made it', () => {
    const fromAgent = statusToProto(statusFromProto(agentStatus));
    const madeByMaster: TaskStatus = {
      taskId: 't-2',
      state: 'TASK_LOST',
      reason: 'REASON_AGENT_REMOVED',
      source: 'SOURCE_MASTER',
      message: 'gone',
      agentId: '',
      timestampSeconds: 5,
      uuid: '',
      wire: undefined,
    };
    expect(Object.keys(fromAgent).sort()).toEqual(fieldsOf('tessera.v1.TaskStatus'));
    expect(Object.keys(statusToProto(madeByMaster)).sort()).toEqual(fieldsOf('tessera.v1.TaskStatus'));
  });

  it("an agent's TaskStatus goes out as it came in", () => {
    expect(roundTrip('tessera.v1.TaskStatus', statusToProto(statusFromProto(agentStatus)))).toEqual(agentStatus);
  });

  it("a TaskInfo carries every field of the message and the framework's values, with the agent's ID", () => {
    const proto = taskInfoToProto(taskInfoFromProto(frameworkTask), 'a-9');
    expect(Object.keys(proto).sort()).toEqual(fieldsOf('tessera.v1.TaskInfo'));
    expect(roundTrip('tessera.v1.TaskInfo', proto)).toEqual({ ...frameworkTask, agentId: { value: 'a-9' } });
  });
});

describe('frameworkInfoToProto', () => {
  it("carries the framework's recorded principal, not the one its Subscribe sent (RunTask, the registry)", () => {
    const sent = frameworkInfoFromProto(
      roundTrip<v1.FrameworkInfo__Output>('tessera.v1.FrameworkInfo', { name: 'f', user: 'u', roles: ['a'] }),
    );
    expect(sent.principal).toBe('');
    // What Subscribe records: the caller's authenticated principal (core/frameworks.ts).
    const recorded = { ...sent, id: 'fw-1', principal: 'alice' };
    expect(frameworkInfoToProto(recorded)).toMatchObject({ id: { value: 'fw-1' }, principal: 'alice', name: 'f' });
    expect(
      frameworkInfoFromProto(roundTrip('tessera.v1.FrameworkInfo', frameworkInfoToProto(recorded))).principal,
    ).toBe('alice');
  });
});
