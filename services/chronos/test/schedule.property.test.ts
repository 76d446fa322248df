/**
 * The schedule calculator against independent, naive reference computations:
 * - ISO 8601: a walk over k = 0, 1, 2, … computing start ⊕ k·period as wall-clock
 *   arithmetic in UTC (luxon), resolved to an instant by trying the zone's
 *   offsets (the earliest instant showing that wall clock; in a gap, the wall
 *   clock read with the offset before the gap), taking the first at or after
 *   `fromMs`. No search, no estimate, no code shared with `schedule.ts`.
 * - Cron: a forward scan over epoch minutes, each converted with luxon to the
 *   zone's wall-clock fields and matched field by field (day of month OR day of
 *   week when both are restricted). Where a plain scan and cron differ, on
 *   daylight-saving days, the reference deliberately encodes the contract of
 *   `schedule.ts` (Vixie cron's rules, which croner follows) for fixed-time
 *   jobs (one minute and one hour): a time in a gap runs at the gap's end, a
 *   time that happens twice runs in the first pass only. Interval jobs need no
 *   rule: the scan skips wall-clock times that do not exist and sees both
 *   passes of a repeated hour, as cron does. Expressions are kept matching
 *   within a year (days of month up to 28 in numbers, lists and ranges), so the
 *   scan is bounded.
 */
import fc from 'fast-check';
import { DateTime, FixedOffsetZone, IANAZone, type Zone } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { ScheduleSpec } from '../src/core/model.js';
import { firstOccurrenceAtOrAfter, occurrenceAfter, type Occurrence } from '../src/core/schedule.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Zones: none (UTC), fixed, both hemispheres' daylight saving, +05:30, a half-hour shift. */
const ZONES = [
  undefined,
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
] as const;

const zoneOf = (name: string | undefined): Zone =>
  name === undefined ? FixedOffsetZone.utcInstance : IANAZone.create(name);

/** The wall-clock time of an instant in a zone, as epoch ms read in UTC. */
const wallClockMs = (instantMs: number, zone: Zone): number => instantMs + zone.offset(instantMs) * MINUTE_MS;

/**
 * The reference's reading of a wall-clock time: the earliest instant that shows
 * it; none (a gap): read with the smaller of the offsets around it (the one in
 * force before the gap), i.e. moved forward by the gap's length.
 */
function instantOfWallClock(wallMs: number, zone: Zone): number {
  const offsets = [...new Set([-DAY_MS, 0, DAY_MS].map((delta) => zone.offset(wallMs + delta)))];
  const instants = offsets
    .map((offset) => wallMs - offset * MINUTE_MS)
    .filter((instantMs) => wallClockMs(instantMs, zone) === wallMs);
  return instants.length > 0 ? Math.min(...instants) : wallMs - Math.min(...offsets) * MINUTE_MS;
}

/** The zone's offset changes in 2020–2030, to the minute (probed weekly, then bisected). */
function transitions(zoneName: string): number[] {
  const zone = IANAZone.create(zoneName);
  const out: number[] = [];
  for (let weekMs = Date.UTC(2020, 0, 1); weekMs < Date.UTC(2031, 0, 1); weekMs += 7 * DAY_MS) {
    if (zone.offset(weekMs) === zone.offset(weekMs + 7 * DAY_MS)) continue;
    let before = weekMs;
    let after = weekMs + 7 * DAY_MS;
    while (after - before > MINUTE_MS) {
      const middle = before + Math.floor((after - before) / 2 / MINUTE_MS) * MINUTE_MS;
      if (zone.offset(middle) === zone.offset(before)) before = middle;
      else after = middle;
    }
    out.push(after);
  }
  return out;
}

const TRANSITIONS: ReadonlyMap<string, readonly number[]> = new Map(
  ZONES.filter((zone) => zone !== undefined).map((zone) => [zone, transitions(zone)] as const),
);

// ---------------------------------------------------------------------------
// ISO 8601

interface PeriodParts {
  readonly years?: number;
  readonly months?: number;
  readonly weeks?: number;
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
}

