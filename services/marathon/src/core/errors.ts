/**
 * One error class per way a change of the group tree can be refused. They are
 * returned as values (`{ ok: false, error }`), never thrown, and every refusal
 * leaves the tree untouched. Refused definitions (bad JSON, broken rules) are
 * answered with `ValidationProblem`s instead (`problems.ts`). The shell maps
 * these to HTTP statuses as Marathon does: unknown → 404, conflict → 409.
 */
import type { PathId } from './model.js';

/** No app has this id. */
export class UnknownAppError extends Error {
  override readonly name = 'UnknownAppError';
  constructor(readonly appId: PathId) {
    super(`app '${appId}' does not exist`);
  }
}

/** No group has this id. */
export class UnknownGroupError extends Error {
  override readonly name = 'UnknownGroupError';
  constructor(readonly groupId: PathId) {
    super(`group '${groupId}' does not exist`);
  }
}

/**
 * The id is taken by the other kind (an app where a group is, or the other way
 * round), or lies inside an app (apps cannot contain apps or groups).
 */
export class PathConflictError extends Error {
  override readonly name = 'PathConflictError';
  constructor(
    readonly id: PathId,
    /** The app or group in the way. */
    readonly conflictingId: PathId,
    readonly conflictingKind: 'app' | 'group',
  ) {
    super(
      conflictingId === id
        ? `'${id}' is already a ${conflictingKind}; an app and a group cannot share an id`
        : `'${id}' lies inside app '${conflictingId}'; apps cannot contain apps or groups`,
    );
  }
}

export type TreeError = UnknownAppError | UnknownGroupError | PathConflictError;
