/**
 * Resources in Tessera's domain: what an agent has, what a task needs, what an
 * offer holds. Plain immutable data; every function here is pure.
 *
 * A resource list is *normalized* when no two entries share a key (name, type,
 * reservation, revocable), no scalar is zero, and no range or set is empty.
 * Every function that returns a list returns it normalized.
 */

export type ReservationType = 'static' | 'dynamic';

export interface Reservation {
  readonly type: ReservationType;
  /** Role path, e.g. "eng" or "eng/ml". */
  readonly role: string;
  /** Principal that made a dynamic reservation. */
  readonly principal?: string;
}

/** A closed interval of integers, both ends included. */
export interface ValueRange {
  readonly begin: number;
  readonly end: number;
}

interface ResourceBase {
  readonly name: string;
  /** Absent: unreserved (role "*"). */
  readonly reservation?: Reservation;
  readonly revocable?: boolean;
}

export interface ScalarResource extends ResourceBase {
  readonly type: 'scalar';
  /** cpus in cores; mem and disk in MB. Fixed-point with 3 decimals. */
  readonly scalar: number;
}

export interface RangesResource extends ResourceBase {
  readonly type: 'ranges';
  /** Sorted, non-overlapping, non-adjacent. */
  readonly ranges: readonly ValueRange[];
}

export interface SetResource extends ResourceBase {
  readonly type: 'set';
  /** Sorted, unique. */
  readonly set: readonly string[];
}

export type Resource = ScalarResource | RangesResource | SetResource;
export type Resources = readonly Resource[];

/** Scalars are fixed-point with three decimals, as in Mesos. */
export function roundScalar(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function reservationKey(reservation: Reservation | undefined): string {
  if (reservation === undefined) return '*';
  return `${reservation.type}:${reservation.role}:${reservation.principal ?? ''}`;
}

/** Entries with equal keys merge when added. */
function resourceKey(resource: Resource): string {
  return `${resource.name}|${resource.type}|${reservationKey(resource.reservation)}|${resource.revocable === true ? 'r' : ''}`;
}

// ---------- ranges ----------

/** Sorts and coalesces overlapping or adjacent ranges. */
export function normalizeRanges(ranges: readonly ValueRange[]): ValueRange[] {
  const sorted = ranges.filter((r) => r.end >= r.begin).sort((a, b) => a.begin - b.begin);
  const out: ValueRange[] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && range.begin <= last.end + 1) {
      out[out.length - 1] = { begin: last.begin, end: Math.max(last.end, range.end) };
    } else {
      out.push({ begin: range.begin, end: range.end });
    }
  }
  return out;
}

export function rangesSize(ranges: readonly ValueRange[]): number {
  return ranges.reduce((sum, r) => sum + (r.end - r.begin + 1), 0);
}

/** Every value of `inner` is in `outer` (both normalized). */
export function rangesContain(outer: readonly ValueRange[], inner: readonly ValueRange[]): boolean {
  return inner.every((r) => outer.some((o) => o.begin <= r.begin && r.end <= o.end));
}

/** `outer` minus `inner`. */
export function subtractRanges(outer: readonly ValueRange[], inner: readonly ValueRange[]): ValueRange[] {
  let current = normalizeRanges(outer);
  for (const cut of normalizeRanges(inner)) {
    const next: ValueRange[] = [];
    for (const r of current) {
      if (cut.end < r.begin || cut.begin > r.end) {
        next.push(r);
        continue;
      }
      if (cut.begin > r.begin) next.push({ begin: r.begin, end: cut.begin - 1 });
      if (cut.end < r.end) next.push({ begin: cut.end + 1, end: r.end });
    }
    current = next;
  }
  return current;
}

// ---------- lists ----------

function isEmptyResource(resource: Resource): boolean {
  switch (resource.type) {
    case 'scalar':
      return roundScalar(resource.scalar) === 0;
    case 'ranges':
      return resource.ranges.length === 0;
    case 'set':
      return resource.set.length === 0;
  }
}

