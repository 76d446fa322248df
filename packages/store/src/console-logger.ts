import type { StoreLogger } from './state-store.js';

/** The default logger: one line per event on stderr. */
export const consoleLogger: StoreLogger = {
  info: (obj, msg) => console.info(`[tessera/store] ${msg}`, obj),
  warn: (obj, msg) => console.warn(`[tessera/store] ${msg}`, obj),
  error: (obj, msg) => console.error(`[tessera/store] ${msg}`, obj),
};
