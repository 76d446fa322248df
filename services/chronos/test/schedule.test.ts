import { describe, expect, it } from 'vitest';
import type { ScheduleSpec } from '../src/core/model.js';
import {
  firstOccurrenceAtOrAfter,
  occurrenceAfter,
  remainingRecurrences,
  type Occurrence,
} from '../src/core/schedule.js';
import { parseCronSchedule, parseIso8601Schedule } from '../src/core/schedule-parse.js';

const at = (iso: string): number => Date.parse(iso);
const CREATED_AT_MS = at('2026-05-05T05:05:05.005Z');

function iso(expression: string, timeZone?: string): ScheduleSpec {
  const parsed = parseIso8601Schedule(expression, timeZone);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.spec;
}

function cron(expression: string, timeZone?: string): ScheduleSpec {
  const parsed = parseCronSchedule(expression, timeZone);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.spec;
}

/** The first `count` occurrences at or after `fromMs`, as ISO instants (UTC). */
function occurrences(spec: ScheduleSpec, fromMs: number, count: number): string[] {
  const out: string[] = [];
  let occurrence = firstOccurrenceAtOrAfter(spec, fromMs, CREATED_AT_MS);
  while (occurrence !== undefined && out.length < count) {
    out.push(new Date(occurrence.atMs).toISOString());
    occurrence = occurrenceAfter(spec, occurrence, CREATED_AT_MS);
  }
  return out;
}

