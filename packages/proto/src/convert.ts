import {
  normalizeResources,
  withZeroScalars,
  type Attribute,
  type Reservation,
  type Resource,
  type Resources,
  type TaskState,
  isTaskState,
} from '@tessera/domain';
import type {
  Attribute as AttributeProto,
  Attribute__Output,
  Resource as ResourceProto,
  Resource__Output,
} from './generated/index.js';

/** A resource from the wire could not be understood; the message names the field. */
export class InvalidResourceError extends Error {
  override readonly name = 'InvalidResourceError';
}

function reservationFromProto(resource: Resource__Output): Reservation | undefined {
  const reservation = resource.reservation;
  if (reservation === null || reservation === undefined || reservation.role === '' || reservation.role === '*') {
    return undefined;
  }
  const type = reservation.type === 'DYNAMIC' ? 'dynamic' : 'static';
  return reservation.principal === ''
    ? { type, role: reservation.role }
    : { type, role: reservation.role, principal: reservation.principal };
}

/**
 * Converts wire resources to domain resources, normalized. Rejects what the
 * domain cannot hold: unnamed resources, unknown types, negative or non-finite
 * scalars, ranges that end before they begin.
 */
export function resourcesFromProto(
  resources: readonly Resource__Output[],
  options: { keepZeroScalars?: boolean } = {},
): Resource[] {
  const out: Resource[] = [];
  for (const [index, r] of resources.entries()) {
    const where = `resources[${index}]${r.name === '' ? '' : ` (${r.name})`}`;
    if (r.name === '') throw new InvalidResourceError(`${where}: name is required`);
    const reservation = reservationFromProto(r);
    const base = {
      name: r.name,
      ...(reservation === undefined ? {} : { reservation }),
      ...(r.revocable ? { revocable: true } : {}),
    };
    switch (r.type) {
      case 'SCALAR':
        if (!Number.isFinite(r.scalar) || r.scalar < 0) {
          throw new InvalidResourceError(`${where}: scalar must be a finite number >= 0, got ${r.scalar}`);
        }
        out.push({ ...base, type: 'scalar', scalar: r.scalar });
        break;
      case 'RANGES':
        for (const range of r.ranges) {
          if (range.end < range.begin) {
            throw new InvalidResourceError(`${where}: range ${range.begin}-${range.end} ends before it begins`);
          }
        }
        out.push({
          ...base,
          type: 'ranges',
          ranges: r.ranges.map((x) => ({ begin: Number(x.begin), end: Number(x.end) })),
        });
        break;
      case 'SET':
        out.push({ ...base, type: 'set', set: [...r.set] });
        break;
      default:
        throw new InvalidResourceError(`${where}: type must be SCALAR, RANGES or SET`);
    }
  }
  return options.keepZeroScalars === true ? withZeroScalars(out) : normalizeResources(out);
}

export function resourcesToProto(resources: Resources): ResourceProto[] {
  return resources.map((r) => {
    const base: ResourceProto = {
      name: r.name,
      revocable: r.revocable === true,
      ...(r.reservation === undefined
        ? {}
        : {
            reservation: {
              type: r.reservation.type === 'dynamic' ? 'DYNAMIC' : 'STATIC',
              role: r.reservation.role,
              principal: r.reservation.principal ?? '',
            },
          }),
    };
    switch (r.type) {
      case 'scalar':
        return { ...base, type: 'SCALAR', scalar: r.scalar };
      case 'ranges':
        return { ...base, type: 'RANGES', ranges: r.ranges.map((x) => ({ begin: x.begin, end: x.end })) };
      case 'set':
        return { ...base, type: 'SET', set: [...r.set] };
    }
  });
}

export function attributesFromProto(attributes: readonly Attribute__Output[]): Attribute[] {
  return attributes.map((a) => {
    switch (a.type) {
      case 'SCALAR':
        return { name: a.name, type: 'scalar', scalar: a.scalar };
      case 'RANGES':
        return {
          name: a.name,
          type: 'ranges',
          ranges: a.ranges.map((x) => ({ begin: Number(x.begin), end: Number(x.end) })),
        };
      case 'SET':
        return { name: a.name, type: 'set', set: [...a.set] };
      default:
        return { name: a.name, type: 'text', text: a.text };
    }
  });
}

export function attributesToProto(attributes: readonly Attribute[]): AttributeProto[] {
  return attributes.map((a) => {
    switch (a.type) {
      case 'scalar':
        return { name: a.name, type: 'SCALAR', scalar: a.scalar };
      case 'ranges':
        return { name: a.name, type: 'RANGES', ranges: a.ranges.map((x) => ({ begin: x.begin, end: x.end })) };
      case 'set':
        return { name: a.name, type: 'SET', set: [...a.set] };
      case 'text':
        return { name: a.name, type: 'TEXT', text: a.text };
    }
  });
}

/** A wire task state as the domain's; unknown or unspecified states become TASK_UNKNOWN. */
export function taskStateFromProto(state: string): TaskState {
  return isTaskState(state) ? state : 'TASK_UNKNOWN';
}
