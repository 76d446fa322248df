import { parseResources } from '@tessera/domain';
import { describe, expect, it } from 'vitest';
import { whyNoAgentFits } from '../src/task-fit.js';

const agent = (hostname: string, total: string) => ({ hostname, total: parseResources(total) });

describe('whyNoAgentFits', () => {
  const small = agent('small', 'cpus:2;mem:2048');
  const big = agent('big', 'cpus:8;mem:1024');
  const cases: [string, string, ReturnType<typeof agent>[], string | undefined][] = [
    ['one agent has room', 'cpus:1;mem:512', [small, big], undefined],
    ['no agent yet: one may register', 'cpus:64', [], undefined],
    [
      'no agent has that many cpus; the nearest has the most cpus',
      'cpus:64',
      [small, big],
      'no agent has cpus:64 (largest: cpus:8;mem:1024 on big); the task can never fit on any of the 2 agents',
    ],
    [
      // small has mem but not cpus, big has cpus but not mem: each entry exists somewhere, not together.
      'each resource exists, never together',
      'cpus:4;mem:2000',
      [small, big],
      'no agent has cpus:4;mem:2000 together (largest: cpus:8;mem:1024 on big); the task can never fit on any of the 2 agents',
    ],
    [
      'a resource no agent has at all',
      'cpus:1;gpus:1',
      [small],
      'no agent has gpus:1 (largest: cpus:2;mem:2048 on small); the task can never fit on the one agent',
    ],
  ];
  it.each(cases)('%s', (_what, needs, agents, expected) => {
    expect(whyNoAgentFits(parseResources(needs), agents)).toBe(expected);
  });
});
