/**
 * The API object of a service that runs as several processes with one leader
 * (Marathon, Chronos), as its REST and gRPC doors see it: one object whose
 * implementation changes when this process is elected.
 */

/**
 * A follower's API (or a leader's before it has loaded): every method rejects
 * with `refusal(leader())`, except those given in `answers`.
 */
export function followerFacade<T extends object>(
  refusal: () => Error,
  answers: Partial<Record<keyof T, (...args: never[]) => unknown>> = {},
): T {
  return new Proxy({} as T, {
    get(_target, property) {
      const answer = (answers as Record<PropertyKey, unknown>)[property];
      if (answer !== undefined) return answer;
      return () => Promise.reject(refusal());
    },
  });
}

/** An API that forwards every call to whichever implementation `current()` answers at the time of the call. */
export function switchableFacade<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get(_target, property) {
      const api = current();
      const value = (api as Record<PropertyKey, unknown>)[property];
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(api) : value;
    },
  });
}