describe('ISO 8601: daylight saving with a zone', () => {
  it.each([
    // [expression, zone, from, the next three instants (UTC)]
    // US spring forward, 2026-03-08 02:00 EST → 03:00 EDT. 12:00 EST = 17:00Z; 12:00 EDT = 16:00Z (23 h later).
    [
      'R/2026-03-07T12:00:00/P1D',
      'America/New_York',
      '2026-03-07T00:00:00Z',
      ['2026-03-07T17:00:00.000Z', '2026-03-08T16:00:00.000Z', '2026-03-09T16:00:00.000Z'],
    ],
    // PT24H is elapsed time: 17:00Z each day, 13:00 EDT after the change.
    [
      'R/2026-03-07T12:00:00/PT24H',
      'America/New_York',
      '2026-03-07T00:00:00Z',
      ['2026-03-07T17:00:00.000Z', '2026-03-08T17:00:00.000Z', '2026-03-09T17:00:00.000Z'],
    ],
    // US fall back, 2026-11-01 02:00 EDT → 01:00 EST. 12:00 EDT = 16:00Z; 12:00 EST = 17:00Z (25 h later).
    [
      'R/2026-10-31T12:00:00/P1D',
      'America/New_York',
      '2026-10-31T00:00:00Z',
      ['2026-10-31T16:00:00.000Z', '2026-11-01T17:00:00.000Z', '2026-11-02T17:00:00.000Z'],
    ],
    // PT24H: 16:00Z each day, 11:00 EST after the change.
    [
      'R/2026-10-31T12:00:00/PT24H',
      'America/New_York',
      '2026-10-31T00:00:00Z',
      ['2026-10-31T16:00:00.000Z', '2026-11-01T16:00:00.000Z', '2026-11-02T16:00:00.000Z'],
    ],
    // EU spring forward, 2026-03-29 02:00 CET → 03:00 CEST. 12:00 CET = 11:00Z; 12:00 CEST = 10:00Z (23 h).
    [
      'R/2026-03-28T12:00:00/P1D',
      'Europe/Berlin',
      '2026-03-28T00:00:00Z',
      ['2026-03-28T11:00:00.000Z', '2026-03-29T10:00:00.000Z', '2026-03-30T10:00:00.000Z'],
    ],
    // PT24H: 11:00Z each day, 13:00 CEST after the change.
    [
      'R/2026-03-28T12:00:00/PT24H',
      'Europe/Berlin',
      '2026-03-28T00:00:00Z',
      ['2026-03-28T11:00:00.000Z', '2026-03-29T11:00:00.000Z', '2026-03-30T11:00:00.000Z'],
    ],
    // EU fall back, 2026-10-25 03:00 CEST → 02:00 CET. 12:00 CEST = 10:00Z; 12:00 CET = 11:00Z (25 h).
    [
      'R/2026-10-24T12:00:00/P1D',
      'Europe/Berlin',
      '2026-10-24T00:00:00Z',
      ['2026-10-24T10:00:00.000Z', '2026-10-25T11:00:00.000Z', '2026-10-26T11:00:00.000Z'],
    ],
    // PT24H: 10:00Z each day, 11:00 CET after the change.
    [
      'R/2026-10-24T12:00:00/PT24H',
      'Europe/Berlin',
      '2026-10-24T00:00:00Z',
      ['2026-10-24T10:00:00.000Z', '2026-10-25T10:00:00.000Z', '2026-10-26T10:00:00.000Z'],
    ],
    // A gap: 2026-03-08 02:30 does not exist in New York; luxon moves it forward by the gap (1 h) to 03:30 EDT = 07:30Z.
    // The next day is 02:30 EDT = 06:30Z again (computed from the start, not from 03:30).
    [
      'R/2026-03-07T02:30:00/P1D',
      'America/New_York',
      '2026-03-07T00:00:00Z',
      ['2026-03-07T07:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z'],
    ],
    // EU gap: 2026-03-29 02:30 → 03:30 CEST = 01:30Z; then 02:30 CEST = 00:30Z.
    [
      'R/2026-03-28T02:30:00/P1D',
      'Europe/Berlin',
      '2026-03-28T00:00:00Z',
      ['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z'],
    ],
    // Overlap, start in summer: 2026-11-01 01:30 happens at 05:30Z (EDT) and 06:30Z (EST): the first pass.
    [
      'R/2026-10-31T01:30:00/P1D',
      'America/New_York',
      '2026-10-31T00:00:00Z',
      ['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'],
    ],
    // Overlap, start in winter (01:30 EST = 06:30Z): still the first pass, 05:30Z (CHOICE; luxon alone gives 06:30Z).
    // Jan 15 → Nov 1 is 290 days (31+28+31+30+31+30+31+31+30 to Oct 15, +17).
    [
      'R/2026-01-15T01:30:00/P1D',
      'America/New_York',
      '2026-10-31T00:00:00Z',
      ['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'],
    ],
    // EU overlap from a winter start: 2026-10-25 02:30 is 00:30Z (CEST) and 01:30Z (CET): 00:30Z.
    [
      'R/2026-01-10T02:30:00/P1D',
      'Europe/Berlin',
      '2026-10-24T12:00:00Z',
      ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z', '2026-10-27T01:30:00.000Z'],
    ],
    // Mixed: 01:30 EST + P1D = 2026-03-08 01:30 EST (06:30Z), + 1 h = 07:30Z (03:30 EDT);
    // k = 2: 03-09 01:30 EDT (05:30Z) + 2 h = 07:30Z; k = 3: 03-10 05:30Z + 3 h = 08:30Z.
    [
      'R/2026-03-07T01:30:00/P1DT1H',
      'America/New_York',
      '2026-03-07T00:00:00Z',
      ['2026-03-07T06:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-09T07:30:00.000Z'],
    ],
    // Mixed, calendar part in the gap: 03-08 02:30 → 03:30 EDT (07:30Z), then + 1 h = 08:30Z.
    [
      'R/2026-03-07T02:30:00/P1DT1H',
      'America/New_York',
      '2026-03-07T00:00:00Z',
      ['2026-03-07T07:30:00.000Z', '2026-03-08T08:30:00.000Z', '2026-03-09T08:30:00.000Z'],
    ],
    // A fraction of a day: 1 calendar day (03-08 12:00 EDT = 16:00Z) + 12 h = 03-09 04:00Z; k = 2: 3 days, 03-10 12:00 EDT.
    [
      'R/2026-03-07T12:00:00/P1.5D',
      'America/New_York',
      '2026-03-07T00:00:00Z',
      ['2026-03-07T17:00:00.000Z', '2026-03-09T04:00:00.000Z', '2026-03-10T16:00:00.000Z'],
    ],
    // PT1H across the US fall back: every elapsed hour; 01:00 EDT (05:00Z) and 01:00 EST (06:00Z) both.
    [
      'R/2026-11-01T00:00:00/PT1H',
      'America/New_York',
      '2026-11-01T04:30:00Z',
      ['2026-11-01T05:00:00.000Z', '2026-11-01T06:00:00.000Z', '2026-11-01T07:00:00.000Z'],
    ],
    // Asia/Kolkata (+05:30, no daylight saving): 09:00 IST = 03:30Z.
    [
      'R/2026-01-01T09:00:00/P1D',
      'Asia/Kolkata',
      '2026-01-01T00:00:00Z',
      ['2026-01-01T03:30:00.000Z', '2026-01-02T03:30:00.000Z', '2026-01-03T03:30:00.000Z'],
    ],
  ] as const)('%s in %s from %s', (expression, zone, from, expected) => {
    expect(occurrences(iso(expression, zone), at(from), 3)).toEqual(expected);
  });

  it('the winter-start overlap occurrence is index 290 (Jan 15 → Nov 1)', () => {
    expect(
      firstOccurrenceAtOrAfter(iso('R/2026-01-15T01:30:00/P1D', 'America/New_York'), at('2026-11-01T00:00:00Z'), 0),
    ).toEqual({ index: 290, atMs: at('2026-11-01T05:30:00Z') });
  });
});