function merge(a: Resource, b: Resource): Resource {
  if (a.type === 'scalar' && b.type === 'scalar') return { ...a, scalar: roundScalar(a.scalar + b.scalar) };
  if (a.type === 'ranges' && b.type === 'ranges') return { ...a, ranges: normalizeRanges([...a.ranges, ...b.ranges]) };
  if (a.type === 'set' && b.type === 'set') return { ...a, set: [...new Set([...a.set, ...b.set])].sort() };
  throw new Error(`cannot merge ${a.type} and ${b.type} resources named ${a.name}`);
}

function canonical(resource: Resource): Resource {
  switch (resource.type) {
    case 'scalar':
      return { ...resource, scalar: roundScalar(resource.scalar) };
    case 'ranges':
      return { ...resource, ranges: normalizeRanges(resource.ranges) };
    case 'set':
      return { ...resource, set: [...new Set(resource.set)].sort() };
  }
}

/** Merges entries with equal keys, drops empty ones; sorted by name then key. */
export function normalizeResources(resources: Resources): Resource[] {
  const byKey = new Map<string, Resource>();
  for (const resource of resources) {
    const key = resourceKey(resource);
    const existing = byKey.get(key);
    byKey.set(key, existing === undefined ? canonical(resource) : merge(existing, resource));
  }
  return [...byKey.entries()]
    .filter(([, r]) => !isEmptyResource(r))
    .sort(([ka], [kb]) => (ka < kb ? -1 : ka > kb ? 1 : 0))
    .map(([, r]) => r);
}

export function addResources(a: Resources, b: Resources): Resource[] {
  return normalizeResources([...a, ...b]);
}

/** Whether `outer` holds everything in `inner`, key by key (a reservation is part of the key). */
export function containsResources(outer: Resources, inner: Resources): boolean {
  const have = new Map(normalizeResources(outer).map((r) => [resourceKey(r), r]));
  for (const need of normalizeResources(inner)) {
    const got = have.get(resourceKey(need));
    if (got === undefined) return false;
    if (need.type === 'scalar' && got.type === 'scalar') {
      if (roundScalar(got.scalar - need.scalar) < 0) return false;
    } else if (need.type === 'ranges' && got.type === 'ranges') {
      if (!rangesContain(got.ranges, need.ranges)) return false;
    } else if (need.type === 'set' && got.type === 'set') {
      if (!need.set.every((item) => got.set.includes(item))) return false;
    } else {
      return false;
    }
  }
  return true;
}

/**
 * `a` minus `b`, key by key. Precondition: `containsResources(a, b)`; an entry of
 * `b` that `a` lacks is an error rather than a silent negative.
 */
export function subtractResources(a: Resources, b: Resources): Resource[] {
  const have = new Map(normalizeResources(a).map((r) => [resourceKey(r), r]));
  for (const cut of normalizeResources(b)) {
    const key = resourceKey(cut);
    const got = have.get(key);
    if (got === undefined) throw new RangeError(`cannot subtract ${formatResources([cut])}: not present`);
    if (got.type === 'scalar' && cut.type === 'scalar') {
      const left = roundScalar(got.scalar - cut.scalar);
      if (left < 0) throw new RangeError(`cannot subtract ${formatResources([cut])}: only ${got.scalar} present`);
      have.set(key, { ...got, scalar: left });
    } else if (got.type === 'ranges' && cut.type === 'ranges') {
      if (!rangesContain(got.ranges, cut.ranges)) {
        throw new RangeError(`cannot subtract ${formatResources([cut])}: ranges not present`);
      }
      have.set(key, { ...got, ranges: subtractRanges(got.ranges, cut.ranges) });
    } else if (got.type === 'set' && cut.type === 'set') {
      if (!cut.set.every((item) => got.set.includes(item))) {
        throw new RangeError(`cannot subtract ${formatResources([cut])}: items not present`);
      }
      have.set(key, { ...got, set: got.set.filter((item) => !cut.set.includes(item)) });
    } else {
      throw new RangeError(`cannot subtract ${cut.type} ${cut.name} from ${got.type}`);
    }
  }
  return normalizeResources([...have.values()]);
}