function periodText(p: PeriodParts): string {
  const part = (value: number | undefined, unit: string): string => (value ? `${value}${unit}` : '');
  const time = part(p.hours, 'H') + part(p.minutes, 'M') + part(p.seconds, 'S');
  return `P${part(p.years, 'Y')}${part(p.months, 'M')}${part(p.weeks, 'W')}${part(p.days, 'D')}${time ? `T${time}` : ''}`;
}

const elapsedMsOf = (p: PeriodParts): number =>
  (p.hours ?? 0) * HOUR_MS + (p.minutes ?? 0) * MINUTE_MS + (p.seconds ?? 0) * 1000;

/** Roughly one period, to place `fromMs` a number of periods after the start. */
const roughPeriodMs = (p: PeriodParts): number =>
  ((p.years ?? 0) * 365.25 + (p.months ?? 0) * 30.44 + (p.weeks ?? 0) * 7 + (p.days ?? 0)) * DAY_MS + elapsedMsOf(p);

/** Reference occurrence k: wall-clock calendar arithmetic in UTC, resolved in the zone, then elapsed time. */
function referenceInstant(startMs: number, zone: Zone, p: PeriodParts, k: number): number {
  const calendar = {
    years: k * (p.years ?? 0),
    months: k * (p.months ?? 0),
    days: k * ((p.days ?? 0) + 7 * (p.weeks ?? 0)),
  };
  const onWallClock =
    calendar.years === 0 && calendar.months === 0 && calendar.days === 0
      ? startMs
      : instantOfWallClock(
          DateTime.fromMillis(wallClockMs(startMs, zone), { zone: 'utc' }).plus(calendar).toMillis(),
          zone,
        );
  return onWallClock + k * elapsedMsOf(p);
}

function referenceAtOrAfter(
  startMs: number,
  zone: Zone,
  p: PeriodParts,
  recurrences: number | undefined,
  fromMs: number,
): Occurrence | undefined {
  for (let k = 0; recurrences === undefined || k < recurrences; k += 1) {
    if (k > 5000) throw new Error('reference walk too long: the generator places fromMs too far');
    const atMs = referenceInstant(startMs, zone, p, k);
    if (atMs >= fromMs) return { index: k, atMs };
  }
  return undefined;
}

const periodArb: fc.Arbitrary<PeriodParts> = fc.oneof(
  fc.integer({ min: 1, max: 59 }).map((seconds) => ({ seconds })),
  fc.integer({ min: 1, max: 59 }).map((minutes) => ({ minutes })),
  fc.integer({ min: 1, max: 13 }).map((hours) => ({ hours })),
  fc.constant({ hours: 24 }),
  fc.integer({ min: 1, max: 3 }).map((days) => ({ days })),
  fc.integer({ min: 1, max: 2 }).map((weeks) => ({ weeks })),
  fc.integer({ min: 1, max: 3 }).map((months) => ({ months })),
  fc.integer({ min: 1, max: 2 }).map((years) => ({ years })),
  fc.constant({ days: 1, hours: 2 }),
  fc.constant({ months: 1, days: 1 }),
  fc.constant({ years: 1, months: 1, days: 1, hours: 1, minutes: 1, seconds: 1 }),
);

/** A start as wall-clock fields in 2000–2040, often in the small hours (where daylight saving changes). */
const startWallArb = fc
  .record({
    year: fc.integer({ min: 2000, max: 2040 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.oneof(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 3 })),
    minute: fc.oneof(fc.constantFrom(0, 30), fc.integer({ min: 0, max: 59 })),
    second: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 59 })),
    millisecond: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999 })),
  })
  .map(({ year, month, day, ...time }) => {
    const date = DateTime.utc(year, month, 1);
    return date.set({ day: Math.min(day, date.daysInMonth ?? 28), ...time }).toMillis();
  });

interface IsoCase {
  readonly spec: ScheduleSpec & { kind: 'iso8601' };
  readonly startMs: number;
  readonly createdAtMs: number;
  readonly zone: Zone;
  readonly period: PeriodParts;
  readonly fromMs: number;
}

/**
 * A start and a `fromMs`, either
 * - a start anywhere in 2000–2040, and `fromMs` a few hundred periods around
 *   it or on an occurrence (±1 ms); or
 * - near one of the zone's daylight-saving changes: the start j periods before
 *   it (j up to 400 days' worth reaches back across the opposite change, so
 *   that a winter start meets a fall back; j = 0: the start itself near the
 *   change, sometimes in the second pass), and `fromMs` near the change.
 */
