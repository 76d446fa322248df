/**
 * Resource arithmetic on *normalized* lists (as `@tessera/domain` returns them:
 * one entry per key, sorted by key, no empty entries), in one linear pass and
 * without re-normalizing: the allocation cycle's hot path. Every function
 * returns a normalized list and may return one of its inputs unchanged (lists
 * are never mutated in place). Results equal the domain's functions of the same
 * name for normalized inputs (checked by test/sorted-resources.test.ts).
 */
import { normalizeResources, roundScalar, type Resource, type Resources, type ValueRange } from '@tessera/domain';

/** The domain's key: entries with equal keys are the same kind of resource. */
export function resourceKey(resource: Resource): string {
  const reservation = resource.reservation;
  const reservationKey =
    reservation === undefined ? '*' : `${reservation.type}:${reservation.role}:${reservation.principal ?? ''}`;
  return `${resource.name}|${resource.type}|${reservationKey}|${resource.revocable === true ? 'r' : ''}`;
}

function keys(list: Resources): string[] {
  const out = new Array<string>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = resourceKey(list[i] as Resource);
  return out;
}

/** Whether two entries have the same key, without building it. */
function sameKind(a: Resource, b: Resource): boolean {
  if (a.name !== b.name || a.type !== b.type || (a.revocable === true) !== (b.revocable === true)) return false;
  const x = a.reservation;
  const y = b.reservation;
  if (x === undefined || y === undefined) return x === y;
  return x.type === y.type && x.role === y.role && (x.principal ?? '') === (y.principal ?? '');
}

/** The entry of `list` with the same key as `r`, if any (lists here are a handful of entries). */
function find(list: Resources, r: Resource): Resource | undefined {
  for (const candidate of list) if (sameKind(candidate, r)) return candidate;
  return undefined;
}

// ---------- ranges (sorted, non-overlapping, non-adjacent) ----------

function unionRanges(a: readonly ValueRange[], b: readonly ValueRange[]): ValueRange[] {
  const out: ValueRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    let next: ValueRange;
    if (y === undefined || (x !== undefined && x.begin <= y.begin)) {
      next = x as ValueRange;
      i++;
    } else {
      next = y;
      j++;
    }
    const last = out[out.length - 1];
    if (last !== undefined && next.begin <= last.end + 1) {
      if (next.end > last.end) out[out.length - 1] = { begin: last.begin, end: next.end };
    } else {
      out.push(next);
    }
  }
  return out;
}

function differenceRanges(a: readonly ValueRange[], b: readonly ValueRange[]): ValueRange[] {
  const out: ValueRange[] = [];
  let j = 0;
  for (const range of a) {
    let begin = range.begin;
    const end = range.end;
    while (j < b.length && (b[j] as ValueRange).end < begin) j++;
    let k = j;
    while (begin <= end && k < b.length && (b[k] as ValueRange).begin <= end) {
      const cut = b[k] as ValueRange;
      if (cut.begin > begin) out.push({ begin, end: cut.begin - 1 });
      begin = Math.max(begin, cut.end + 1);
      k++;
    }
    if (begin <= end) out.push(begin === range.begin ? range : { begin, end });
  }
  return out;
}

