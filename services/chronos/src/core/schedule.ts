/**
 * The schedule calculator: when a scheduled job's runs are due. Pure: the
 * current time comes in as `fromMs`, nothing here reads a clock, keeps state
 * or does I/O, and the same arguments always give the same answer. Instants
 * are epoch milliseconds (whole numbers).
 *
 * ## ISO 8601 repeating intervals, `R[n]/start/period`
 *
 * Occurrence k (k = 0, 1, 2, …) is start ⊕ k·period: the period's units are
 * multiplied by k and added once to the ORIGINAL start (`startMs`, or
 * `createdAtMs` when the start is empty). `Rn` has occurrences k = 0 … n−1
 * (`R0` none), `R` has them forever.
 *
 * CHOICE: k·period from the original start, not one period after the
 * previous run. Chronos re-based its schedule on each run, so `P1M` from
 * Jan 31 went Feb 28, Mar 28, Apr 28 …; here it goes Feb 28 (29 in a leap
 * year), Mar 31, Apr 30, May 31 … and never drifts, and occurrence k does not
 * depend on when earlier runs happened.
 *
 * Units, as luxon's `DateTime.plus` treats them:
 * - Years, months, weeks and days are calendar units, added to the wall clock
 *   in `timeZone` when set, else in UTC. A month added to a day that the
 *   target month lacks ends on its last day (Jan 31 + P1M = Feb 28), and that
 *   clamp comes before the days are added (Jan 31 + P1M1D = Mar 1). `P1D`
 *   keeps the wall-clock time across daylight-saving changes, so that day's
 *   run is 23 or 25 hours after the previous one.
 * - Hours, minutes, seconds and fractions of a second are elapsed time:
 *   `PT24H` is always 86,400,000 ms. Instants are rounded to whole ms, which
 *   matters only for a period whose elapsed part is not whole ms
 *   (`PT0.0000001H`, which the parser accepts): occurrences that round to the
 *   same ms are one, the one with the smallest k.
 * - Mixed periods (`P1DT1H`): the calendar part first, on the wall clock,
 *   then the elapsed part (luxon's order). In America/New_York from
 *   2026-03-07T01:30 (EST), `P1DT1H` gives 2026-03-08T01:30 EST + 1 h =
 *   03:30 EDT, 24 elapsed hours later.
 * - A fraction of a calendar unit (`P1.5D`, `P0.5M`) is luxon's: the whole
 *   units are calendar units, the fraction is elapsed time at luxon's casual
 *   rates (a day 24 h, a week 7 days, a month 30 days, a year 365 days).
 *
 * Daylight saving, when the calendar part lands on a wall-clock time that
 * does not exist or exists twice in `timeZone`:
 * - In a gap (spring forward) the time moves forward by the length of the gap,
 *   as luxon does (and java.time): 02:30 on 2026-03-08 in America/New_York,
 *   which does not exist, becomes 03:30 EDT. Only that occurrence moves; the
 *   next day's is at 02:30 again, as it is computed from the start.
 * - CHOICE: in an overlap (fall back) the first pass (the earlier instant,
 *   still on daylight time). luxon alone would keep the start's offset, so a
 *   winter start would run in the second pass and a summer start in the
 *   first; Chronos, which added a day to the previous run (always in daylight
 *   time on the day before), ran in the first pass, as cron does. The start
 *   itself (occurrence 0) is an instant and is never moved, even when it is
 *   in the second pass (an empty start created then).
 *
 * Finding the occurrence at or after an instant costs O(1) to O(log)
 * luxon additions, however many occurrences lie before it: k is computed
 * arithmetically for an elapsed-time period (and for days and weeks in a zone
 * without daylight saving), and for a calendar period estimated from its
 * average length (a year 365.2425 days, a month 1/12 of that) and corrected by
 * a galloping search, which relies on occurrences being increasing in k.
 *
 * ## Cron, five fields in `timeZone`
 *
 * croner 11 (`mode: '5-part'`, `domAndDow: false`: as classic cron, a day
 * matches when its day of month OR its day of week matches, if both fields
 * are restricted, i.e. other than `*` or `?`). NOTE: croner counts a
 * stepped wildcard (`*` then `/2`: every other day) in day-of-month as
 * restricted, so with `MON` in day-of-week it runs on odd days and on
 * Mondays; Vixie cron counts any field that starts with `*` as unrestricted
 * and runs it on odd Mondays only. We keep croner's reading (the tests pin
 * it). Runs are on whole minutes. croner's `nextRun(date)` is
 * strictly after `date` (and reads the clock only when no date is given: we
 * always give one), so "at or after `fromMs`" asks from `fromMs − 1` ms.
 *
 * Daylight saving, croner's own rules (Vixie cron's), kept as they are:
 * - A fixed-time job (a single value in both the minute and the hour field,
 *   e.g. `30 2 * * *`, also `30 2-2 * * *`) whose time falls in a gap runs
 *   once, at the end of the gap, on the same day: `30 2 * * *` in
 *   America/New_York runs at 03:00 EDT on 2026-03-08, in Europe/Berlin at
 *   03:00 CEST on 2026-03-29; `15 2 * * *` in Australia/Lord_Howe (a
 *   half-hour shift) at 02:30 on 2026-10-04. One whose time occurs twice
 *   runs once, in the first pass: `30 1 * * *` in New York at 01:30 EDT on
 *   2026-11-01, `30 2 * * *` in Berlin at 02:30 CEST on 2026-10-25.
 * - Any other job (a wildcard, a step, or a list or range of several values
 *   in the minute or hour field, e.g. `0,30 * * * *` or `30 2,14 * * *`) skips times in a gap and runs in
 *   both passes of a repeated hour.
 * - These answers are stateless: asked from between the two passes, a
 *   fixed-time job answers the next day, not the second pass.
 * Vixie cron also runs a job in a gap right after it and a job in the
 * repeated hour once, so croner needs no correction here; croner is stricter
 * than Vixie about which jobs are fixed-time (Vixie counts `30 2,14 * * *` as
 * one), and we keep croner's default.
 *
 * Occurrences of a cron schedule have no index; a schedule that never matches
 * (`0 0 30 2 *`) has none.
 */
