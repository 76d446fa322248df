import type { LeaderLogger } from '../src/index.js';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

/** A LeaderLogger that keeps what it is told. */
export function recordingLogger(): LeaderLogger & {
  entries: LogEntry[];
  messages(level: LogEntry['level']): string[];
} {
  const entries: LogEntry[] = [];
  return {
    entries,
    messages: (level) => entries.filter((entry) => entry.level === level).map((entry) => entry.msg),
    info: (obj, msg) => entries.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => entries.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => entries.push({ level: 'error', obj, msg }),
  };
}
