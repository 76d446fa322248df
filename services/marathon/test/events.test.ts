import { createMemoryBus, FACT_TYPE_HEADER, type BusMessage } from '@tessera/bus';
import { decodeMessage, type v1 } from '@tessera/proto';
import { createLogger } from '@tessera/runtime';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { EventHub, serveEventStream } from '../src/events.js';

const logger = createLogger('test', { level: 'silent' });

/** Reads Server-Sent Events from a fetch body until `count` events have arrived. */
async function readEvents(body: ReadableStream<Uint8Array>, count: number) {
  const events: { event: string; data: Record<string, unknown> }[] = [];
  const decoder = new TextDecoder();
  let text = '';
  const reader = body.getReader();
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
    }
  }
  await reader.cancel();
  return events;
}

describe('EventHub and /v2/events', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function serve(hub: EventHub): Promise<string> {
    app = Fastify();
    app.get('/v2/events', (request, reply) => {
      reply.hijack();
      const query = request.query as { event_type?: string | string[] };
      const types = query.event_type === undefined ? [] : [query.event_type].flat();
      void serveEventStream(hub, request.raw, reply.raw, types);
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (address === null || typeof address !== 'object') throw new Error('no address');
    return `http://127.0.0.1:${address.port}`;
  }

  it('streams every event after event_stream_attached, and only the asked types with event_type', async () => {
    const hub = new EventHub({ bus: createMemoryBus(), logger });
    const base = await serve(hub);
    const all = await fetch(`${base}/v2/events`, { headers: { accept: 'text/event-stream' } });
    const some = await fetch(`${base}/v2/events?event_type=deployment_success`);
    expect(all.headers.get('content-type')).toBe('text/event-stream');
    // Both are attached once the hub counts them (the first event is written on attach).
    const allEvents = readEvents(all.body!, 3);
    const someEvents = readEvents(some.body!, 2);
    while (hub.subscriberCount < 2) await new Promise((r) => setImmediate(r));
    hub.emit({
      eventType: 'status_update_event',
      timestamp: '2026-12-02T10:00:00.000Z',
      appId: '/web',
      taskStatus: 'TASK_RUNNING',
    });
    hub.emit({ eventType: 'deployment_success', timestamp: '2026-12-02T10:00:01.000Z', id: 'd-1' });
    expect((await allEvents).map((e) => e.event)).toEqual([
      'event_stream_attached',
      'status_update_event',
      'deployment_success',
    ]);
    const filtered = await someEvents;
    expect(filtered.map((e) => e.event)).toEqual(['event_stream_attached', 'deployment_success']);
    expect(filtered[1]?.data).toEqual({
      eventType: 'deployment_success',
      timestamp: '2026-12-02T10:00:01.000Z',
      id: 'd-1',
    });
    expect(filtered[0]?.data['remoteAddress']).toBe('127.0.0.1');
  });

  it('publishes each event on NATS as tessera.marathon.<type> with the typed and the JSON form', async () => {
    const bus = createMemoryBus();
    const received: BusMessage[] = [];
    bus.subscribe('tessera.marathon.>', (message) => void received.push(message));
    const hub = new EventHub({ bus, logger });
    hub.emit({
      eventType: 'health_status_changed_event',
      timestamp: '2026-12-02T10:00:00.000Z',
      appId: '/web',
      instanceId: 'web.instance-1',
      alive: true,
    });
    await bus.flush();
    expect(received.map((m) => m.subject)).toEqual(['tessera.marathon.health_status_changed_event']);
    expect(received[0]?.headers[FACT_TYPE_HEADER]).toBe('tessera.v1.MarathonEvent');
    const event = decodeMessage<v1.MarathonEvent__Output>('tessera.v1.MarathonEvent', received[0]!.data);
    expect(event).toMatchObject({ eventType: 'health_status_changed_event', appId: '/web', healthy: true });
    expect(JSON.parse(event.json)).toMatchObject({ instanceId: 'web.instance-1', alive: true });
  });

  it('drops a subscriber that refuses a delivery, and keeps the others', () => {
    const hub = new EventHub({ bus: createMemoryBus(), logger });
    const got: string[] = [];
    hub.attach({ eventTypes: new Set(), deliver: () => false });
    hub.attach({ eventTypes: new Set(), deliver: (e) => (got.push(e.eventType), true) });
    hub.emit({ eventType: 'a', timestamp: 't' });
    hub.emit({ eventType: 'b', timestamp: 't' });
    expect(hub.subscriberCount).toBe(1);
    expect(got).toEqual(['a', 'b']);
  });
});
