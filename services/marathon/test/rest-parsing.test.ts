import { describe, expect, it } from 'vitest';
import { ValidationFailedError } from '../src/api.js';
import { parseAppPath, type AppPath } from '../src/rest/app-path.js';
import { errorResponse } from '../src/rest/errors.js';
import { endpointsText, prefersPlainText, safePath } from '../src/rest/plain-text.js';
import { booleanFlag, listParam, textParam } from '../src/rest/query.js';
import { rollbackVersion } from '../src/rest/routes.js';
import { task } from './fake-api.js';

describe('parseAppPath', () => {
  const cases: [method: string, wildcard: string, expected: AppPath | undefined][] = [
    ['GET', 'web', { kind: 'app', appId: 'web' }],
    ['GET', 'prod/web', { kind: 'app', appId: 'prod/web' }],
    ['GET', 'prod/web/', { kind: 'app', appId: 'prod/web' }],
    ['GET', 'prod/web/tasks', { kind: 'tasks', appId: 'prod/web' }],
    ['GET', 'prod/web/versions', { kind: 'versions', appId: 'prod/web' }],
    [
      'GET',
      'prod/web/versions/2026-12-01T00:00:00.000Z',
      { kind: 'version', appId: 'prod/web', version: '2026-12-01T00:00:00.000Z' },
    ],
    // GET has no single-task route: the whole path is an app id (Marathon answers "does not exist").
    ['GET', 'prod/web/tasks/xyz', { kind: 'app', appId: 'prod/web/tasks/xyz' }],
    ['DELETE', 'prod/web/tasks/xyz', { kind: 'task', appId: 'prod/web', taskId: 'xyz' }],
    ['DELETE', 'prod/web/tasks', { kind: 'tasks', appId: 'prod/web' }],
    ['DELETE', 'prod/web', { kind: 'app', appId: 'prod/web' }],
    // DELETE has no versions route.
    ['DELETE', 'prod/web/versions', { kind: 'app', appId: 'prod/web/versions' }],
    ['POST', 'prod/web/restart', { kind: 'restart', appId: 'prod/web' }],
    ['PUT', 'prod/web/restart', { kind: 'app', appId: 'prod/web/restart' }],
    ['PATCH', 'prod/tasks', { kind: 'app', appId: 'prod/tasks' }],
    // A suffix alone names no app: it is the app id.
    ['GET', 'tasks', { kind: 'app', appId: 'tasks' }],
    // The app "/a/tasks" can still be read through its own tasks route.
    ['GET', 'a/tasks/tasks', { kind: 'tasks', appId: 'a/tasks' }],
    ['GET', '', undefined],
    ['GET', '/', undefined],
  ];
  it.each(cases)('%s %s', (method, wildcard, expected) => {
    expect(parseAppPath(method, wildcard)).toEqual(expected);
  });
});

describe('query parameters', () => {
  it.each([
    [{}, false, false],
    [{}, true, true],
    [{ force: 'true' }, false, true],
    [{ force: 'TRUE' }, false, true],
    [{ force: 'false' }, true, false],
    [{ force: ['true', 'true'] }, false, true],
  ])('booleanFlag(%j, fallback %s) → %s', (query, fallback, expected) => {
    expect(booleanFlag(query, 'force', fallback)).toBe(expected);
  });

  it.each([[{ force: '' }], [{ force: 'yes' }], [{ force: '1' }], [{ force: ['true', 'false'] }]])(
    'booleanFlag(%j) is refused on /force',
    (query) => {
      const error = (() => {
        try {
          booleanFlag(query, 'force', false);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ValidationFailedError);
      expect((error as ValidationFailedError).problems.map((p) => p.path)).toEqual(['/force']);
    },
  );

  it('listParam takes repeated and comma-separated values, drops empties and duplicates', () => {
    expect(listParam({ embed: ['a,b', 'c', 'a', ''], other: 'x' }, 'embed')).toEqual(['a', 'b', 'c']);
    expect(listParam({ status: 'running', 'status[]': 'staging' }, 'status', 'status[]')).toEqual([
      'running',
      'staging',
    ]);
    expect(listParam({}, 'embed')).toEqual([]);
  });

  it('textParam takes the last value; empty is absent', () => {
    expect(textParam({ id: ['a', 'b'] }, 'id')).toBe('b');
    expect(textParam({ id: '' }, 'id')).toBeUndefined();
    expect(textParam({}, 'id')).toBeUndefined();
  });
});

describe('text/plain tasks', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['*/*', false],
    ['application/json', false],
    ['text/plain', true],
    ['text/*', true],
    ['application/json, text/plain', false],
    ['text/plain, application/json;q=0.5', true],
    ['application/json;q=0.1, text/plain;q=0.9', true],
    ['text/html, */*;q=0.8', false],
  ])('Accept %j → text: %s', (accept, expected) => {
    expect(prefersPlainText(accept)).toBe(expected);
  });

  it('safePath joins the segments with "_"', () => {
    expect(safePath('/prod/web/api')).toBe('prod_web_api');
    expect(safePath('/web')).toBe('web');
  });

  it('lists an app with running tasks, none, and a task missing a host port (0)', () => {
    const apps = [
      { id: '/db', portDefinitions: [{ port: 10005 }, { port: 10006 }] },
      { id: '/idle', portDefinitions: [{ port: 10007 }] },
    ];
    const tasks = [task({ appId: '/db', host: 'h1', ports: [31005] }), task({ appId: '/other', host: 'h9' })];
    // /db's second service port: h1 has one host port only, so 0.
    expect(endpointsText(apps, tasks)).toBe('db\t10005\th1:31005\t\n' + 'db\t10006\th1:0\t\n' + 'idle\t10007\t\n');
  });
});

describe('rollbackVersion', () => {
  it.each([
    [{ version: 'v1' }, 'v1'],
    [{ id: '/web', version: 'v1' }, 'v1'],
    [{ version: 'v1', cmd: 'x' }, undefined],
    [{ version: 1 }, undefined],
    [[{ version: 'v1' }], undefined],
    [null, undefined],
    [{}, undefined],
  ])('%j → %s', (body, expected) => {
    expect(rollbackVersion(body)).toBe(expected);
  });
});

describe('errorResponse', () => {
  it("keeps the 4xx status of fastify's own errors and makes anything else a 500", () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413 });
    expect(errorResponse(tooLarge)).toEqual({
      statusCode: 413,
      body: { message: 'Request body is too large' },
      unexpected: false,
    });
    expect(errorResponse('a string')).toEqual({ statusCode: 500, body: { message: 'a string' }, unexpected: true });
    const broken = Object.assign(new Error('upstream'), { statusCode: 502 });
    expect(errorResponse(broken).statusCode).toBe(500);
  });
});
