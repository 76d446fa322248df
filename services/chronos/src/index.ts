// The public surface of @tessera/chronos: its pure core (for now).
export * from './core/index.js';
