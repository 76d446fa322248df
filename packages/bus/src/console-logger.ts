import type { BusLogger } from './event-bus.js';

/** The default logger: one line per event on stderr. */
export const consoleLogger: BusLogger = {
  info: (obj, msg) => console.info(`[tessera/bus] ${msg}`, obj),
  warn: (obj, msg) => console.warn(`[tessera/bus] ${msg}`, obj),
  error: (obj, msg) => console.error(`[tessera/bus] ${msg}`, obj),
};
