import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ancestorsOf,
  baseName,
  childId,
  fromSegments,
  isAncestorOf,
  isPathId,
  isSameOrInside,
  isValidSegment,
  parentOf,
  resolvePathId,
  segmentsOf,
} from '../src/core/index.js';

describe('resolvePathId', () => {
  it.each([
    // [raw, base, resolved]
    ['/', '/', '/'],
    ['/prod/web', '/', '/prod/web'],
    ['/prod/web/', '/', '/prod/web'],
    ['/prod/web', '/other', '/prod/web'],
    ['web', '/', '/web'],
    ['web', '/prod', '/prod/web'],
    ['./web', '/prod', '/prod/web'],
    ['web/', '/prod', '/prod/web'],
    ['../db', '/prod/web', '/prod/db'],
    ['..', '/prod/web', '/prod'],
    ['.', '/prod', '/prod'],
    // Marathon's docs: on group /product/service these three are the same id.
    ['/product/database', '/product/service', '/product/database'],
    ['../database', '/product/service', '/product/database'],
    ['specific/../../database', '/product/service', '/product/database'],
    ['/a/./b/../c', '/', '/a/c'],
    ['v1.2', '/', '/v1.2'],
    ['a-b-0', '/', '/a-b-0'],
    ['x', '/', '/x'],
    ['9', '/', '/9'],
  ])('%j against %j is %j', (raw, base, resolved) => {
    expect(resolvePathId(raw, base)).toEqual({ ok: true, id: resolved });
  });

  it.each([
    ['', 'must not be empty'],
    ['..', "'..' climbs above the root group"],
    ['/a/../..', "'/a/../..' climbs above the root group"],
    ['/a//b', `'/a//b' is not a valid path id: it has an empty segment ("//")`],
    ['/Web', "'/Web' is not a valid path id: 'Web' has uppercase letters (ids are lowercase)"],
    ['-web', "'-web' is not a valid path id: '-web' starts or ends with '-' or '.'"],
    ['web-', "'web-' is not a valid path id: 'web-' starts or ends with '-' or '.'"],
    ['/a/.b', "'/a/.b' is not a valid path id: '.b' starts or ends with '-' or '.'"],
    ['web.', "'web.' is not a valid path id: 'web.' starts or ends with '-' or '.'"],
    ['my_app', "'my_app' is not a valid path id: 'my_app' may only contain lowercase letters, digits, '-' and '.'"],
    ['a b', "'a b' is not a valid path id: 'a b' may only contain lowercase letters, digits, '-' and '.'"],
    ['...', "'...' is not a valid path id: '...' starts or ends with '-' or '.'"],
  ])('refuses %j: %s', (raw, error) => {
    expect(resolvePathId(raw, '/')).toEqual({ ok: false, error });
  });
});

describe('parent and child helpers', () => {
  it.each([
    ['/', undefined],
    ['/a', '/'],
    ['/a/b', '/a'],
    ['/a/b/c', '/a/b'],
  ])('the parent of %j is %j', (id, parent) => {
    expect(parentOf(id)).toBe(parent);
  });

  it('builds, splits and names ids', () => {
    expect(childId('/', 'a')).toBe('/a');
    expect(childId('/a', 'b')).toBe('/a/b');
    expect(segmentsOf('/')).toEqual([]);
    expect(segmentsOf('/a/b')).toEqual(['a', 'b']);
    expect(fromSegments([])).toBe('/');
    expect(fromSegments(['a', 'b'])).toBe('/a/b');
    expect(baseName('/a/b')).toBe('b');
    expect(ancestorsOf('/a/b/c')).toEqual(['/', '/a', '/a/b']);
    expect(ancestorsOf('/')).toEqual([]);
  });

  it('tells ancestors by segment, not by prefix', () => {
    expect(isAncestorOf('/', '/a')).toBe(true);
    expect(isAncestorOf('/a', '/a/b/c')).toBe(true);
    expect(isAncestorOf('/a', '/a')).toBe(false);
    expect(isAncestorOf('/a', '/ab')).toBe(false);
    expect(isAncestorOf('/a/b', '/a')).toBe(false);
    expect(isSameOrInside('/a', '/a')).toBe(true);
    expect(isSameOrInside('/a/b', '/a')).toBe(true);
    expect(isSameOrInside('/ab', '/a')).toBe(false);
  });

  it('knows normalized ids and valid segments', () => {
    expect(isPathId('/')).toBe(true);
    expect(isPathId('/a/b')).toBe(true);
    expect(isPathId('a')).toBe(false);
    expect(isPathId('/a/')).toBe(false);
    expect(isPathId('/a/../b')).toBe(false);
    expect(isValidSegment('.')).toBe(false);
    expect(isValidSegment('..')).toBe(false);
    expect(isValidSegment('a.b')).toBe(true);
  });
});

describe('path id properties', () => {
  const segment = fc.stringMatching(/^[a-z0-9](?:[a-z0-9.-]{0,6}[a-z0-9])?$/);
  const id = fc.array(segment, { maxLength: 5 }).map(fromSegments);
  const relative = fc.array(fc.oneof(segment, fc.constant('.'), fc.constant('..')), { minLength: 1, maxLength: 6 });

  it('resolves every absolute id to itself, and a resolved id is normalized', () => {
    fc.assert(
      fc.property(id, id, (raw, base) => {
        expect(resolvePathId(raw, base)).toEqual({ ok: true, id: raw });
        expect(isPathId(raw)).toBe(true);
      }),
    );
  });

  it('resolves a relative id like a stack of segments on the base', () => {
    fc.assert(
      fc.property(relative, id, (parts, base) => {
        // Brute force: push names, pop on "..", fail below the root.
        const stack = segmentsOf(base);
        let climbedOut = false;
        for (const part of parts) {
          if (part === '..') {
            if (stack.length === 0) climbedOut = true;
            stack.pop();
          } else if (part !== '.') stack.push(part);
        }
        const result = resolvePathId(parts.join('/'), base);
        if (climbedOut) expect(result.ok).toBe(false);
        else {
          expect(result).toEqual({ ok: true, id: fromSegments(stack) });
          if (result.ok) expect(resolvePathId(result.id, '/')).toEqual(result);
        }
      }),
    );
  });

  it('has each id inside every one of its ancestors and as a child of its parent', () => {
    fc.assert(
      fc.property(id, (child) => {
        for (const ancestor of ancestorsOf(child)) expect(isAncestorOf(ancestor, child)).toBe(true);
        const parent = parentOf(child);
        if (parent !== undefined) expect(childId(parent, baseName(child))).toBe(child);
      }),
    );
  });
});