/** `a` minus as much of `b` as `a` holds, key by key: what `a` lacks is ignored, nothing goes negative. */
export function subtractClamped(a: Resources, b: Resources): Resource[] {
  const have = new Map(normalizeResources(a).map((r) => [resourceKey(r), r]));
  for (const cut of normalizeResources(b)) {
    const key = resourceKey(cut);
    const got = have.get(key);
    if (got === undefined) continue;
    if (got.type === 'scalar' && cut.type === 'scalar')
      have.set(key, { ...got, scalar: Math.max(0, roundScalar(got.scalar - cut.scalar)) });
    else if (got.type === 'ranges' && cut.type === 'ranges')
      have.set(key, { ...got, ranges: subtractRanges(got.ranges, cut.ranges) });
    else if (got.type === 'set' && cut.type === 'set')
      have.set(key, { ...got, set: got.set.filter((item) => !cut.set.includes(item)) });
  }
  return normalizeResources([...have.values()]);
}

export function isEmptyResources(resources: Resources): boolean {
  return resources.every(isEmptyResource);
}

export function equalResources(a: Resources, b: Resources): boolean {
  return containsResources(a, b) && containsResources(b, a);
}

/** Sum of a scalar resource across reservations (0 when absent). */
export function scalarOf(resources: Resources, name: string): number {
  let sum = 0;
  for (const r of resources) if (r.name === name && r.type === 'scalar') sum += r.scalar;
  return roundScalar(sum);
}

/** Scalar totals by name, across reservations, e.g. { cpus: 4, mem: 1024 }; ranges count their size. */
export function scalarTotals(resources: Resources): Map<string, number> {
  const totals = new Map<string, number>();
  for (const r of resources) {
    const amount = r.type === 'scalar' ? r.scalar : r.type === 'ranges' ? rangesSize(r.ranges) : r.set.length;
    totals.set(r.name, roundScalar((totals.get(r.name) ?? 0) + amount));
  }
  return totals;
}

export function unreservedResources(resources: Resources): Resource[] {
  return normalizeResources(resources.filter((r) => r.reservation === undefined));
}

/** Whether `role` is `ancestor` itself or lies below it ("eng/ml" is in "eng"). */
export function isRoleInSubtree(role: string, ancestor: string): boolean {
  return role === ancestor || role.startsWith(`${ancestor}/`);
}

/** What a framework in `role` may be allocated: unreserved resources and those reserved to `role` or an ancestor of it. */
export function allocatableToRole(resources: Resources, role: string): Resource[] {
  return normalizeResources(
    resources.filter((r) => r.reservation === undefined || isRoleInSubtree(role, r.reservation.role)),
  );
}

/** Removes the reservation (the unreserved shape of the same quantities). */
export function stripReservations(resources: Resources): Resource[] {
  return normalizeResources(resources.map(({ reservation: _reservation, ...rest }) => rest as Resource));
}

/**
 * The same quantities with the revocable flag cleared: lent resources are the
 * same physical resources, so capacity is checked on this shape.
 */
export function stripRevocable(resources: Resources): Resource[] {
  return normalizeResources(resources.map(({ revocable: _revocable, ...rest }) => rest as Resource));
}

/** Applies the dynamic reservations of `reservations` onto `total` where `total` has them unreserved; the rest are dropped. */
export function applyDynamicReservations(total: Resources, reservations: Resources): Resource[] {
  let result = normalizeResources(total);
  for (const reserved of normalizeResources(reservations.filter((r) => r.reservation?.type === 'dynamic'))) {
    const unreserved = stripReservations([reserved]);
    if (containsResources(result, unreserved)) result = addResources(subtractResources(result, unreserved), [reserved]);
  }
  return result;
}

// ---------- text format ----------

function formatValue(resource: Resource): string {
  switch (resource.type) {
    case 'scalar':
      return String(roundScalar(resource.scalar));
    case 'ranges':
      return `[${resource.ranges.map((r) => (r.begin === r.end ? `${r.begin}` : `${r.begin}-${r.end}`)).join(',')}]`;
    case 'set':
      return `{${resource.set.join(',')}}`;
  }
}

