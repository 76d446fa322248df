import type * as grpc from '@grpc/grpc-js';
import { tesseraGrpc, SERVICE_NAMES, type v1 } from '@tessera/proto';
import { createLogger, startGrpcServer, type RunningGrpcServer } from '@tessera/runtime';
import { waitFor } from '@tessera/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { AllocatorLink } from '../src/allocator-link.js';

const logger = createLogger('test', { level: 'silent' });

/** An allocator that records the snapshots it receives and answers each with SNAPSHOT_APPLIED. */
async function fakeAllocator(name: string, snapshots: string[]): Promise<RunningGrpcServer> {
  return startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    // Open streams are cut at once on shutdown (an allocator that dies).
    shutdownGraceMs: 50,
    services: [
      {
        name: SERVICE_NAMES.allocator,
        definition: tesseraGrpc().tessera.v1.Allocator.service,
        implementation: {
          Connect(stream: grpc.ServerDuplexStream<v1.AllocatorRequest__Output, v1.AllocatorResponse>) {
            stream.on('data', (request: v1.AllocatorRequest__Output) => {
              if (request.snapshot) {
                snapshots.push(name);
                stream.write({ snapshotApplied: { agents: 0, frameworks: 0 } });
              }
            });
            stream.on('end', () => stream.end());
          },
          Explain(_call: unknown, callback: grpc.sendUnaryData<v1.ExplainResponse>) {
            callback(null, {});
          },
        },
      },
    ],
  });
}

describe('the allocator link, given several allocators', () => {
  const servers: RunningGrpcServer[] = [];
  let link: AllocatorLink | undefined;
  afterEach(async () => {
    link?.close();
    for (const server of servers.splice(0)) await server.shutdown();
  });

  it('uses the first, moves to the next at once when its stream breaks, and sends it a full snapshot', async () => {
    const snapshots: string[] = [];
    const first = await fakeAllocator('first', snapshots);
    const second = await fakeAllocator('second', snapshots);
    servers.push(first, second);
    link = new AllocatorLink({
      address: `${first.address},${second.address}`,
      logger,
      snapshot: () => ({ agents: [], frameworks: [], quotas: [], weights: [], policies: [] }),
      onAllocations: () => undefined,
      onRevocations: () => undefined,
    });
    link.start();
    await waitFor(() => snapshots.length === 1, { what: 'the first allocator to get the snapshot' });
    expect(snapshots).toEqual(['first']);
    expect(link.address).toBe(first.address);

    // The first allocator goes away: the link takes the second (no backoff: another allocator is left).
    await first.shutdown();
    await waitFor(() => snapshots.length === 2, { what: 'the second allocator to get the snapshot' });
    expect(snapshots).toEqual(['first', 'second']);
    expect(link.address).toBe(second.address);
    expect(link.connected()).toBe(true);
  });
});
