/**
 * The CLI given several masters: its operator and state commands reach the
 * leader through followers and dead addresses, and its messages name the list.
 * Fake Operator services over real gRPC; no fixed sleeps.
 */
import * as grpc from '@grpc/grpc-js';
import { LeaderUnreachableError, describeAnswer } from '@tessera/client';
import { tesseraGrpc, type v1 } from '@tessera/proto';
import { notLeaderGrpcError } from '@tessera/runtime';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { operatorCall } from '../src/master-calls.js';
import { printState } from '../src/state-commands.js';
import { userMessage } from '../src/user-errors.js';

/** A gRPC error as grpc-js hands it to a client. */
function grpcError(code: grpc.status, details: string, metadata = new grpc.Metadata()): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata });
}

function notLeader(leader: string | undefined): grpc.ServiceError {
  const refusal = notLeaderGrpcError('master', leader);
  return grpcError(refusal.code as grpc.status, refusal.details ?? '', refusal.metadata);
}

interface FakeOperator {
  readonly address: string;
  /** Every call, by method name. */
  readonly calls: { method: string; request: unknown }[];
  stop(): void;
}

const servers: FakeOperator[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.stop();
  vi.restoreAllMocks();
});

/** A master's Operator API: the leader answers GetAgents and SetQuota; a follower (`follows` set) refuses everything. */
async function operator(follows?: { leader: string | undefined }): Promise<FakeOperator> {
  const server = new grpc.Server();
  const calls: { method: string; request: unknown }[] = [];
  const answers: Record<string, unknown> = {
    GetAgents: { agents: [{ info: { id: { value: 'agent-1' }, hostname: 'h1' }, status: 'ACTIVE' }] },
    SetQuota: {},
  };
  const definition = tesseraGrpc().tessera.v1.Operator.service;
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const method of Object.keys(definition)) {
    implementation[method] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      calls.push({ method, request: call.request });
      if (follows !== undefined) return callback(notLeader(follows.leader));
      callback(null, answers[method] ?? {});
    };
  }
  server.addService(definition, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  const fake = { address: `127.0.0.1:${port}`, calls, stop: () => server.forceShutdown() };
  servers.push(fake);
  return fake;
}

async function deadAddress(): Promise<string> {
  const gone = await operator();
  gone.stop();
  return gone.address;
}

describe('operator and state commands with several masters', () => {
  it('`tessera agents` lists the leader’s agents past a dead master and a follower', async () => {
    const leader = await operator();
    const follower = await operator({ leader: leader.address });
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    await printState('agents', `${await deadAddress()},${follower.address}`, true);
    expect(JSON.parse(written.join(''))).toEqual([expect.objectContaining({ status: 'ACTIVE' })]);
    expect(follower.calls.map((c) => c.method)).toEqual(['GetAgents']);
    expect(leader.calls.map((c) => c.method)).toEqual(['GetAgents']);
  });

  it('sends a change to the leader only', async () => {
    const leader = await operator();
    const follower = await operator({ leader: leader.address });
    await operatorCall<v1.SetQuotaRequest, v1.SetQuotaResponse__Output>(
      [follower.address, leader.address],
      (client) => client.SetQuota,
      { quota: { role: 'eng', guarantee: [], limit: [] } },
    );
    expect(leader.calls).toEqual([
      { method: 'SetQuota', request: expect.objectContaining({ quota: expect.anything() }) },
    ]);
    expect(follower.calls).toHaveLength(1);
  });

  it('says it cannot reach any master of the list when none answers', async () => {
    const masters = `${await deadAddress()},${await deadAddress()}`;
    const error = await printState('agents', masters, false).catch((e: unknown) => e);
    expect(userMessage(error, masters)).toBe(
      `cannot reach any master at ${masters} — are they running? start one with \`tessera up\``,
    );
  });
});

describe('userMessage with several masters', () => {
  const unavailable = grpcError(grpc.status.UNAVAILABLE, 'No connection established');
  const attempt = (address: string, error: Error) => ({ address, error, answered: describeAnswer(error) });

  it.each([
    [
      'one master that cannot be reached (as before)',
      new LeaderUnreachableError('master', [attempt('127.0.0.1:1', unavailable)]),
      '127.0.0.1:1',
      'cannot reach the master at 127.0.0.1:1 — is it running? start one with `tessera up`',
    ],
    [
      'one master that did not answer in time (as before)',
      new LeaderUnreachableError('master', [
        attempt(
          'a:1',
          grpcError(grpc.status.DEADLINE_EXCEEDED, 'Deadline exceeded after 10.002s,remote_addr=127.0.0.1:5050'),
        ),
      ]),
      'a:1',
      'the master at a:1 did not answer in time',
    ],
    [
      'several masters none of which can be reached',
      new LeaderUnreachableError('master', [attempt('a:1', unavailable), attempt('b:2', unavailable)]),
      'a:1,b:2',
      'cannot reach any master at a:1,b:2 — are they running? start one with `tessera up`',
    ],
    [
      'a dead master and a follower that knows no leader',
      new LeaderUnreachableError('master', [attempt('a:1', unavailable), attempt('b:2', notLeader(undefined))]),
      'a:1,b:2',
      'no master leader answered: a:1 cannot be reached (No connection established); b:2 is not the leader and knows no leader yet — if a leader is being elected, try again shortly',
    ],
    [
      'one follower that knows no leader',
      notLeader(undefined),
      'a:1',
      'the master at a:1 is not the leader and knows no leader yet — try again shortly, or name every master: --master a:5050,b:5050',
    ],
    [
      'a list, unreachable (the first subscription of `tessera run`)',
      unavailable,
      'a:1,b:2',
      'cannot reach any master at a:1,b:2 — are they running? start one with `tessera up`',
    ],
  ])('%s', (_, error, masters, message) => {
    expect(userMessage(error, masters)).toBe(message);
  });
});