describe('ISO 8601: calendar arithmetic from the original start', () => {
  it.each([
    // Leap day + P1Y: k·1 year from 2024-02-29, clamped to Feb 28 in common years.
    ['R/2024-02-29T00:00:00Z/P1Y', ['2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']],
    // Month ends: Jan 31 + k months, clamped; no drift (Chronos's re-basing gave Mar 28, Apr 28 …).
    ['R/2026-01-31T10:00:00Z/P1M', ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']],
    ['R/2028-01-31T10:00:00Z/P1M', ['2028-01-31', '2028-02-29', '2028-03-31', '2028-04-30', '2028-05-31']],
    // The clamp comes before the days: Jan 31 + 1M = Feb 28, + 1D = Mar 1; 2M2D: Mar 31 + 2 = Apr 2; 3M3D: Apr 30 + 3 = May 3.
    ['R/2026-01-31T10:00:00Z/P1M1D', ['2026-01-31', '2026-03-01', '2026-04-02', '2026-05-03', '2026-06-04']],
    // Weeks: 7 calendar days.
    ['R/2026-03-02T10:00:00Z/P2W', ['2026-03-02', '2026-03-16', '2026-03-30', '2026-04-13', '2026-04-27']],
  ] as const)('%s', (expression, expectedDays) => {
    const days = occurrences(iso(expression), 0, 5).map((instant) => instant.slice(0, 10));
    expect(days).toEqual(expectedDays);
  });

  it('P1M from Jan 31 in Europe/Berlin keeps 10:00 local across the spring change', () => {
    // 10:00 CET = 09:00Z until March; 10:00 CEST = 08:00Z from Mar 31.
    expect(occurrences(iso('R/2026-01-31T10:00:00/P1M', 'Europe/Berlin'), 0, 4)).toEqual([
      '2026-01-31T09:00:00.000Z',
      '2026-02-28T09:00:00.000Z',
      '2026-03-31T08:00:00.000Z',
      '2026-04-30T08:00:00.000Z',
    ]);
  });
});

describe('ISO 8601: recurrences, start, "at or after"', () => {
  it.each([
    // [expression, from, expected occurrences as [index, instant]]
    ['R0/2026-01-01T00:00:00Z/PT1H', '2020-01-01T00:00:00Z', []],
    ['R1/2026-01-01T00:00:00Z/PT1H', '2020-01-01T00:00:00Z', [[0, '2026-01-01T00:00:00.000Z']]],
    // R1 asked 1 ms after its only occurrence: none left.
    ['R1/2026-01-01T00:00:00Z/PT1H', '2026-01-01T00:00:00.001Z', []],
    [
      'R3/2026-01-01T00:00:00Z/PT1H',
      '2020-01-01T00:00:00Z',
      [
        [0, '2026-01-01T00:00:00.000Z'],
        [1, '2026-01-01T01:00:00.000Z'],
        [2, '2026-01-01T02:00:00.000Z'],
      ],
    ],
    // From 00:30: k = ceil(0.5) = 1, then 2, then none.
    [
      'R3/2026-01-01T00:00:00Z/PT1H',
      '2026-01-01T00:30:00Z',
      [
        [1, '2026-01-01T01:00:00.000Z'],
        [2, '2026-01-01T02:00:00.000Z'],
      ],
    ],
    ['R3/2026-01-01T00:00:00Z/PT1H', '2026-01-01T02:00:00.001Z', []],
    // Exactly on occurrence 2 (02:00): returned.
    ['R/2026-01-01T00:00:00Z/PT1H', '2026-01-01T02:00:00Z', [[2, '2026-01-01T02:00:00.000Z']]],
    // 1 ms after it: occurrence 3.
    ['R/2026-01-01T00:00:00Z/PT1H', '2026-01-01T02:00:00.001Z', [[3, '2026-01-01T03:00:00.000Z']]],
    // R3 with a calendar period: Jan 31, Feb 28, Mar 31, then none.
    ['R3/2026-01-31T00:00:00Z/P1M', '2026-03-01T00:00:00Z', [[2, '2026-03-31T00:00:00.000Z']]],
    ['R3/2026-01-31T00:00:00Z/P1M', '2026-03-31T00:00:00.001Z', []],
    // 2012-10-01T05:52:00Z → 2026-04-01T12:34:56.789Z is 4930 days (13 years with 3 leap days = 4748, + 182 from
    // Oct 1 to Apr 1) and 06:42:56.789: the next whole second is k = 4930·86,400 + 24,177 = 425,976,177.
    ['R/2012-10-01T05:52:00Z/PT1S', '2026-04-01T12:34:56.789Z', [[425_976_177, '2026-04-01T12:34:57.000Z']]],
    // PT2S, 10 recurrences (k = 0..9): the last is 05:52:18; from 05:52:17 → k = ceil(8.5) = 9.
    ['R10/2012-10-01T05:52:00Z/PT2S', '2012-10-01T05:52:17Z', [[9, '2012-10-01T05:52:18.000Z']]],
  ] as const)('%s from %s', (expression, from, expected) => {
    const spec = iso(expression);
    // A finite schedule is followed to its end; `R` (forever) as far as the row shows.
    const limit = spec.kind === 'iso8601' && spec.recurrences === undefined ? expected.length : Infinity;
    const got: [number | undefined, string][] = [];
    let occurrence = firstOccurrenceAtOrAfter(spec, at(from), CREATED_AT_MS);
    while (occurrence !== undefined && got.length < limit) {
      got.push([occurrence.index, new Date(occurrence.atMs).toISOString()]);
      occurrence = occurrenceAfter(spec, occurrence, CREATED_AT_MS);
    }
    expect(got).toEqual(expected);
  });

  it('an empty start is createdAtMs', () => {
    // Created 2026-05-05T05:05:05.005Z; PT10S: k = 0, 1, 2, 3 and 4 (R5), then none.
    const spec = iso('R5//PT10S');
    expect(firstOccurrenceAtOrAfter(spec, 0, CREATED_AT_MS)).toEqual({ index: 0, atMs: CREATED_AT_MS });
    expect(firstOccurrenceAtOrAfter(spec, CREATED_AT_MS + 1, CREATED_AT_MS)).toEqual({
      index: 1,
      atMs: CREATED_AT_MS + 10_000,
    });
    expect(occurrences(spec, 0, 10)).toHaveLength(5);
    // Created in the second pass of 01:30 in New York (2026-11-01T06:30Z, EST): occurrence 0 is that instant, not
    // moved to the first pass (05:30Z); occurrence 1, 2026-11-02 01:30 EST, is 24 h later.
    const createdInOverlapMs = at('2026-11-01T06:30:00Z');
    const daily = iso('R//P1D', 'America/New_York');
    expect(firstOccurrenceAtOrAfter(daily, 0, createdInOverlapMs)).toEqual({ index: 0, atMs: createdInOverlapMs });
    expect(occurrenceAfter(daily, { index: 0, atMs: createdInOverlapMs }, createdInOverlapMs)).toEqual({
      index: 1,
      atMs: at('2026-11-02T06:30:00Z'),
    });
    // A given start ignores createdAtMs.
    expect(firstOccurrenceAtOrAfter(iso('R/2026-01-01T00:00:00Z/P1D'), 0, CREATED_AT_MS)?.atMs).toBe(
      at('2026-01-01T00:00:00Z'),
    );
  });

  it('stays fast far from the start: 2012 + PT1S and P1D in a zone, asked in 2026', () => {
    const perSecond = iso('R/2012-10-01T05:52:00Z/PT1S');
    const daily = iso('R/2012-10-01T05:52:00/P1D', 'Europe/Berlin');
    const startedMs = performance.now();
    for (let i = 0; i < 1000; i += 1) {
      const fromMs = at('2026-04-01T00:00:00Z') + i * 997_331;
      const second = firstOccurrenceAtOrAfter(perSecond, fromMs, 0);
      expect(second?.atMs).toBe(Math.ceil(fromMs / 1000) * 1000);
      const day = firstOccurrenceAtOrAfter(daily, fromMs, 0);
      expect(day?.atMs).toBeGreaterThanOrEqual(fromMs);
    }
    // A walk from 2012 would take 425 million steps per call; this takes milliseconds.
    expect(performance.now() - startedMs).toBeLessThan(5_000);
  });

  it('remainingRecurrences: n − nextIndex, at least 0; undefined for R and cron', () => {
    const r3 = iso('R3/2026-01-01T00:00:00Z/PT1H');
    expect([0, 1, 2, 3, 7].map((next) => remainingRecurrences(r3, next))).toEqual([3, 2, 1, 0, 0]);
    expect(remainingRecurrences(iso('R0/2026-01-01T00:00:00Z/PT1H'), 0)).toBe(0);
    expect(remainingRecurrences(iso('R/2026-01-01T00:00:00Z/PT1H'), 5)).toBeUndefined();
    expect(remainingRecurrences(cron('* * * * *'), 5)).toBeUndefined();
  });
});

describe('cron', () => {
  it.each([
    // [expression, zone, from, the next three instants (UTC)]
    // Fixed-time job in the US gap (2026-03-08, 02:00 → 03:00 EDT): runs at the end of the gap, 03:00 EDT = 07:00Z;
    // the next day 02:30 EDT = 06:30Z.
    [
      '30 2 * * *',
      'America/New_York',
      '2026-03-07T12:00:00Z',
      ['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z'],
    ],
    // US fall back (01:00–01:59 twice): 02:30 happens once, 02:30 EST = 07:30Z.
    [
      '30 2 * * *',
      'America/New_York',
      '2026-10-31T12:00:00Z',
      ['2026-11-01T07:30:00.000Z', '2026-11-02T07:30:00.000Z', '2026-11-03T07:30:00.000Z'],
    ],
    // 01:30 happens twice (05:30Z EDT, 06:30Z EST): once, the first pass; then 01:30 EST on 11-02 = 06:30Z.
    [
      '30 1 * * *',
      'America/New_York',
      '2026-10-31T12:00:00Z',
      ['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z', '2026-11-03T06:30:00.000Z'],
    ],
    // Asked between the two passes (05:40Z): the next day, not the second pass.
    [
      '30 1 * * *',
      'America/New_York',
      '2026-11-01T05:40:00Z',
      ['2026-11-02T06:30:00.000Z', '2026-11-03T06:30:00.000Z', '2026-11-04T06:30:00.000Z'],
    ],
    // EU gap (2026-03-29, 02:00 CET → 03:00 CEST): 03:00 CEST = 01:00Z; then 02:30 CEST = 00:30Z.
    [
      '30 2 * * *',
      'Europe/Berlin',
      '2026-03-28T12:00:00Z',
      ['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z', '2026-03-31T00:30:00.000Z'],
    ],
    // EU fall back (2026-10-25, 02:00–02:59 twice): the first pass, 02:30 CEST = 00:30Z; then 02:30 CET = 01:30Z.
    [
      '30 2 * * *',
      'Europe/Berlin',
      '2026-10-24T12:00:00Z',
      ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z', '2026-10-27T01:30:00.000Z'],
    ],
    // An interval job runs in both passes: 02:30 CEST (00:30Z), 02:00 CET (01:00Z), 02:30 CET (01:30Z).
    [
      '*/30 * * * *',
      'Europe/Berlin',
      '2026-10-25T00:15:00Z',
      ['2026-10-25T00:30:00.000Z', '2026-10-25T01:00:00.000Z', '2026-10-25T01:30:00.000Z'],
    ],
    // … and skips the gap: 01:30 CET (00:30Z), then 03:00 CEST (01:00Z); 02:00 and 02:30 do not exist.
    [
      '*/30 * * * *',
      'Europe/Berlin',
      '2026-03-29T00:15:00Z',
      ['2026-03-29T00:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z'],
    ],
    // A list is an interval job for croner: 02:30 skipped on 03-29 (14:30 CEST = 12:30Z runs).
    [
      '30 2,14 * * *',
      'Europe/Berlin',
      '2026-03-28T12:00:00Z',
      ['2026-03-28T13:30:00.000Z', '2026-03-29T12:30:00.000Z', '2026-03-30T00:30:00.000Z'],
    ],
    // … and runs in both passes on 10-25: 00:30Z and 01:30Z.
    [
      '30 2,14 * * *',
      'Europe/Berlin',
      '2026-10-24T14:00:00Z',
      ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z', '2026-10-25T13:30:00.000Z'],
    ],
    // Asia/Kolkata, +05:30: 09:00 IST = 03:30Z; midnight Jan 1 IST = Dec 31 18:30Z.
    [
      '0 9 * * *',
      'Asia/Kolkata',
      '2026-01-01T00:00:00Z',
      ['2026-01-01T03:30:00.000Z', '2026-01-02T03:30:00.000Z', '2026-01-03T03:30:00.000Z'],
    ],
    [
      '0 0 1 1 *',
      'Asia/Kolkata',
      '2026-01-01T00:00:00Z',
      ['2026-12-31T18:30:00.000Z', '2027-12-31T18:30:00.000Z', '2028-12-31T18:30:00.000Z'],
    ],
    // Australia/Lord_Howe, a half-hour shift. Spring 2026-10-04 02:00 (+10:30) → 02:30 (+11):
    // 02:15 is in the gap and runs at its end, 02:30 +11 = 10-03 15:30Z; then 02:15 +11 = 15:15Z.
    [
      '15 2 * * *',
      'Australia/Lord_Howe',
      '2026-10-03T00:00:00Z',
      ['2026-10-03T15:30:00.000Z', '2026-10-04T15:15:00.000Z', '2026-10-05T15:15:00.000Z'],
    ],
    // Fall 2026-04-05 02:00 (+11) → 01:30 (+10:30): 01:45 twice, the first pass, 01:45 +11 = 04-04 14:45Z;
    // then 01:45 +10:30 = 15:15Z.
    [
      '45 1 * * *',
      'Australia/Lord_Howe',
      '2026-04-04T00:00:00Z',
      ['2026-04-04T14:45:00.000Z', '2026-04-05T15:15:00.000Z', '2026-04-06T15:15:00.000Z'],
    ],
    // Day of month OR day of week (both restricted): Jan 1 (a Thursday), then Mondays Jan 5, 12.
    [
      '0 12 1 * MON',
      'UTC',
      '2026-01-01T00:00:00Z',
      ['2026-01-01T12:00:00.000Z', '2026-01-05T12:00:00.000Z', '2026-01-12T12:00:00.000Z'],
    ],
    // `*/2` counts as restricted (only `*` does not), so OR: odd days and Mondays, Jun 3, 5, 7 …
    // (Vixie cron counts a field starting with `*` as unrestricted and would AND: odd Mondays, Jun 15.)
    [
      '0 0 */2 * MON',
      'UTC',
      '2026-06-02T00:00:00Z',
      ['2026-06-03T00:00:00.000Z', '2026-06-05T00:00:00.000Z', '2026-06-07T00:00:00.000Z'],
    ],
    // Leap days only: 2028, 2032, 2036.
    [
      '0 0 29 2 *',
      'UTC',
      '2026-01-01T00:00:00Z',
      ['2028-02-29T00:00:00.000Z', '2032-02-29T00:00:00.000Z', '2036-02-29T00:00:00.000Z'],
    ],
    // Never: Feb 30.
    ['0 0 30 2 *', 'UTC', '2026-01-01T00:00:00Z', []],
  ] as const)('%s in %s from %s', (expression, zone, from, expected) => {
    expect(occurrences(cron(expression, zone), at(from), 3)).toEqual(expected);
  });

  it.each([
    // [from, expected]: "at or after", ms precision, runs on whole minutes.
    ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'], // exactly on a run: returned
    ['2025-12-31T23:59:59.999Z', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01T00:00:00.001Z', '2026-01-02T00:00:00.000Z'], // 1 ms late: the next day
  ])('0 0 * * * from %s', (from, expected) => {
    const occurrence = firstOccurrenceAtOrAfter(cron('0 0 * * *'), at(from), CREATED_AT_MS);
    expect(occurrence).toEqual({ index: undefined, atMs: at(expected) });
  });

  it('occurrenceAfter is strictly later: every minute, from one on a minute', () => {
    const spec = cron('* * * * *');
    const occurrence: Occurrence = { index: undefined, atMs: at('2026-01-01T00:00:00Z') };
    expect(occurrenceAfter(spec, occurrence, CREATED_AT_MS)?.atMs).toBe(at('2026-01-01T00:01:00Z'));
  });
});
