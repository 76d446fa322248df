import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import {
  isNotLeaderError,
  LeaderEndpoints,
  leaderNamedBy,
  notLeaderGrpcError,
  parseAddressList,
} from '../src/leader-endpoints.js';

/** A ServiceError as grpc-js hands it to a client. */
function answered(partial: { code: number; details?: string; metadata?: Metadata }): Error {
  return Object.assign(new Error(partial.details ?? ''), { details: '', metadata: new Metadata(), ...partial });
}

describe('parseAddressList', () => {
  it.each([
    ['a:1', ['a:1']],
    ['a:1,b:2', ['a:1', 'b:2']],
    [' a:1 , b:2 ', ['a:1', 'b:2']],
    ['a:1,b:2,a:1', ['a:1', 'b:2']],
  ])('%j → %j', (list, expected) => {
    expect(parseAddressList(list)).toEqual(expected);
  });

  it.each(['', ',', 'a:1,,b:2', 'a:1,'])('refuses %j', (list) => {
    expect(() => parseAddressList(list)).toThrow(/not a list of addresses/);
  });
});

describe("a follower's refusal", () => {
  it('is UNAVAILABLE with NotLeaderError and names the leader when known', () => {
    const known = answered(notLeaderGrpcError('master', 'b:5050') as { code: number; metadata: Metadata });
    expect(isNotLeaderError(known)).toBe(true);
    expect(leaderNamedBy(known)).toBe('b:5050');
    expect(known.message).toMatch(/the leader is b:5050/);

    const unknown = answered(notLeaderGrpcError('master', undefined) as { code: number; metadata: Metadata });
    expect(isNotLeaderError(unknown)).toBe(true);
    expect(leaderNamedBy(unknown)).toBeUndefined();
  });

  it('is not confused with another UNAVAILABLE (a process that is down) or other errors', () => {
    expect(isNotLeaderError(answered({ code: status.UNAVAILABLE, details: 'connection refused' }))).toBe(false);
    expect(isNotLeaderError(new Error('x'))).toBe(false);
    const metadata = new Metadata();
    metadata.set('tessera-leader', 'b:5050');
    expect(leaderNamedBy(answered({ code: status.INVALID_ARGUMENT, metadata }))).toBeUndefined();
  });
});

describe('LeaderEndpoints', () => {
  const refusal = (leader: string | undefined): Error =>
    answered(notLeaderGrpcError('master', leader) as { code: number; metadata: Metadata });

  it('starts at the first address and goes round the list on failures that name no leader', () => {
    const endpoints = new LeaderEndpoints('a:1,b:2,c:3');
    expect(endpoints.current).toBe('a:1');
    expect(endpoints.failed(new Error('refused'))).toBe('b:2');
    expect(endpoints.failed(refusal(undefined))).toBe('c:3');
    expect(endpoints.failed()).toBe('a:1');
  });

  it('goes to the leader a follower names, learning an address it was not given', () => {
    const endpoints = new LeaderEndpoints(['a:1', 'b:2']);
    expect(endpoints.failed(refusal('b:2'))).toBe('b:2');
    expect(endpoints.failed(refusal('z:9'))).toBe('z:9');
    expect(endpoints.all).toEqual(['a:1', 'b:2', 'z:9']);
    expect(endpoints.failed()).toBe('a:1');
    endpoints.moveTo('z:9');
    expect(endpoints.current).toBe('z:9');
    expect(String(endpoints)).toBe('a:1,b:2,z:9');
  });

  it('stays on a single address', () => {
    const endpoints = new LeaderEndpoints('a:1');
    expect(endpoints.failed(new Error('refused'))).toBe('a:1');
  });
});
