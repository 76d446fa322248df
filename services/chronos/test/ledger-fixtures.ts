/**
 * Jobs for the ledger's tests, built directly as normalized definitions (the
 * JSON parsing has its own tests), and helpers to read a step's effects.
 */
import { expect } from 'vitest';
import type { JobDefinition, LedgerEffect, ScheduleSpec } from '../src/core/index.js';
import { parseCronSchedule, parseIso8601Schedule } from '../src/core/index.js';

export const at = (iso: string): number => Date.parse(iso);

export function iso(expression: string, timeZone?: string): ScheduleSpec {
  const parsed = parseIso8601Schedule(expression, timeZone);
  if (!parsed.ok) expect.fail(parsed.message);
  return parsed.spec;
}

export function cron(expression: string, timeZone?: string): ScheduleSpec {
  const parsed = parseCronSchedule(expression, timeZone);
  if (!parsed.ok) expect.fail(parsed.message);
  return parsed.spec;
}

/** A scheduled job with Chronos's defaults (epsilon 60 s, 2 retries, FORBID) unless overridden. */
export function job(
  name: string,
  schedule: ScheduleSpec | undefined,
  overrides: Partial<JobDefinition> = {},
): JobDefinition {
  return {
    name,
    description: '',
    owner: '',
    ownerName: '',
    command: `echo ${name}`,
    shell: true,
    arguments: [],
    schedule,
    parents: [],
    epsilonMs: 60_000,
    retries: 2,
    disabled: false,
    concurrencyPolicy: 'FORBID',
    softError: false,
    highPriority: false,
    cpus: 0.1,
    memMb: 128,
    diskMb: 256,
    environmentVariables: [],
    fetch: [],
    runAsUser: undefined,
    constraints: [],
    ...overrides,
  };
}

/** The effects as short strings: "run job@2026-…Z Due", "job job next=…", "kill …", "event scheduled job@…". */
export function describe(effects: readonly LedgerEffect[]): string[] {
  const time = (ms: number | undefined) => (ms === undefined ? '-' : new Date(ms).toISOString());
  return effects.map((effect) => {
    switch (effect.type) {
      case 'persistJob':
        return `job ${effect.state.job.name} next=${time(effect.state.next?.atMs)}${effect.state.job.disabled ? ' disabled' : ''}`;
      case 'deleteJob':
        return `delete ${effect.name}`;
      case 'persistRun': {
        const run = effect.run;
        const skipped = run.state === 'Skipped' ? ` ×${run.skippedCount} to ${time(run.lastSkippedAtMs)}` : '';
        return `run ${run.id.job}@${time(run.id.scheduledAtMs)} ${run.state}${skipped} attempts=${run.attempts.length}`;
      }
      case 'dropRun':
        return `drop ${effect.id.job}@${time(effect.id.scheduledAtMs)}`;
      case 'kill':
        return `kill ${effect.taskId}`;
      case 'event':
        return `event ${effect.event} ${effect.run.id.job}@${time(effect.run.id.scheduledAtMs)}`;
      case 'runEnded':
        return `ended ${effect.run.id.job}@${time(effect.run.id.scheduledAtMs)} ${effect.outcome}`;
    }
  });
}