/** Mesos text syntax: "cpus:2;mem:128;ports:[31000-31005];cpus(eng):1". */
export function formatResources(resources: Resources, options: { keepZeroScalars?: boolean } = {}): string {
  return (options.keepZeroScalars === true ? withZeroScalars(resources) : normalizeResources(resources))
    .map((r) => {
      const role = r.reservation === undefined ? '' : `(${r.reservation.role})`;
      const revocable = r.revocable === true ? '{REV}' : '';
      return `${r.name}${role}${revocable}:${formatValue(r)}`;
    })
    .join(';');
}

/** A malformed resource or attribute string; `position` is the 0-based character offset of the problem. */
export class ResourceParseError extends Error {
  override readonly name = 'ResourceParseError';
  constructor(
    readonly input: string,
    readonly position: number,
    readonly problem: string,
  ) {
    super(`${problem} at position ${position} of ${JSON.stringify(input)}`);
  }
}

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ROLE_PATTERN = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

/** The longest role path accepted, in characters. */
export const MAX_ROLE_LENGTH = 255;

/**
 * Whether `role` is a valid role path ("eng", "eng/ml") of at most
 * MAX_ROLE_LENGTH characters; "*" is not a role one can subscribe or reserve with.
 */
export function isValidRole(role: string): boolean {
  return (
    role.length <= MAX_ROLE_LENGTH &&
    ROLE_PATTERN.test(role) &&
    !role.split('/').some((part) => part === '.' || part === '..')
  );
}

function parseRangesValue(input: string, text: string, offset: number): ValueRange[] {
  const inner = text.slice(1, -1).trim();
  if (inner === '') return [];
  const ranges: ValueRange[] = [];
  let cursor = offset + 1;
  for (const part of inner.split(',')) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (match === null) throw new ResourceParseError(input, cursor, `malformed range ${JSON.stringify(part.trim())}`);
    const begin = Number(match[1]);
    const end = match[2] === undefined ? begin : Number(match[2]);
    if (end < begin) throw new ResourceParseError(input, cursor, `range ${begin}-${end} ends before it begins`);
    ranges.push({ begin, end });
    cursor += part.length + 1;
  }
  return normalizeRanges(ranges);
}

/**
 * Parses Mesos's resource text (zero scalars dropped unless `keepZeroScalars`): entries separated by ";", each
 * `name[(role)]:value` where value is a scalar ("4", "0.5"), ranges
 * ("[31000-32000,33000]") or a set ("{a,b}"). "(*)" means unreserved; any other
 * role makes a static reservation. Throws ResourceParseError naming the position.
 */
export function parseResources(input: string, options: { keepZeroScalars?: boolean } = {}): Resource[] {
  const out: Resource[] = [];
  let offset = 0;
  for (const rawEntry of splitTopLevel(input, ';')) {
    const entryOffset = offset + (rawEntry.length - rawEntry.trimStart().length);
    offset += rawEntry.length + 1;
    const entry = rawEntry.trim();
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    if (colon < 0)
      throw new ResourceParseError(input, entryOffset, `expected "name:value" in ${JSON.stringify(entry)}`);
    const head = entry.slice(0, colon).trim();
    const valueText = entry.slice(colon + 1).trim();
    const valueOffset =
      entryOffset + colon + 1 + (entry.slice(colon + 1).length - entry.slice(colon + 1).trimStart().length);
    const headMatch = /^([^()]+?)(?:\(([^()]*)\))?$/.exec(head);
    if (headMatch === null)
      throw new ResourceParseError(input, entryOffset, `malformed resource name ${JSON.stringify(head)}`);
    const name = (headMatch[1] ?? '').trim();
    if (!NAME_PATTERN.test(name))
      throw new ResourceParseError(input, entryOffset, `invalid resource name ${JSON.stringify(name)}`);
    const roleText = headMatch[2]?.trim();
    let reservation: Reservation | undefined;
    if (roleText !== undefined && roleText !== '*') {
      if (!isValidRole(roleText)) {
        throw new ResourceParseError(input, entryOffset + name.length + 1, `invalid role ${JSON.stringify(roleText)}`);
      }
      reservation = { type: 'static', role: roleText };
    }
    const base = reservation === undefined ? { name } : { name, reservation };
    if (valueText.startsWith('[')) {
      if (!valueText.endsWith(']'))
        throw new ResourceParseError(input, valueOffset, 'unterminated ranges, expected "]"');
      out.push({ ...base, type: 'ranges', ranges: parseRangesValue(input, valueText, valueOffset) });
    } else if (valueText.startsWith('{')) {
      if (!valueText.endsWith('}')) throw new ResourceParseError(input, valueOffset, 'unterminated set, expected "}"');
      const items = valueText
        .slice(1, -1)
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      out.push({ ...base, type: 'set', set: [...new Set(items)].sort() });
    } else {
      if (!/^[+]?(\d+(\.\d*)?|\.\d+)$/.test(valueText)) {
        const problem = valueText.startsWith('-')
          ? `negative value ${valueText} for ${name}`
          : `invalid value ${JSON.stringify(valueText)} for ${name}`;
        throw new ResourceParseError(input, valueOffset, problem);
      }
      out.push({ ...base, type: 'scalar', scalar: roundScalar(Number(valueText)) });
    }
  }
  return options.keepZeroScalars === true ? withZeroScalars(out) : normalizeResources(out);
}

