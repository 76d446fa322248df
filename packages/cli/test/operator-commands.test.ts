import type * as grpc from '@grpc/grpc-js';
import { Command, Option } from 'commander';
import { masterConfigSchema, startMaster, type RunningMaster } from '@tessera/master';
import { tesseraGrpc, type v1 } from '@tessera/proto';
import { createGrpcClient, createLogger } from '@tessera/runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { operatorCommands } from '../src/operator-commands.js';

describe('tessera teardown and tessera kill', () => {
  let running: RunningMaster;
  let scheduler: grpc.Client;
  beforeAll(async () => {
    const config = masterConfigSchema.parse({ port: 0, httpPort: 0, allocator: '127.0.0.1:1', logLevel: 'silent' });
    running = await startMaster(config, {
      logger: createLogger('test', { level: 'silent' }),
      onDeposed: () => undefined,
    });
    await running.elected;
    scheduler = createGrpcClient(tesseraGrpc().tessera.v1.Scheduler, running.address) as unknown as grpc.Client;
  });
  afterAll(async () => {
    scheduler.close();
    await running.stop();
  });

  const tessera = async (...args: string[]): Promise<string> => {
    const program = new Command().exitOverride();
    operatorCommands(program, () => new Option('--master <address>').default(running.address));
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
      written.push(String(text));
      return true;
    });
    try {
      await program.parseAsync(args, { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    return written.join('');
  };

  it("kills a framework's task and tears the framework down through the Operator API", async () => {
    const stream = (
      scheduler as unknown as { Subscribe(request: v1.SubscribeRequest): grpc.ClientReadableStream<v1.Event__Output> }
    ).Subscribe({ frameworkInfo: { name: 'f', user: 'u', roles: ['eng'] } });
    const frameworkId = await new Promise<string>((resolve, reject) => {
      stream.on('data', (event: v1.Event__Output) => {
        if (event.subscribed) resolve(event.subscribed.frameworkId?.value ?? '');
      });
      stream.on('error', reject);
    });
    stream.on('error', () => undefined);
    expect(await tessera('kill', frameworkId, 'no-such-task')).toBe(
      `kill of task no-such-task of framework ${frameworkId} sent\n`,
    );
    expect(await tessera('teardown', frameworkId)).toBe(`framework ${frameworkId} torn down\n`);
    expect(running.master()?.frameworks.has(frameworkId)).toBe(false);
    await expect(tessera('teardown', frameworkId)).rejects.toThrow(/unknown framework/);
  });
});
