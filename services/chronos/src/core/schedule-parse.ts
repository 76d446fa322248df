/**
 * Reading a schedule as a user writes it: Chronos's ISO 8601 repeating interval
 * (`R[n]/[start]/period`, with an optional `scheduleTimeZone`) and a
 * Metronome-style cron expression with its time zone. Pure: answers the
 * validated `ScheduleSpec` or a message that says what is wrong; computes no
 * run times (`schedule.ts` does).
 *
 * luxon reads ISO 8601 dates, durations and IANA zones; croner checks cron
 * expressions. Nothing here is hand-parsed but the three `/`-separated parts.
 */
import { Cron } from 'croner';
import { DateTime, Duration, IANAZone } from 'luxon';
import type { ScheduleSpec } from './model.js';

export type ScheduleParse =
  { readonly ok: true; readonly spec: ScheduleSpec } | { readonly ok: false; readonly message: string };

/** `R`, `R0`…, then a start (may be empty), then a duration (must start with P). */
const REPEATING_INTERVAL = /^R(\d*)\/([^/]*)\/(P[^/]*)$/;

/**
 * Parses Chronos's `schedule` and `scheduleTimeZone`.
 *
 * - `Rn`: n repetitions (n ≥ 0; R0 never runs); `R`: forever.
 * - The start: any ISO 8601 date-time luxon reads, with or without an offset
 *   (none: UTC, as Chronos); empty: undefined (from when the job is created).
 *   With `timeZone`, the start's wall-clock fields are kept and read in that
 *   zone: `R/2014-10-10T18:32:00Z/PT60M` in America/Los_Angeles starts at
 *   18:32 Pacific (Chronos's rule: the zone "takes precedence" over the offset).
 * - The period: an ISO 8601 duration longer than zero; years, months, weeks and
 *   days are calendar units (added in the zone), hours and smaller are exact.
 */
export function parseIso8601Schedule(expression: string, timeZone?: string): ScheduleParse {
  const match = REPEATING_INTERVAL.exec(expression.trim());
  if (match === null)
    return fail(
      `"${expression}" is not an ISO 8601 repeating interval R[n]/[start]/period (e.g. "R/2026-01-01T00:00:00Z/PT1H")`,
    );
  const [, count = '', startText = '', period = ''] = match;
  if (timeZone !== undefined && timeZone !== '' && !IANAZone.isValidZone(timeZone))
    return fail(`scheduleTimeZone "${timeZone}" is not a time zone of the tz database (e.g. "America/Los_Angeles")`);
  const zone = timeZone === undefined || timeZone === '' ? undefined : timeZone;
  const recurrences = count === '' ? undefined : Number(count);
  if (recurrences !== undefined && !Number.isSafeInteger(recurrences))
    return fail(`the repetitions of "${expression}" are too many`);
  const duration = Duration.fromISO(period);
  if (!duration.isValid) return fail(`"${period}" in "${expression}" is not an ISO 8601 duration (e.g. "PT1H", "P1D")`);
  if (!isPositive(duration)) return fail(`the period "${period}" in "${expression}" must be longer than zero`);
  let startMs: number | undefined;
  if (startText !== '') {
    const start = DateTime.fromISO(startText, { setZone: true, zone: 'utc' });
    if (!start.isValid)
      return fail(
        `the start "${startText}" in "${expression}" is not an ISO 8601 date-time (e.g. "2026-01-01T00:00:00Z")`,
      );
    startMs = (zone === undefined ? start : start.setZone(zone, { keepLocalTime: true })).toMillis();
  }
  return ok({ kind: 'iso8601', expression, recurrences, startMs, period, timeZone: zone });
}

/**
 * Parses a Metronome-style cron schedule: five fields (minute, hour,
 * day-of-month, month, day-of-week; names like MON and JAN accepted), read in
 * `timeZone` (an IANA zone, default "UTC"). As classic cron, a day matches when
 * its day-of-month OR its day-of-week matches, if both are restricted.
 */
export function parseCronSchedule(expression: string, timeZone = 'UTC'): ScheduleParse {
  if (!IANAZone.isValidZone(timeZone))
    return fail(`timezone "${timeZone}" is not a time zone of the tz database (e.g. "Europe/Berlin")`);
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5)
    return fail(
      `"${expression}" is not a cron expression of five fields (minute hour day-of-month month day-of-week), e.g. "*/5 * * * *"`,
    );
  try {
    const cron = new Cron(fields.join(' '), { timezone: timeZone, mode: '5-part', paused: true, domAndDow: false });
    cron.stop();
  } catch (error) {
    return fail(`"${expression}" is not a valid cron expression: ${(error as Error).message}`);
  }
  return ok({ kind: 'cron', expression: fields.join(' '), timeZone });
}

function isPositive(duration: Duration): boolean {
  const values = Object.values(duration.toObject()) as number[];
  return values.every((value) => value >= 0) && values.some((value) => value > 0);
}

const ok = (spec: ScheduleSpec): ScheduleParse => ({ ok: true, spec });
const fail = (message: string): ScheduleParse => ({ ok: false, message });