function startAndFromArb(
  zoneName: string | undefined,
  period: PeriodParts,
): fc.Arbitrary<{ startMs: number; fromMs: number }> {
  const zone = zoneOf(zoneName);
  const roughMs = roughPeriodMs(period);
  const anywhere = startWallArb.chain((startWallMs) => {
    const startMs = instantOfWallClock(startWallMs, zone);
    return fc
      .oneof(
        fc.double({ min: -3, max: 300, noNaN: true }).map((periods) => startMs + Math.round(periods * roughMs)),
        fc
          .record({ k: fc.integer({ min: 0, max: 300 }), deltaMs: fc.constantFrom(-1, 0, 1) })
          .map(({ k, deltaMs }) => referenceInstant(startMs, zone, period, k) + deltaMs),
      )
      .map((fromMs) => ({ startMs, fromMs }));
  });
  const changes = zoneName === undefined ? [] : (TRANSITIONS.get(zoneName) ?? []);
  if (changes.length === 0) return anywhere;
  const maxPeriods = Math.min(400, Math.floor((400 * DAY_MS) / roughMs));
  const nearMs = Math.min(3 * HOUR_MS, 50 * roughMs);
  const nearChange = fc
    .record({
      changeMs: fc.constantFrom(...changes),
      periods: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: maxPeriods })),
      startJitterMs: fc.integer({ min: -nearMs, max: nearMs }),
      fromDeltaMs: fc.integer({ min: -nearMs, max: nearMs }),
    })
    .map(({ changeMs, periods, startJitterMs, fromDeltaMs }) => ({
      startMs: changeMs - Math.round(periods * roughMs) + startJitterMs,
      fromMs: changeMs + fromDeltaMs,
    }));
  return fc.oneof(anywhere, nearChange);
}

const isoCaseArb: fc.Arbitrary<IsoCase> = fc
  .record({
    zoneName: fc.constantFrom(...ZONES),
    period: periodArb,
    recurrences: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
    emptyStart: fc.boolean(),
  })
  .chain(({ zoneName, period, recurrences, emptyStart }) =>
    startAndFromArb(zoneName, period).map(({ startMs, fromMs }) => {
      const expression = `R${recurrences ?? ''}/${emptyStart ? '' : new Date(startMs).toISOString()}/${periodText(period)}`;
      const spec = {
        kind: 'iso8601' as const,
        expression,
        recurrences,
        startMs: emptyStart ? undefined : startMs,
        period: periodText(period),
        timeZone: zoneName,
      };
      // createdAtMs is the start when the start is empty, and must be ignored otherwise.
      const createdAtMs = emptyStart ? startMs : startMs + 12_345_678;
      return { spec, startMs, createdAtMs, zone: zoneOf(zoneName), period, fromMs };
    }),
  );

