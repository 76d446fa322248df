/**
 * Path ids: the names of apps and groups in Marathon's tree ("/product/db/mongo").
 *
 * Rules (Marathon's):
 * - a segment is lowercase letters, digits, "-" and ".", and starts and ends
 *   with a letter or a digit ("web", "db-1", "v1.2"; not "-web", "web.", "Web");
 * - an id starting with "/" is absolute; any other is relative to a base group:
 *   "web" and "./web" are the base's child, "../db" its sibling;
 * - "." is the current group and ".." its parent; an id that climbs above the
 *   root is refused (NOTE: Marathon stops at the root silently, which hides typos);
 * - the root group is "/"; a trailing "/" is dropped ("/a/" is "/a"), an empty
 *   segment ("/a//b") is refused.
 *
 * Problems with user input are returned as values; nothing here throws for it.
 */
import type { PathId } from './model.js';

/** The root group's id. */
export const ROOT_ID: PathId = '/';

const SEGMENT = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/;

/** A path id resolved to its absolute, normalized form, or why it cannot be. */
export type PathIdResult = { readonly ok: true; readonly id: PathId } | { readonly ok: false; readonly error: string };

/** Whether `segment` is a valid name of one app or group ("web", "db-1"; not "", ".", "..", "-x"). */
export function isValidSegment(segment: string): boolean {
  return SEGMENT.test(segment);
}

/** Whether `id` is an absolute, normalized path id ("/", "/a/b"; not "a", "/a/", "/a/../b"). */
export function isPathId(id: string): id is PathId {
  if (id === ROOT_ID) return true;
  if (!id.startsWith('/') || id.endsWith('/')) return false;
  return id.slice(1).split('/').every(isValidSegment);
}

/**
 * Resolves `raw` (absolute, or relative to the group `base`) to an absolute,
 * normalized id. `base` must itself be a normalized absolute id (the caller's,
 * not user input). Pure and total: every input gets an id or an error.
 *
 * resolvePathId("web", "/prod") → "/prod/web"; ("../db", "/prod/web") → "/prod/db";
 * ("/a/./b/", "/x") → "/a/b"; ("..", "/") → error.
 */
export function resolvePathId(raw: string, base: PathId = ROOT_ID): PathIdResult {
  if (raw === '') return { ok: false, error: 'must not be empty' };
  const absolute = raw.startsWith('/');
  const parts = (absolute ? raw.slice(1) : raw).split('/');
  // A trailing "/" names the same group ("/a/" is "/a"); "/" alone is the root.
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  const resolved = absolute ? [] : segmentsOf(base);
  for (const part of parts) {
    if (part === '') return { ok: false, error: `'${raw}' is not a valid path id: it has an empty segment ("//")` };
    if (part === '.') continue;
    if (part === '..') {
      if (resolved.length === 0) return { ok: false, error: `'${raw}' climbs above the root group` };
      resolved.pop();
      continue;
    }
    if (!isValidSegment(part)) return { ok: false, error: `'${raw}' is not a valid path id: ${segmentProblem(part)}` };
    resolved.push(part);
  }
  return { ok: true, id: fromSegments(resolved) };
}

function segmentProblem(segment: string): string {
  if (/[A-Z]/.test(segment)) return `'${segment}' has uppercase letters (ids are lowercase)`;
  if (/^[-.]|[-.]$/.test(segment)) return `'${segment}' starts or ends with '-' or '.'`;
  return `'${segment}' may only contain lowercase letters, digits, '-' and '.'`;
}

/** The segments of an absolute id: "/" → [], "/a/b" → ["a", "b"]. */
export function segmentsOf(id: PathId): string[] {
  return id === ROOT_ID ? [] : id.slice(1).split('/');
}

/** The id of `segments` from the root: [] → "/", ["a", "b"] → "/a/b". */
export function fromSegments(segments: readonly string[]): PathId {
  return `/${segments.join('/')}`;
}

/** The enclosing group's id: "/a/b" → "/a", "/a" → "/"; the root has none (undefined). */
export function parentOf(id: PathId): PathId | undefined {
  if (id === ROOT_ID) return undefined;
  const slash = id.lastIndexOf('/');
  return slash === 0 ? ROOT_ID : id.slice(0, slash);
}

/** The id of `name` (one valid segment) inside group `parent`: ("/a", "b") → "/a/b"; ("/", "b") → "/b". */
export function childId(parent: PathId, name: string): PathId {
  return parent === ROOT_ID ? `/${name}` : `${parent}/${name}`;
}

/** The last segment: "/a/b" → "b"; the root's is "". */
export function baseName(id: PathId): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

/** Whether `ancestor` strictly encloses `id`: ("/a", "/a/b/c") → true; ("/a", "/a") and ("/a", "/ab") → false. */
export function isAncestorOf(ancestor: PathId, id: PathId): boolean {
  if (ancestor === id) return false;
  if (ancestor === ROOT_ID) return true;
  return id.startsWith(`${ancestor}/`);
}

/** Whether `id` is `ancestor` itself or inside it: ("/a/b", "/a") → true; ("/a", "/a") → true. */
export function isSameOrInside(id: PathId, ancestor: PathId): boolean {
  return id === ancestor || isAncestorOf(ancestor, id);
}

/** The groups enclosing `id`, root first: "/a/b/c" → ["/", "/a", "/a/b"]; the root has none. */
export function ancestorsOf(id: PathId): PathId[] {
  const out: PathId[] = [];
  for (let parent = parentOf(id); parent !== undefined; parent = parentOf(parent)) out.unshift(parent);
  return out;
}
