/**
 * Arrays kept sorted by a total order (the sorters' client lists): binary
 * search, insertion, and moving one item after its rank changed, in
 * O(log n) comparisons and at most one splice out and one in. Pure helpers;
 * `compare` must be total and consistent with the items' current keys.
 */

export type Compare<T> = (a: T, b: T) => number;

/** The first position whose item does not rank before `item`: its index when listed, else where it belongs. */
export function lowerBound<T>(list: readonly T[], item: T, compare: Compare<T>): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(list[mid] as T, item) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of a listed item. Throws (a bug: its key changed without `reposition`) when it is not where its rank says. */
export function indexIn<T>(list: readonly T[], item: T, compare: Compare<T>, name: () => string): number {
  const at = lowerBound(list, item, compare);
  if (list[at] !== item) throw new Error(`order lost ${name()}`);
  return at;
}

export function insertRanked<T>(list: T[], item: T, compare: Compare<T>): void {
  list.splice(lowerBound(list, item, compare), 0, item);
}

/**
 * Applies `change` to a listed item (it must re-key the item) and moves the
 * item to its new place; stays put when it still ranks between its neighbours.
 */
export function reposition<T>(list: T[], item: T, compare: Compare<T>, change: () => void, name: () => string): void {
  const at = indexIn(list, item, compare, name);
  change();
  const previous = list[at - 1];
  const next = list[at + 1];
  if ((previous === undefined || compare(previous, item) < 0) && (next === undefined || compare(item, next) < 0)) {
    return;
  }
  list.splice(at, 1);
  insertRanked(list, item, compare);
}