describe('ISO 8601 schedules against a naive walk', () => {
  it('firstOccurrenceAtOrAfter is the first k with start ⊕ k·period ≥ fromMs', () => {
    fc.assert(
      fc.property(isoCaseArb, ({ fromMs, ...c }) => {
        const expected = referenceAtOrAfter(c.startMs, c.zone, c.period, c.spec.recurrences, fromMs);
        expect(firstOccurrenceAtOrAfter(c.spec, fromMs, c.createdAtMs)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('occurrenceAfter chains: consecutive indexes, strictly increasing instants, the reference ones, ending at Rn', () => {
    fc.assert(
      fc.property(isoCaseArb, ({ fromMs, ...c }) => {
        let occurrence = firstOccurrenceAtOrAfter(c.spec, fromMs, c.createdAtMs);
        for (let step = 0; step < 6 && occurrence !== undefined; step += 1) {
          const next = occurrenceAfter(c.spec, occurrence, c.createdAtMs);
          const nextIndex = (occurrence.index ?? NaN) + 1;
          if (c.spec.recurrences !== undefined && nextIndex >= c.spec.recurrences) {
            expect(next).toBeUndefined();
          } else {
            expect(next).toEqual({
              index: nextIndex,
              atMs: referenceInstant(c.startMs, c.zone, c.period, nextIndex),
            });
            expect(next?.atMs).toBeGreaterThan(occurrence.atMs);
          }
          occurrence = next;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('far from the start (up to the year 2400): on occurrence k gives k, 1 ms later gives k + 1', () => {
    const untilMs = Date.UTC(2400, 0, 1);
    fc.assert(
      fc.property(
        isoCaseArb.chain((c) =>
          fc.tuple(
            fc.constant(c),
            fc.integer({ min: 0, max: Math.max(0, Math.floor((untilMs - c.startMs) / roughPeriodMs(c.period)) - 2) }),
            fc.constantFrom(-1, 0, 1),
          ),
        ),
        ([c, k, deltaMs]) => {
          const forever = { ...c.spec, recurrences: undefined };
          const expectedIndex = deltaMs > 0 ? k + 1 : k;
          const atMs = referenceInstant(c.startMs, c.zone, c.period, k);
          expect(firstOccurrenceAtOrAfter(forever, atMs + deltaMs, c.createdAtMs)).toEqual({
            index: expectedIndex,
            atMs: referenceInstant(c.startMs, c.zone, c.period, expectedIndex),
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------
// Cron

/** One field's building block. */
type Block =
  | { readonly kind: 'star' }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'list'; readonly first: number; readonly second: number }
  | { readonly kind: 'range'; readonly first: number; readonly last: number }
  | { readonly kind: 'step'; readonly step: number };

interface FieldDomain {
  readonly min: number;
  readonly max: number;
  /** Values for numbers, lists and ranges (day of month: up to 28, so that every month has them). */
  readonly valueMax: number;
  readonly stepMax: number;
  /** Numbers the generator favours (the small hours, where daylight saving changes). */
  readonly favoured?: readonly number[];
}

const MINUTE: FieldDomain = { min: 0, max: 59, valueMax: 59, stepMax: 30, favoured: [0, 15, 30, 45] };
const HOUR: FieldDomain = { min: 0, max: 23, valueMax: 23, stepMax: 12, favoured: [1, 2, 3] };
const DAY_OF_MONTH: FieldDomain = { min: 1, max: 31, valueMax: 28, stepMax: 15 };
const MONTH: FieldDomain = { min: 1, max: 12, valueMax: 12, stepMax: 6 };
const DAY_OF_WEEK: FieldDomain = { min: 0, max: 6, valueMax: 6, stepMax: 3 };

function blockArb(domain: FieldDomain, starWeight: number): fc.Arbitrary<Block> {
  const value = fc.integer({ min: domain.min, max: domain.valueMax });
  const number = domain.favoured === undefined ? value : fc.oneof(value, fc.constantFrom(...domain.favoured));
  const pair = fc
    .tuple(value, value)
    .filter(([a, b]) => a !== b)
    .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
  return fc.oneof(
    { arbitrary: fc.constant({ kind: 'star' as const }), weight: starWeight },
    { arbitrary: number.map((v) => ({ kind: 'number' as const, value: v })), weight: 2 },
    { arbitrary: pair.map(([first, second]) => ({ kind: 'list' as const, first, second })), weight: 1 },
    { arbitrary: pair.map(([first, last]) => ({ kind: 'range' as const, first, last })), weight: 1 },
    {
      arbitrary: fc.integer({ min: 2, max: domain.stepMax }).map((step) => ({ kind: 'step' as const, step })),
      weight: 1,
    },
  );
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'star':
      return '*';
    case 'number':
      return `${block.value}`;
    case 'list':
      return `${block.first},${block.second}`;
    case 'range':
      return `${block.first}-${block.last}`;
    case 'step':
      return `*/${block.step}`;
  }
}

function blockValues(block: Block, domain: FieldDomain): ReadonlySet<number> {
  const all = Array.from({ length: domain.max - domain.min + 1 }, (_, i) => domain.min + i);
  switch (block.kind) {
    case 'star':
      return new Set(all);
    case 'number':
      return new Set([block.value]);
    case 'list':
      return new Set([block.first, block.second]);
    case 'range':
      return new Set(all.filter((v) => v >= block.first && v <= block.last));
    case 'step':
      return new Set(all.filter((v) => (v - domain.min) % block.step === 0));
  }
}

interface CronCase {
  readonly expression: string;
  readonly zoneName: string;
  readonly matches: {
    readonly minute: ReadonlySet<number>;
    readonly hour: ReadonlySet<number>;
    readonly dayOfMonth: ReadonlySet<number>;
    readonly month: ReadonlySet<number>;
    readonly dayOfWeek: ReadonlySet<number>;
  };
  /**
   * Both day fields restricted (other than `*`): a day matches either. A stepped wildcard counts as restricted,
   * croner's reading (Vixie cron would count it as `*`), which `schedule.ts` keeps and documents.
   */
  readonly dayOr: boolean;
  /** One value in each of minute and hour: Vixie's (and croner's) fixed-time job. */
  readonly fixedTime: boolean;
}

interface CronBlocks {
  readonly minute: Block;
  readonly hour: Block;
  readonly dayOfMonth: Block;
  readonly month: Block;
  readonly dayOfWeek: Block;
}

function cronCase({ minute, hour, dayOfMonth, month, dayOfWeek }: CronBlocks, zoneName: string): CronCase {
  return {
    expression: [minute, hour, dayOfMonth, month, dayOfWeek].map(blockText).join(' '),
    zoneName,
    matches: {
      minute: blockValues(minute, MINUTE),
      hour: blockValues(hour, HOUR),
      dayOfMonth: blockValues(dayOfMonth, DAY_OF_MONTH),
      month: blockValues(month, MONTH),
      dayOfWeek: blockValues(dayOfWeek, DAY_OF_WEEK),
    },
    dayOr: dayOfMonth.kind !== 'star' && dayOfWeek.kind !== 'star',
    fixedTime: minute.kind === 'number' && hour.kind === 'number',
  };
}

const dayBlocksArb = fc.record({
  dayOfMonth: blockArb(DAY_OF_MONTH, 6),
  month: blockArb(MONTH, 8),
  dayOfWeek: blockArb(DAY_OF_WEEK, 6),
});

const cronCaseArb: fc.Arbitrary<CronCase> = fc
  .record({
    minute: blockArb(MINUTE, 2),
    hour: blockArb(HOUR, 2),
    days: dayBlocksArb,
    zoneName: fc.constantFrom(...ZONES.filter((zone) => zone !== undefined)),
  })
  .map(({ minute, hour, days, zoneName }) => cronCase({ minute, hour, ...days }, zoneName));

/**
 * A fixed-time job whose wall-clock time is within 90 minutes of a daylight-saving
 * change's (so often in its gap or its repeated hour), asked up to a day before
 * the change: the cases where croner's (Vixie's) fixed-time rules apply.
 */
const fixedTimeNearChangeArb: fc.Arbitrary<[CronCase, number]> = fc
  .constantFrom('America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Australia/Lord_Howe')
  .chain((zoneName) =>
    fc
      .record({
        changeMs: fc.constantFrom(...(TRANSITIONS.get(zoneName) ?? [])),
        wallDeltaMinutes: fc.integer({ min: -90, max: 90 }),
        fromBeforeMs: fc.integer({ min: 0, max: DAY_MS }),
        days: dayBlocksArb,
      })
      .map(({ changeMs, wallDeltaMinutes, fromBeforeMs, days }): [CronCase, number] => {
        const wall = DateTime.fromMillis(
          wallClockMs(changeMs, IANAZone.create(zoneName)) + wallDeltaMinutes * MINUTE_MS,
          { zone: 'utc' },
        );
        const minute: Block = { kind: 'number', value: wall.minute };
        const hour: Block = { kind: 'number', value: wall.hour };
        return [cronCase({ minute, hour, ...days }, zoneName), changeMs - fromBeforeMs];
      }),
  );

/** The reference scans at most this far; the generator keeps every expression matching within a year. */
const CRON_SCAN_MS = 400 * DAY_MS;

function referenceCronAtOrAfter(c: CronCase, fromMs: number): number | undefined {
  const zone = IANAZone.create(c.zoneName);
  const fieldsAt = (wallMs: number): DateTime => DateTime.fromMillis(wallMs, { zone: 'utc' });
  const dayMatches = (wall: DateTime): boolean => {
    if (!c.matches.month.has(wall.month)) return false;
    const dom = c.matches.dayOfMonth.has(wall.day);
    const dow = c.matches.dayOfWeek.has(wall.weekday % 7); // luxon: Monday 1 … Sunday 7; cron: Sunday 0
    return c.dayOr ? dom || dow : dom && dow;
  };
  const timeMatches = (wall: DateTime): boolean => c.matches.hour.has(wall.hour) && c.matches.minute.has(wall.minute);
  /** A second pass: the same wall clock 30, 60 or 120 minutes earlier (the zones' shifts). */
  const isSecondPass = (instantMs: number): boolean =>
    [30, 60, 120].some(
      (minutes) => wallClockMs(instantMs - minutes * MINUTE_MS, zone) === wallClockMs(instantMs, zone),
    );

  let instantMs = Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS;
  const untilMs = instantMs + CRON_SCAN_MS;
  while (instantMs < untilMs) {
    const wallMs = wallClockMs(instantMs, zone);
    const wall = fieldsAt(wallMs);
    if (c.fixedTime) {
      // The end of a gap: the wall clock jumped over the minutes between the previous one and this one.
      const previousWallMs = wallClockMs(instantMs - MINUTE_MS, zone);
      for (let skippedMs = previousWallMs + MINUTE_MS; skippedMs < wallMs; skippedMs += MINUTE_MS) {
        const skipped = fieldsAt(skippedMs);
        if (dayMatches(skipped) && timeMatches(skipped)) return instantMs;
      }
    }
    const minutesToMidnight = 24 * 60 - (wall.hour * 60 + wall.minute);
    const minutesToNextHour = 60 - wall.minute;
    // NOTE: the skips land on every daylight-saving change (these zones change at a whole or half hour of
    // wall-clock time, never near midnight), so a gap's end is always visited; 3 hours short of midnight
    // covers the longest shift.
    if (!dayMatches(wall)) instantMs += Math.max(minutesToNextHour, minutesToMidnight - 180) * MINUTE_MS;
    else if (!c.matches.hour.has(wall.hour)) instantMs += minutesToNextHour * MINUTE_MS;
    else if (c.matches.minute.has(wall.minute) && !(c.fixedTime && isSecondPass(instantMs))) return instantMs;
    else instantMs += MINUTE_MS;
  }
  return undefined;
}

/** `fromMs`: anywhere in 2000–2040, or within three hours of one of the zone's daylight-saving changes. */
const cronFromArb = (c: CronCase): fc.Arbitrary<number> => {
  const anywhere = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) });
  const changes = TRANSITIONS.get(c.zoneName) ?? [];
  if (changes.length === 0) return anywhere;
  const nearChange = fc
    .tuple(fc.constantFrom(...changes), fc.integer({ min: -180 * MINUTE_MS, max: 180 * MINUTE_MS }))
    .map(([changeMs, deltaMs]) => changeMs + deltaMs);
  // On a whole minute half the time: exactly on a run is "at or after".
  const onMinute = fc.oneof(anywhere, nearChange).map((ms) => Math.floor(ms / MINUTE_MS) * MINUTE_MS);
  return fc.oneof(anywhere, nearChange, nearChange, onMinute, onMinute, onMinute);
};

describe('cron schedules against a minute-by-minute scan', () => {
  it('the first occurrence at or after fromMs, and the next two, are the reference ones', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          cronCaseArb.chain((c) => fc.tuple(fc.constant(c), cronFromArb(c))),
          fixedTimeNearChangeArb,
        ),
        ([c, fromMs]) => {
          const spec: ScheduleSpec = { kind: 'cron', expression: c.expression, timeZone: c.zoneName };
          let occurrence = firstOccurrenceAtOrAfter(spec, fromMs, 0);
          let expectedMs = referenceCronAtOrAfter(c, fromMs);
          for (let step = 0; step < 3; step += 1) {
            // The generator keeps every expression matching within a year, so the scan always finds one.
            expect(expectedMs).toBeDefined();
            expect(occurrence).toEqual({ index: undefined, atMs: expectedMs });
            if (occurrence === undefined || expectedMs === undefined) return;
            expectedMs = referenceCronAtOrAfter(c, occurrence.atMs + 1);
            occurrence = occurrenceAfter(spec, occurrence, 0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
