import { describe, expect, it } from 'vitest';
import { createMemoryBus, MessageTooLargeError } from '../src/index.js';
import { collector, describeEventBusContract, text } from './contract.js';

describeEventBusContract('memory', async ({ logger }) => {
  const bus = createMemoryBus({ logger });
  return { bus, cleanup: () => bus.close() };
});

describe('MemoryEventBus', () => {
  it('never calls a handler inside publish', async () => {
    const bus = createMemoryBus();
    const received = collector();
    bus.subscribe('s', received.handler);
    const published = bus.publish('s', text('x'));
    expect(received.messages).toEqual([]);
    await published;
    await bus.flush();
    expect(received.texts()).toEqual(['x']);
  });

  it('resolves flush only after every handler for earlier messages has finished', async () => {
    const bus = createMemoryBus();
    const finished: string[] = [];
    bus.subscribe('s', async (message) => {
      await new Promise((resolve) => setImmediate(resolve));
      finished.push(new TextDecoder().decode(message.data));
    });
    await bus.publish('s', text('one'));
    await bus.publish('s', text('two'));
    await bus.flush();
    expect(finished).toEqual(['one', 'two']);
  });

  it('round-robins a queue group among its members', async () => {
    const bus = createMemoryBus();
    const a = collector();
    const b = collector();
    bus.subscribe('s', a.handler, { queue: 'q' });
    bus.subscribe('s', b.handler, { queue: 'q' });
    for (const value of ['1', '2', '3', '4']) {
      await bus.publish('s', text(value));
    }
    await bus.flush();
    expect(a.texts()).toEqual(['1', '3']);
    expect(b.texts()).toEqual(['2', '4']);
  });

  it('counts encoded headers towards maxPayloadBytes', async () => {
    const bus = createMemoryBus({ maxPayloadBytes: 40 });
    // "NATS/1.0\r\n" (10) + "k: vvvvvvvvvv\r\n" (15) + "\r\n" (2) = 27 header bytes, + 13 data bytes = 40.
    await bus.publish('s', new Uint8Array(13), { k: 'vvvvvvvvvv' });
    await expect(bus.publish('s', new Uint8Array(14), { k: 'vvvvvvvvvv' })).rejects.toBeInstanceOf(
      MessageTooLargeError,
    );
  });
});
