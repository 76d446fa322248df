export type { BusLogger, BusMessage, EventBus, MessageHandler, SubscribeOptions, Subscription } from './event-bus.js';
export {
  BusUnavailableError,
  InvalidHeaderError,
  InvalidQueueGroupError,
  InvalidSubjectError,
  MessageTooLargeError,
} from './errors.js';
export { createMemoryBus, MemoryEventBus, type MemoryBusOptions } from './memory-bus.js';
export { createNatsBus, NatsEventBus, type NatsBusOptions } from './nats-bus.js';
export { extractTraceContext, FACT_TYPE_HEADER, injectTraceHeaders, publishFact } from './trace.js';
export { FactPublisher, type FactEncoder } from './fact-publisher.js';