import { Cron } from 'croner';
import { DateTime, Duration, type Zone } from 'luxon';
import type { ScheduleSpec } from './model.js';

/** One time a schedule is due. */
export interface Occurrence {
  /** ISO 8601 schedules: k, the 0-based index of start ⊕ k·period. Cron: undefined. */
  readonly index: number | undefined;
  /** The instant, epoch ms. */
  readonly atMs: number;
}

/**
 * The first occurrence at or after `fromMs` (epoch ms, inclusive: an
 * occurrence exactly at `fromMs` is returned), or undefined when the schedule
 * has none left (`Rn` used up, `R0`, a cron expression that never matches).
 * `createdAtMs` is the start of an ISO 8601 schedule whose start is empty
 * (when the job was created); it is ignored otherwise.
 */
export function firstOccurrenceAtOrAfter(
  spec: ScheduleSpec,
  fromMs: number,
  createdAtMs: number,
): Occurrence | undefined {
  if (spec.kind === 'cron') return cronAtOrAfter(spec.expression, spec.timeZone, fromMs);
  return isoSchedule(spec, createdAtMs).atOrAfter(fromMs, undefined);
}

/**
 * The occurrence right after `occurrence` (strictly later), or undefined.
 * `occurrence` is one this module answered for the same spec and
 * `createdAtMs`; only its `atMs` decides the answer (its index is a hint that
 * makes the ISO 8601 search start in the right place).
 */
export function occurrenceAfter(
  spec: ScheduleSpec,
  occurrence: Occurrence,
  createdAtMs: number,
): Occurrence | undefined {
  if (spec.kind === 'cron') return cronAtOrAfter(spec.expression, spec.timeZone, occurrence.atMs + 1);
  const hint = occurrence.index === undefined ? undefined : occurrence.index + 1;
  return isoSchedule(spec, createdAtMs).atOrAfter(occurrence.atMs + 1, hint);
}

/**
 * ISO 8601 with `Rn`: how many occurrences are left from index `nextIndex` on
 * (n − nextIndex, at least 0). Undefined for `R` (forever) and for cron.
 */
export function remainingRecurrences(spec: ScheduleSpec, nextIndex: number): number | undefined {
  if (spec.kind === 'cron' || spec.recurrences === undefined) return undefined;
  return Math.max(0, spec.recurrences - nextIndex);
}

// ---------------------------------------------------------------------------
// Cron

function cronAtOrAfter(expression: string, timeZone: string, fromMs: number): Occurrence | undefined {
  const cron = new Cron(expression, { timezone: timeZone, mode: '5-part', paused: true, domAndDow: false });
  const next = cron.nextRun(new Date(fromMs - 1));
  return next === null ? undefined : { index: undefined, atMs: next.getTime() };
}

// ---------------------------------------------------------------------------
// ISO 8601

const DAY_MS = 86_400_000;
const CALENDAR_UNITS = ['years', 'months', 'weeks', 'days'] as const;
type CalendarUnit = (typeof CALENDAR_UNITS)[number];

/**
 * An offset change this close before an instant is the one that may have made
 * its wall-clock time happen twice. NOTE: assumes a zone's offset changes at
 * most once in three hours and by less than three hours (true of the tz
 * database: shifts are 30 min to 2 h, months apart).
 */
const OVERLAP_PROBE_MS = 3 * 3_600_000;

interface IsoSchedule {
  /**
   * The first occurrence whose instant is at or after `fromMs`; `hint`, when
   * given, is a guess at its index.
   */
  atOrAfter(fromMs: number, hint: number | undefined): Occurrence | undefined;
}