function intersectRanges(a: readonly ValueRange[], b: readonly ValueRange[]): ValueRange[] {
  const out: ValueRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as ValueRange;
    const y = b[j] as ValueRange;
    const begin = Math.max(x.begin, y.begin);
    const end = Math.min(x.end, y.end);
    if (begin <= end) out.push({ begin, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return out;
}

function rangesContain(outer: readonly ValueRange[], inner: readonly ValueRange[]): boolean {
  let i = 0;
  for (const r of inner) {
    while (i < outer.length && (outer[i] as ValueRange).end < r.begin) i++;
    const o = outer[i];
    if (o === undefined || o.begin > r.begin || o.end < r.end) return false;
  }
  return true;
}

// ---------- one entry ----------

function isEmpty(r: Resource): boolean {
  return r.type === 'scalar' ? r.scalar <= 0 : r.type === 'ranges' ? r.ranges.length === 0 : r.set.length === 0;
}

function plus(a: Resource, b: Resource): Resource {
  if (a.type === 'scalar' && b.type === 'scalar') return { ...a, scalar: roundScalar(a.scalar + b.scalar) };
  if (a.type === 'ranges' && b.type === 'ranges') return { ...a, ranges: unionRanges(a.ranges, b.ranges) };
  if (a.type === 'set' && b.type === 'set') return { ...a, set: [...new Set([...a.set, ...b.set])].sort() };
  throw new Error(`cannot add ${b.type} to ${a.type} resources named ${a.name}`);
}

/** `a` minus `b`, clamped at zero. */
function minus(a: Resource, b: Resource): Resource {
  if (a.type === 'scalar' && b.type === 'scalar')
    return { ...a, scalar: Math.max(0, roundScalar(a.scalar - b.scalar)) };
  if (a.type === 'ranges' && b.type === 'ranges') return { ...a, ranges: differenceRanges(a.ranges, b.ranges) };
  if (a.type === 'set' && b.type === 'set') return { ...a, set: a.set.filter((item) => !b.set.includes(item)) };
  return a;
}

function common(a: Resource, b: Resource): Resource {
  if (a.type === 'scalar' && b.type === 'scalar') return { ...a, scalar: Math.min(a.scalar, b.scalar) };
  if (a.type === 'ranges' && b.type === 'ranges') return { ...a, ranges: intersectRanges(a.ranges, b.ranges) };
  if (a.type === 'set' && b.type === 'set') return { ...a, set: a.set.filter((item) => b.set.includes(item)) };
  throw new Error(`cannot intersect ${b.type} with ${a.type} resources named ${a.name}`);
}

function covers(a: Resource, b: Resource): boolean {
  if (a.type === 'scalar' && b.type === 'scalar') return roundScalar(a.scalar - b.scalar) >= 0;
  if (a.type === 'ranges' && b.type === 'ranges') return rangesContain(a.ranges, b.ranges);
  if (a.type === 'set' && b.type === 'set') return b.set.every((item) => a.set.includes(item));
  return false;
}

// ---------- lists ----------

/** `a` + `b`. */
export function addSorted(a: Resources, b: Resources): Resource[] {
  if (b.length === 0) return a as Resource[];
  if (a.length === 0) return b as Resource[];
  const ka = keys(a);
  const kb = keys(b);
  const out: Resource[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = ka[i];
    const y = kb[j];
    if (y === undefined || (x !== undefined && x < y)) out.push(a[i++] as Resource);
    else if (x === undefined || y < x) out.push(b[j++] as Resource);
    else {
      const sum = plus(a[i++] as Resource, b[j++] as Resource);
      if (!isEmpty(sum)) out.push(sum);
    }
  }
  return out;
}

/** `a` minus `b`, never below zero (what `b` has beyond `a` is ignored). */
export function subtractSorted(a: Resources, b: Resources): Resource[] {
  if (b.length === 0 || a.length === 0) return a as Resource[];
  if (a === b) return [];
  const out: Resource[] = [];
  for (const r of a) {
    const cut = find(b, r);
    if (cut === undefined) {
      out.push(r);
      continue;
    }
    const left = minus(r, cut);
    if (!isEmpty(left)) out.push(left);
  }
  return out;
}

/** What `a` and `b` have in common. */
export function intersectSorted(a: Resources, b: Resources): Resource[] {
  if (a === b) return a as Resource[];
  const out: Resource[] = [];
  for (const r of a) {
    const other = find(b, r);
    if (other === undefined) continue;
    const both = common(r, other);
    if (!isEmpty(both)) out.push(both);
  }
  return out;
}

/** Whether `outer` holds everything in `inner`. */
export function containsSorted(outer: Resources, inner: Resources): boolean {
  if (outer === inner || inner.length === 0) return true;
  for (const r of inner) {
    const got = find(outer, r);
    if (got === undefined || !covers(got, r)) return false;
  }
  return true;
}

export function equalSorted(a: Resources, b: Resources): boolean {
  return a === b || (a.length === b.length && containsSorted(a, b) && containsSorted(b, a));
}

/** Unreserved resources and those reserved to `role` or an ancestor of it (order kept). */
export function allocatableToRoleSorted(resources: Resources, role: string): Resource[] {
  return resources.filter((r) => {
    const reserved = r.reservation?.role;
    return reserved === undefined || reserved === role || role.startsWith(`${reserved}/`);
  });
}

/** `resources` itself when already normalized (cheap check), else the domain's normalization. */
export function normalizeFast(resources: Resources): Resource[] {
  let previous: string | undefined;
  for (const r of resources) {
    const key = resourceKey(r);
    if (previous !== undefined && key <= previous) return normalizeResources(resources);
    previous = key;
    if (r.type === 'scalar') {
      if (!(r.scalar > 0) || roundScalar(r.scalar) !== r.scalar) return normalizeResources(resources);
    } else if (r.type === 'ranges') {
      if (r.ranges.length === 0) return normalizeResources(resources);
      let end = -Infinity;
      for (const range of r.ranges) {
        if (range.begin > range.end || range.begin <= end + 1) return normalizeResources(resources);
        end = range.end;
      }
    } else {
      if (r.set.length === 0) return normalizeResources(resources);
      for (let i = 1; i < r.set.length; i++) {
        if ((r.set[i] as string) <= (r.set[i - 1] as string)) return normalizeResources(resources);
      }
    }
  }
  return resources as Resource[];
}
