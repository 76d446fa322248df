/**
 * Following the leader of a group of processes (masters; Marathon or Chronos
 * instances) from the client side.
 *
 * The contract every follower keeps: a call it does not serve itself is
 * answered with status UNAVAILABLE, the `tessera-error` trailer
 * `NotLeaderError`, and — when it knows who leads — the leader's address in the
 * `tessera-leader` trailer (for a master: its gRPC address "host:port").
 */
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { isGrpcError } from './errors.js';

/** Trailer naming the leader's address in a follower's UNAVAILABLE answer. */
export const LEADER_TRAILER = 'tessera-leader';
/** The `tessera-error` value of a follower's refusal. */
export const NOT_LEADER_ERROR = 'NotLeaderError';

/**
 * Parses a list of addresses: "a:5050,b:5050" (commas, optional spaces).
 * Duplicates are dropped, order is kept. Throws on an empty list or an empty entry.
 */
export function parseAddressList(list: string): string[] {
  const entries = list.split(',').map((entry) => entry.trim());
  if (entries.length === 0 || entries.some((entry) => entry === '')) {
    throw new Error(`"${list}" is not a list of addresses: expected host:port[,host:port...]`);
  }
  return [...new Set(entries)];
}

/** A follower's refusal (UNAVAILABLE, NotLeaderError, the leader's address when known), for gRPC answers. */
export function notLeaderGrpcError(service: string, leader: string | undefined): Partial<ServiceError> {
  const metadata = new Metadata();
  metadata.set('tessera-error', NOT_LEADER_ERROR);
  if (leader !== undefined) metadata.set(LEADER_TRAILER, leader);
  const details =
    leader === undefined
      ? `this ${service} is not the leader, and no leader is known yet; try again shortly`
      : `this ${service} is not the leader; the leader is ${leader}`;
  return { code: status.UNAVAILABLE, details, message: details, metadata };
}

/** Whether `error` is a follower's refusal (UNAVAILABLE with NotLeaderError). */
export function isNotLeaderError(error: unknown): boolean {
  return (
    isGrpcError(error) &&
    error.code === status.UNAVAILABLE &&
    String(error.metadata?.get('tessera-error')[0] ?? '') === NOT_LEADER_ERROR
  );
}

/** The leader named by a follower's refusal, or undefined (another error, or the follower knows no leader). */
export function leaderNamedBy(error: unknown): string | undefined {
  if (!isNotLeaderError(error)) return undefined;
  const named = (error as ServiceError).metadata?.get(LEADER_TRAILER)[0];
  return named === undefined || String(named) === '' ? undefined : String(named);
}

/**
 * Which of several addresses to talk to. Starts at the first; after a failed
 * attempt `failed(error)` moves to the leader a follower named (adding it to the
 * list if it was not there: a leader may advertise an address the client was not
 * given), or else to the next address in turn. Not thread-safe; one per client.
 */
export class LeaderEndpoints {
  private readonly list: string[];
  private index = 0;

  /** `addresses`: a list as parsed by `parseAddressList`, or the unparsed string. */
  constructor(addresses: string | readonly string[]) {
    this.list = typeof addresses === 'string' ? parseAddressList(addresses) : [...new Set(addresses)];
    if (this.list.length === 0) throw new Error('no address given');
  }

  /** The address to try now. */
  get current(): string {
    return this.list[this.index] as string;
  }

  /** Every known address, in order (those given, then leaders learnt). */
  get all(): readonly string[] {
    return this.list;
  }

  /** The addresses as given, for messages ("a:5050,b:5050"). */
  toString(): string {
    return this.list.join(',');
  }

  /**
   * An attempt at `current` failed with `error`: moves to the leader it names, if
   * any, otherwise to the next address. Returns the new current address (which
   * may be the same when only one is known).
   */
  failed(error?: unknown): string {
    const leader = leaderNamedBy(error);
    if (leader !== undefined) this.moveTo(leader);
    else this.index = (this.index + 1) % this.list.length;
    return this.current;
  }

  /** Points at `address` (e.g. the leader a MasterInfo names); adds it when new. */
  moveTo(address: string): void {
    const known = this.list.indexOf(address);
    if (known >= 0) this.index = known;
    else {
      this.list.push(address);
      this.index = this.list.length - 1;
    }
  }
}
