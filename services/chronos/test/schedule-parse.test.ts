import { describe, expect, it } from 'vitest';
import { parseCronSchedule, parseIso8601Schedule } from '../src/core/schedule-parse.js';

describe('parseIso8601Schedule', () => {
  it.each([
    // [expression, zone, recurrences, start (UTC), period]
    ['R/2014-10-10T18:32:00Z/PT60M', undefined, undefined, '2014-10-10T18:32:00.000Z', 'PT60M'],
    ['R10/2012-10-01T05:52:00Z/PT2S', undefined, 10, '2012-10-01T05:52:00.000Z', 'PT2S'],
    ['R0/2012-10-01T05:52:00Z/P1D', undefined, 0, '2012-10-01T05:52:00.000Z', 'P1D'],
    // +01:00 offset: 19:20:30.45 at +01:00 is 18:20:30.450 UTC
    ['R/1997-07-16T19:20:30.45+01:00/P1M', undefined, undefined, '1997-07-16T18:20:30.450Z', 'P1M'],
    // No offset: UTC.
    ['R/2026-01-01T00:00:00/PT1H', undefined, undefined, '2026-01-01T00:00:00.000Z', 'PT1H'],
    // The zone keeps the wall clock: 18:32 Pacific daylight time (UTC-7) is 01:32 UTC the next day.
    ['R/2014-10-10T18:32:00Z/PT60M', 'America/Los_Angeles', undefined, '2014-10-11T01:32:00.000Z', 'PT60M'],
    // 18:32 Pacific standard time (UTC-8) in December.
    ['R/2014-12-10T18:32:00-03:00/PT60M', 'America/Los_Angeles', undefined, '2014-12-11T02:32:00.000Z', 'PT60M'],
  ])('%s in %s', (expression, zone, recurrences, start, period) => {
    const parsed = parseIso8601Schedule(expression, zone);
    expect(parsed).toEqual({
      ok: true,
      spec: { kind: 'iso8601', expression, recurrences, startMs: Date.parse(start), period, timeZone: zone },
    });
  });

  it('an empty start is undefined (from when the job is created)', () => {
    expect(parseIso8601Schedule('R5//PT10S')).toMatchObject({ ok: true, spec: { startMs: undefined, recurrences: 5 } });
  });

  it.each([
    ['', 'not an ISO 8601 repeating interval'],
    ['2014-10-10T18:32:00Z/PT60M', 'not an ISO 8601 repeating interval'],
    ['R/2014-10-10T18:32:00Z', 'not an ISO 8601 repeating interval'],
    ['Rx/2014-10-10T18:32:00Z/PT1H', 'not an ISO 8601 repeating interval'],
    ['R/2014-13-10T18:32:00Z/PT1H', 'is not an ISO 8601 date-time'],
    ['R/yesterday/PT1H', 'is not an ISO 8601 date-time'],
    ['R/2014-10-10T18:32:00Z/P', 'must be longer than zero'],
    ['R/2014-10-10T18:32:00Z/PT1X', 'is not an ISO 8601 duration'],
    ['R/2014-10-10T18:32:00Z/PT0S', 'must be longer than zero'],
    ['R/2014-10-10T18:32:00Z/PT-1H', 'must be longer than zero'],
  ])('refuses %j', (expression, message) => {
    const parsed = parseIso8601Schedule(expression);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });

  it('refuses an unknown zone, naming it', () => {
    expect(parseIso8601Schedule('R/2014-10-10T18:32:00Z/PT1H', 'Mars/Olympus')).toEqual({
      ok: false,
      message: expect.stringContaining('"Mars/Olympus"'),
    });
  });
});

describe('parseCronSchedule', () => {
  it('five fields in UTC by default; extra spaces collapse', () => {
    expect(parseCronSchedule(' 30  2 * * MON-FRI ')).toEqual({
      ok: true,
      spec: { kind: 'cron', expression: '30 2 * * MON-FRI', timeZone: 'UTC' },
    });
    expect(parseCronSchedule('*/5 * * * *', 'Europe/Berlin')).toMatchObject({
      ok: true,
      spec: { timeZone: 'Europe/Berlin' },
    });
  });

  it.each([
    ['* * * *', 'five fields'],
    ['0 * * * * *', 'five fields'],
    ['61 * * * *', 'not a valid cron expression'],
    ['* 25 * * *', 'not a valid cron expression'],
    ['* * * * FUNDAY', 'not a valid cron expression'],
  ])('refuses %j', (expression, message) => {
    const parsed = parseCronSchedule(expression);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });

  it('refuses an unknown zone', () => {
    expect(parseCronSchedule('* * * * *', 'Nowhere/City').ok).toBe(false);
  });
});
