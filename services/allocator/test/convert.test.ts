import { InvalidResourceError, type v1 } from '@tessera/proto';
import { describe, expect, it } from 'vitest';
import { explanationToProto, quotaFromProto, requestFromProto, revocationsResponse } from '../src/convert.js';
import { InvalidRequestError } from '../src/errors.js';

/** A request as the runtime decodes it (defaults filled in), with `overrides` on top. */
function request(overrides: Partial<v1.AllocatorRequest__Output>): v1.AllocatorRequest__Output {
  return { now: 0, ...overrides } as v1.AllocatorRequest__Output;
}

const recover = (filters: v1.Filters__Output | null, hasFilters: boolean): v1.AllocatorRequest__Output =>
  request({
    request: 'recover',
    now: 1700000000.5,
    recover: {
      frameworkId: { value: 'fw' },
      agentId: { value: 'agent' },
      role: 'web',
      resources: [
        { name: 'cpus', type: 'SCALAR', scalar: 1, ranges: [], set: [], reservation: null, revocable: false },
      ],
      filters,
      hasFilters,
    },
  });

describe('requestFromProto', () => {
  it.each([
    { name: 'no filter', filters: null, hasFilters: false, filter: undefined },
    {
      name: 'refuse_seconds 0 → default 5 s',
      filters: { refuseSeconds: 0 },
      hasFilters: true,
      filter: { refuseSeconds: 5 },
    },
    { name: 'explicit 30 s', filters: { refuseSeconds: 30 }, hasFilters: true, filter: { refuseSeconds: 30 } },
    { name: 'has_filters without a message → default', filters: null, hasFilters: true, filter: { refuseSeconds: 5 } },
  ])('recover with $name', ({ filters, hasFilters, filter }) => {
    const converted = requestFromProto(recover(filters, hasFilters));
    // 1 700 000 000.5 s → 1 700 000 000 500 ms
    expect(converted.nowMs).toBe(1_700_000_000_500);
    expect(converted.command).toMatchObject({
      kind: 'recover',
      frameworkId: 'fw',
      agentId: 'agent',
      role: 'web',
      filter,
    });
  });

  it('takes the time from the snapshot when the request carries none, and maps queue policies', () => {
    const converted = requestFromProto(
      request({
        request: 'snapshot',
        snapshot: {
          agents: [],
          frameworks: [],
          quotas: [],
          weights: [{ role: 'a', weight: 2 }],
          policies: [
            { role: 'a', policy: 'FIFO' },
            { role: 'b', policy: 'QUEUE_POLICY_UNSPECIFIED' },
          ],
          now: 10,
        },
      }),
    );
    expect(converted.nowMs).toBe(10_000);
    expect(converted.command).toMatchObject({
      kind: 'snapshot',
      snapshot: {
        weights: [{ role: 'a', weight: 2 }],
        policies: [
          { role: 'a', policy: 'fifo' },
          { role: 'b', policy: 'drf' },
        ],
      },
    });
  });

  it('refuses requests without a command or a required ID, and bad resources', () => {
    expect(() => requestFromProto(request({}))).toThrow(InvalidRequestError);
    expect(() =>
      requestFromProto(request({ request: 'agentRemoved', agentRemoved: { agentId: { value: '' } } })),
    ).toThrow('agent_removed.agent_id is required');
    expect(() =>
      requestFromProto(
        request({
          request: 'frameworkAdded',
          frameworkAdded: { info: null, suppressedRoles: [], active: true, subscriptionSequence: 1 },
        }),
      ),
    ).toThrow('framework_added.info is required');
    const bad = recover(null, false);
    bad.recover!.resources[0]!.scalar = -1;
    expect(() => requestFromProto(bad)).toThrow(InvalidResourceError);
  });
});

describe('explanationToProto', () => {
  it('turns ms into seconds and IDs into messages', () => {
    expect(
      explanationToProto({
        frameworkId: 'fw',
        summary: 'Framework fw gets no offers: declined.',
        reasons: [{ code: 'FILTERED', message: 'declined', agentIds: ['a1'], untilMs: 1_500, role: 'web' }],
      }),
    ).toEqual({
      summary: 'Framework fw gets no offers: declined.',
      reasons: [{ code: 'FILTERED', message: 'declined', agentIds: [{ value: 'a1' }], until: 1.5, role: 'web' }],
    });
  });
});

describe('quotaFromProto', () => {
  it('keeps a limit of 0 (none allowed), which normalization would drop as "unlimited"', () => {
    const scalar = (name: string, amount: number) => ({
      name,
      type: 'SCALAR' as const,
      scalar: amount,
      ranges: [],
      set: [],
      reservation: null,
      revocable: false,
    });
    const quota = quotaFromProto({
      role: 'r',
      guarantee: [scalar('mem', 64)],
      limit: [scalar('cpus', 0), scalar('mem', 128)],
    });
    expect(quota).toEqual({
      role: 'r',
      guarantee: [{ name: 'mem', type: 'scalar', scalar: 64 }],
      limit: [
        { name: 'mem', type: 'scalar', scalar: 128 },
        { name: 'cpus', type: 'scalar', scalar: 0 },
      ],
    });
  });
});

describe('revocationsResponse', () => {
  it('converts revocations to the wire', () => {
    expect(
      revocationsResponse([
        {
          frameworkId: 'fw',
          agentId: 'a1',
          role: 'batch',
          resources: [{ name: 'cpus', type: 'scalar', scalar: 2, revocable: true }],
          reason: 'the guarantee of role owner needs them back',
        },
      ]).revocations?.revocations,
    ).toEqual([
      {
        frameworkId: { value: 'fw' },
        agentId: { value: 'a1' },
        role: 'batch',
        resources: [expect.objectContaining({ name: 'cpus', type: 'SCALAR', scalar: 2, revocable: true })],
        reason: 'the guarantee of role owner needs them back',
      },
    ]);
  });
});