function isoSchedule(spec: Extract<ScheduleSpec, { kind: 'iso8601' }>, createdAtMs: number): IsoSchedule {
  const startMs = spec.startMs ?? createdAtMs;
  const lastIndex = spec.recurrences === undefined ? Infinity : spec.recurrences - 1;
  const period = Duration.fromISO(spec.period);
  const calendar: Record<CalendarUnit, number> = {
    years: period.years,
    months: period.months,
    weeks: period.weeks,
    days: period.days,
  };
  const elapsedMs = Duration.fromObject({
    hours: period.hours,
    minutes: period.minutes,
    seconds: period.seconds,
    milliseconds: period.milliseconds,
  }).as('milliseconds');
  const start = DateTime.fromMillis(startMs, { zone: spec.timeZone ?? 'utc' });
  const zone = start.zone;

  // Without daylight saving (UTC, no zone, a fixed-offset zone), days and weeks are 24 h and 7·24 h.
  const exactPeriodMs =
    calendar.years === 0 && calendar.months === 0 && (zone.isUniversal || (calendar.weeks === 0 && calendar.days === 0))
      ? (calendar.weeks * 7 + calendar.days) * DAY_MS + elapsedMs
      : undefined;

  const instantOf = (k: number): number => {
    if (exactPeriodMs !== undefined) return Math.round(startMs + k * exactPeriodMs);
    const whole: Record<CalendarUnit, number> = { years: 0, months: 0, weeks: 0, days: 0 };
    const fraction: Record<CalendarUnit, number> = { years: 0, months: 0, weeks: 0, days: 0 };
    for (const unit of CALENDAR_UNITS) {
      whole[unit] = Math.trunc(k * calendar[unit]);
      fraction[unit] = k * calendar[unit] - whole[unit];
    }
    const fractionMs = Duration.fromObject(fraction).as('milliseconds');
    const days = whole.days + 7 * whole.weeks;
    // No whole calendar unit (k = 0, or only fractions so far): the start itself, as given.
    if (whole.years === 0 && whole.months === 0 && days === 0) return Math.round(startMs + fractionMs + k * elapsedMs);
    const onWallClock = start.plus({ years: whole.years, months: whole.months, days });
    if (!onWallClock.isValid) return Infinity; // beyond the range of dates (±275,760 years)
    return Math.round(firstPass(zone, onWallClock.toMillis()) + fractionMs + k * elapsedMs);
  };

  const averagePeriodMs =
    exactPeriodMs ??
    Duration.fromObject({ ...calendar, milliseconds: elapsedMs }, { conversionAccuracy: 'longterm' }).as(
      'milliseconds',
    );

  return {
    atOrAfter(fromMs, hint) {
      const estimate = hint ?? Math.ceil((fromMs - startMs) / averagePeriodMs);
      const index = firstIndexAtOrAfter(instantOf, fromMs, estimate, lastIndex);
      if (index === undefined) return undefined;
      const atMs = instantOf(index);
      return Number.isFinite(atMs) ? { index, atMs } : undefined;
    },
  };
}

/**
 * The earliest instant whose wall-clock time in `zone` is that of `instantMs`:
 * `instantMs` itself, unless it is the second pass through a repeated hour.
 */
function firstPass(zone: Zone, instantMs: number): number {
  if (zone.isUniversal) return instantMs;
  const offsetMinutes = zone.offset(instantMs);
  const offsetBeforeMinutes = zone.offset(instantMs - OVERLAP_PROBE_MS);
  if (offsetBeforeMinutes <= offsetMinutes) return instantMs;
  const earlierMs = instantMs - (offsetBeforeMinutes - offsetMinutes) * 60_000;
  return zone.offset(earlierMs) === offsetBeforeMinutes ? earlierMs : instantMs;
}

/**
 * The smallest k in [0, lastIndex] with instantOf(k) ≥ fromMs, or undefined.
 * `instantOf` must be non-decreasing. Gallops from `estimate` (doubling its
 * step) to bracket the answer, then bisects: O(log |answer − estimate|)
 * evaluations.
 */
function firstIndexAtOrAfter(
  instantOf: (k: number) => number,
  fromMs: number,
  estimate: number,
  lastIndex: number,
): number | undefined {
  if (lastIndex < 0) return undefined;
  const guess = Math.min(Math.max(0, Number.isFinite(estimate) ? estimate : 0), lastIndex);
  // Invariant once bracketed: below < answer ≤ atOrAbove (below = −1: none before).
  let below: number;
  let atOrAbove: number;
  if (instantOf(guess) >= fromMs) {
    atOrAbove = guess;
    let step = 1;
    below = guess - step;
    while (below >= 0 && instantOf(below) >= fromMs) {
      atOrAbove = below;
      step *= 2;
      below = atOrAbove - step;
    }
    below = Math.max(below, -1);
  } else {
    below = guess;
    let step = 1;
    atOrAbove = guess + step;
    while (atOrAbove < lastIndex && instantOf(atOrAbove) < fromMs) {
      below = atOrAbove;
      step *= 2;
      atOrAbove = below + step;
    }
    if (atOrAbove >= lastIndex) {
      atOrAbove = lastIndex;
      if (instantOf(lastIndex) < fromMs) return undefined;
    }
  }
  while (atOrAbove - below > 1) {
    const middle = below + Math.floor((atOrAbove - below) / 2);
    if (instantOf(middle) >= fromMs) atOrAbove = middle;
    else below = middle;
  }
  return atOrAbove;
}