/**
 * Normalized, but scalars given as 0 are kept (a quota limit of `cpus:0` means
 * "no cpus", not "no limit").
 */
export function withZeroScalars(resources: Resources): Resource[] {
  const normalized = normalizeResources(resources);
  const present = new Set(normalized.map(resourceKey));
  const zeros = new Map<string, Resource>();
  for (const r of resources) {
    if (r.type === 'scalar' && roundScalar(r.scalar) === 0 && !present.has(resourceKey(r)))
      zeros.set(resourceKey(r), { ...r, scalar: 0 });
  }
  return [...normalized, ...zeros.values()];
}

/** Splits on `separator` outside of [...] and {...}. */
function splitTopLevel(input: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch === '[' || ch === '{' || ch === '(') depth++;
    else if (ch === ']' || ch === '}' || ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === separator && depth === 0) {
      parts.push(input.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(input.slice(start));
  return parts;
}

// ---------- attributes ----------

export type Attribute =
  | { readonly name: string; readonly type: 'text'; readonly text: string }
  | { readonly name: string; readonly type: 'scalar'; readonly scalar: number }
  | { readonly name: string; readonly type: 'ranges'; readonly ranges: readonly ValueRange[] }
  | { readonly name: string; readonly type: 'set'; readonly set: readonly string[] };

/** Mesos attribute text: "rack:r1;zone:a;level:3;slots:[1-4]". Numbers become scalars, other words text. */
export function parseAttributes(input: string): Attribute[] {
  const out: Attribute[] = [];
  let offset = 0;
  for (const rawEntry of splitTopLevel(input, ';')) {
    const entryOffset = offset + (rawEntry.length - rawEntry.trimStart().length);
    offset += rawEntry.length + 1;
    const entry = rawEntry.trim();
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    if (colon <= 0)
      throw new ResourceParseError(input, entryOffset, `expected "name:value" in ${JSON.stringify(entry)}`);
    const name = entry.slice(0, colon).trim();
    const value = entry.slice(colon + 1).trim();
    if (!NAME_PATTERN.test(name))
      throw new ResourceParseError(input, entryOffset, `invalid attribute name ${JSON.stringify(name)}`);
    if (value === '') throw new ResourceParseError(input, entryOffset + colon + 1, `empty value for attribute ${name}`);
    if (value.startsWith('[')) {
      out.push({ name, type: 'ranges', ranges: parseRangesValue(input, value, entryOffset + colon + 1) });
    } else if (value.startsWith('{')) {
      out.push({
        name,
        type: 'set',
        set: value
          .slice(1, -1)
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      });
    } else if (/^-?(\d+(\.\d*)?|\.\d+)$/.test(value)) {
      out.push({ name, type: 'scalar', scalar: Number(value) });
    } else {
      out.push({ name, type: 'text', text: value });
    }
  }
  return out;
}
