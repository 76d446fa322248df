import { pino, destination, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * A JSON logger (pino) for one service. Every line carries `service`; levels are
 * names, times ISO-8601. Logs go to stdout unless a destination is given.
 */
export function createLogger(
  service: string,
  options: { level?: string; destination?: DestinationStream; bindings?: Record<string, unknown> } = {},
): Logger {
  return pino(
    {
      level: options.level ?? process.env['TESSERA_LOG_LEVEL'] ?? 'info',
      base: { service, pid: process.pid, ...(options.bindings ?? {}) },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? destination({ fd: 1, sync: false }),
  );
}
