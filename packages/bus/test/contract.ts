import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@tessera/testkit';
import {
  BusUnavailableError,
  InvalidHeaderError,
  InvalidQueueGroupError,
  InvalidSubjectError,
  MessageTooLargeError,
  type BusLogger,
  type BusMessage,
  type EventBus,
} from '../src/index.js';

export interface EventBusUnderTest {
  bus: EventBus;
  cleanup(): Promise<void>;
}

export interface RecordedLog {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

export function recordingLogger(): BusLogger & { entries: RecordedLog[] } {
  const entries: RecordedLog[] = [];
  return {
    entries,
    info: (obj, msg) => entries.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => entries.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => entries.push({ level: 'error', obj, msg }),
  };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
export const text = (value: string): Uint8Array => encoder.encode(value);
export const textOf = (message: BusMessage): string => decoder.decode(message.data);

/** Collects what a subscription receives. */
export function collector(): { messages: BusMessage[]; handler: (message: BusMessage) => void; texts(): string[] } {
  const messages: BusMessage[] = [];
  return { messages, handler: (message) => void messages.push(message), texts: () => messages.map(textOf) };
}

/**
 * Subject patterns and whether each subject matches, with NATS semantics. The first matching subject of each
 * pattern doubles as the end marker that tells the test every earlier message has been seen.
 */
const wildcardTable: Array<{ pattern: string; matching: string[]; notMatching: string[] }> = [
  { pattern: 'a.b.c', matching: ['a.b.c'], notMatching: ['a.b', 'a.b.c.d', 'a.b.x', 'x.b.c'] },
  { pattern: 'a.*.c', matching: ['a.b.c', 'a.x.c'], notMatching: ['a.c', 'a.b.d', 'a.b.c.d', 'a.b.b.c'] },
  { pattern: 'a.>', matching: ['a.b', 'a.b.c.d'], notMatching: ['a', 'b.a', 'x.a.b'] },
  { pattern: 'a.*.>', matching: ['a.b.c', 'a.b.c.d'], notMatching: ['a', 'a.b', 'b.b.c'] },
  { pattern: '*', matching: ['a', 'b'], notMatching: ['a.b'] },
  { pattern: '*.*', matching: ['x.y'], notMatching: ['x', 'x.y.z'] },
  { pattern: '>', matching: ['a', 'a.b.c'], notMatching: [] },
];

/**
 * The behaviour every EventBus must have. `factory` is called once per test with a logger the bus must report handler
 * failures to, and must return a bus with no subscriptions.
 */
export function describeEventBusContract(
  name: string,
  factory: (options: { logger: BusLogger }) => Promise<EventBusUnderTest>,
): void {
  describe(`EventBus contract: ${name}`, () => {
    let subject: EventBusUnderTest;
    let bus: EventBus;
    let logger: ReturnType<typeof recordingLogger>;

    beforeEach(async () => {
      logger = recordingLogger();
      subject = await factory({ logger });
      bus = subject.bus;
    });

    afterEach(async () => {
      await subject.cleanup();
    });

    /** Subscribes and makes sure the subscription is in effect before anything is published. */
    async function subscribe(
      pattern: string,
      handler: (message: BusMessage) => void | Promise<void>,
      queue?: string,
    ): Promise<{ unsubscribe(): void }> {
      const subscription = bus.subscribe(pattern, handler, queue === undefined ? {} : { queue });
      await bus.flush();
      return subscription;
    }

    it('delivers data, subject and headers', async () => {
      const received = collector();
      await subscribe('agents.registered', received.handler);
      await bus.publish('agents.registered', text('a1'), { 'tessera-type': 'AgentRegistered', traceparent: 'x-1' });
      await bus.publish('agents.registered', text('a2'));
      await waitFor(() => received.messages.length === 2, { what: 'both messages' });
      expect(received.messages[0]).toEqual({
        subject: 'agents.registered',
        data: text('a1'),
        headers: { 'tessera-type': 'AgentRegistered', traceparent: 'x-1' },
      });
      expect(received.messages[1]).toEqual({ subject: 'agents.registered', data: text('a2'), headers: {} });
    });

    it('keeps header name case and trims values, like NATS', async () => {
      const received = collector();
      await subscribe('s', received.handler);
      await bus.publish('s', text('x'), { 'X-Mixed-Case': '  padded  ', lower: '' });
      await waitFor(() => received.messages.length === 1, { what: 'the message' });
      expect(received.messages[0]?.headers).toEqual({ 'X-Mixed-Case': 'padded', lower: '' });
    });

    it('gives each subscriber its own copy of the data', async () => {
      const first = collector();
      const second = collector();
      await subscribe('s', first.handler);
      await subscribe('s', second.handler);
      const data = text('abc');
      await bus.publish('s', data);
      data.fill(0);
      await waitFor(() => first.messages.length === 1 && second.messages.length === 1, { what: 'both copies' });
      first.messages[0]?.data.fill(1);
      expect(second.texts()).toEqual(['abc']);
    });

    it.each(wildcardTable)('matches $pattern like NATS', async ({ pattern, matching, notMatching }) => {
      const received = collector();
      await subscribe(pattern, received.handler);
      for (const candidate of [...notMatching, ...matching]) {
        await bus.publish(candidate, text(candidate));
      }
      const marker = matching[0] ?? '';
      await bus.publish(marker, text('end'));
      // Order is preserved per subscription, so once the marker arrived every earlier match has too.
      await waitFor(() => received.texts().includes('end'), { what: `the end marker on ${pattern}` });
      expect(received.texts()).toEqual([...matching, 'end']);
      expect(received.messages.map((message) => message.subject)).toEqual([...matching, marker]);
    });

    it('splits a queue group: each message to exactly one member, while plain subscribers get all', async () => {
      const memberA = collector();
      const memberB = collector();
      const everything = collector();
      await subscribe('jobs.*', memberA.handler, 'workers');
      await subscribe('jobs.*', memberB.handler, 'workers');
      await subscribe('jobs.>', everything.handler);
      const sent = Array.from({ length: 40 }, (_, index) => `job-${index}`);
      await Promise.all(sent.map((job) => bus.publish('jobs.run', text(job))));
      await waitFor(() => everything.messages.length === sent.length, { what: 'all jobs on the plain subscription' });
      await waitFor(() => memberA.messages.length + memberB.messages.length >= sent.length, {
        what: 'all jobs on the queue group',
      });
      await bus.flush();
      const queued = [...memberA.texts(), ...memberB.texts()];
      expect(queued.sort()).toEqual([...sent].sort());
      // With 40 messages, both members get some (NATS picks at random: one member getting all has odds 2^-39).
      expect(memberA.messages.length).toBeGreaterThan(0);
      expect(memberB.messages.length).toBeGreaterThan(0);
    });

    it('stops delivery on unsubscribe and leaves other subscriptions alone', async () => {
      const leaving = collector();
      const staying = collector();
      const subscription = await subscribe('s', leaving.handler);
      await subscribe('s', staying.handler);
      await bus.publish('s', text('one'));
      await waitFor(() => leaving.messages.length === 1 && staying.messages.length === 1, { what: 'first message' });
      subscription.unsubscribe();
      subscription.unsubscribe(); // idempotent
      await bus.publish('s', text('two'));
      await waitFor(() => staying.messages.length === 2, { what: 'second message on the remaining subscription' });
      await bus.flush();
      expect(leaving.texts()).toEqual(['one']);
    });

    it('delivers in publish order, one handler call at a time', async () => {
      const seen: number[] = [];
      let running = 0;
      let maxRunning = 0;
      await subscribe('ordered', async (message) => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        // Yield to the event loop so overlapping calls would show.
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(Number(textOf(message)));
        running -= 1;
      });
      const count = 100;
      await Promise.all(Array.from({ length: count }, (_, index) => bus.publish('ordered', text(String(index)))));
      await waitFor(() => seen.length === count, { what: `${count} ordered messages` });
      expect(seen).toEqual(Array.from({ length: count }, (_, index) => index));
      expect(maxRunning).toBe(1);
    });

    it('logs and survives handlers that throw or reject', async () => {
      const throwing: string[] = [];
      const rejecting: string[] = [];
      const healthy = collector();
      await subscribe('s', (message) => {
        throwing.push(textOf(message));
        throw new Error('handler exploded');
      });
      await subscribe('s', async (message) => {
        rejecting.push(textOf(message));
        throw new Error('handler rejected');
      });
      await subscribe('s', healthy.handler);
      await bus.publish('s', text('one'));
      await bus.publish('s', text('two'));
      await waitFor(() => healthy.messages.length === 2 && throwing.length === 2 && rejecting.length === 2, {
        what: 'every handler to see both messages',
      });
      await waitFor(() => logger.entries.filter((entry) => entry.level === 'error').length === 4, {
        what: 'four logged handler failures',
      });
      expect(logger.entries.find((entry) => entry.level === 'error')?.obj).toMatchObject({
        err: expect.any(Error),
        subject: 's',
      });
      // The bus still works afterwards.
      await bus.publish('s', text('three'));
      await waitFor(() => healthy.messages.length === 3, { what: 'a message after the failures' });
    });

    it.each(['', 'a..b', '.a', 'a.', 'a b', 'a\tb', 'a.*', 'a.>', '>', '*', 'a*'])(
      'rejects publishing to %j',
      async (bad) => {
        await expect(bus.publish(bad, text('x'))).rejects.toBeInstanceOf(InvalidSubjectError);
      },
    );

    it.each(['', 'a..b', 'a.', 'a b', 'a.>.b', '>.a', 'a*', 'a.b>', '*x'])('rejects subscribing to %j', (bad) => {
      expect(() => bus.subscribe(bad, () => undefined)).toThrow(InvalidSubjectError);
    });

    it('rejects bad queue group names', () => {
      expect(() => bus.subscribe('s', () => undefined, { queue: '' })).toThrow(InvalidQueueGroupError);
      expect(() => bus.subscribe('s', () => undefined, { queue: 'a b' })).toThrow(InvalidQueueGroupError);
    });

    it.each([
      ['an empty name', { '': 'x' }],
      ['a name with a space', { 'a b': 'x' }],
      ['a name with a colon', { 'a:b': 'x' }],
      ['a non-ASCII name', { é: 'x' }],
      ['a value with CR LF', { a: 'x\r\ny: z' }],
    ])('rejects headers with %s, delivering nothing', async (_what, headers) => {
      const received = collector();
      await subscribe('s', received.handler);
      await expect(bus.publish('s', text('bad'), headers)).rejects.toBeInstanceOf(InvalidHeaderError);
      await bus.publish('s', text('good'));
      await waitFor(() => received.messages.length > 0, { what: 'the good message' });
      expect(received.texts()).toEqual(['good']);
    });

    it('rejects a message over the maximum payload', async () => {
      await expect(bus.publish('s', new Uint8Array(2 * 1024 * 1024))).rejects.toBeInstanceOf(MessageTooLargeError);
    });

    it('rejects use after close with BusUnavailableError; close is idempotent', async () => {
      await bus.close();
      await bus.close();
      await expect(bus.publish('s', text('x'))).rejects.toBeInstanceOf(BusUnavailableError);
      await expect(bus.flush()).rejects.toBeInstanceOf(BusUnavailableError);
      expect(() => bus.subscribe('s', () => undefined)).toThrow(BusUnavailableError);
    });

    it('delivers what was published before close to running subscriptions', async () => {
      const received = collector();
      await subscribe('s', async (message) => {
        await new Promise((resolve) => setImmediate(resolve));
        received.handler(message);
      });
      await bus.publish('s', text('one'));
      await bus.publish('s', text('two'));
      await bus.close();
      expect(received.texts()).toEqual(['one', 'two']);
    });
  });
}
