import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  createLogger,
  createMetricsRegistry,
  jsonNestingDepth,
  MAX_HTTP_BODY_BYTES,
  MAX_JSON_BODY_DEPTH,
  parseEveryBodyAsJson,
  startHttpServer,
} from '../src/index.js';

class BadBody extends Error {}

async function post(body: string, contentType = 'application/json'): Promise<{ status: number; body: string }> {
  const app = Fastify({ logger: false });
  await app.register(async (scope) => {
    parseEveryBodyAsJson(scope, (reason) => new BadBody(reason));
    scope.setErrorHandler((error, _request, reply) =>
      reply.code(error instanceof BadBody ? 422 : 500).send({ message: (error as Error).message }),
    );
    scope.post('/', async (request) => ({ got: request.body }));
  });
  const answer = await app.inject({
    method: 'POST',
    url: '/',
    headers: { 'content-type': contentType },
    payload: body,
  });
  await app.close();
  return { status: answer.statusCode, body: answer.body };
}

describe('jsonNestingDepth', () => {
  it.each([
    ['1', 0],
    ['[]', 1],
    ['{"a":[{}]}', 3],
    // brackets inside strings, escaped quotes included, do not count: 1 level
    ['["[[[", "\\"[[", "{{"]', 1],
    ['[[],[[]]]', 3],
  ])('%s nests %i deep', (text, depth) => expect(jsonNestingDepth(text)).toBe(depth));

  it('stops counting once past the limit', () => expect(jsonNestingDepth('['.repeat(10_000), 5)).toBe(6));
});

describe('parseEveryBodyAsJson', () => {
  it('reads JSON whatever the content type', async () => {
    expect(await post('{"a":1}', 'application/x-www-form-urlencoded')).toEqual({
      status: 200,
      body: '{"got":{"a":1}}',
    });
  });

  it('refuses a body nested deeper than the limit with invalidJson, before anything recurses over it', async () => {
    // Found by the fuzz suite: 2,000 nested arrays in an app's `dependencies` overflowed the stack (500).
    const deep = `{"dependencies":${'['.repeat(2000)}${']'.repeat(2000)}}`;
    const answer = await post(deep);
    expect(answer.status).toBe(422);
    expect(answer.body).toContain(`nested deeper than ${MAX_JSON_BODY_DEPTH} levels`);
  });

  it('accepts a body exactly at the limit', async () => {
    const atLimit = `${'['.repeat(MAX_JSON_BODY_DEPTH)}${']'.repeat(MAX_JSON_BODY_DEPTH)}`;
    expect((await post(atLimit)).status).toBe(200);
  });
});

describe('startHttpServer', () => {
  it('refuses a body over MAX_HTTP_BODY_BYTES with 413 before any route reads it', async () => {
    const server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      logger: createLogger('test', { level: 'silent' }),
      metrics: createMetricsRegistry('test'),
      health: () => ({ ok: true }),
      routes: (app) => {
        app.post('/echo', async (request) => ({ bytes: JSON.stringify(request.body).length }));
      },
    });
    try {
      const send = (bytes: number) =>
        fetch(`http://127.0.0.1:${server.port}/echo`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify('x'.repeat(bytes - 2)),
        });
      expect((await send(MAX_HTTP_BODY_BYTES)).status).toBe(200);
      const over = await send(MAX_HTTP_BODY_BYTES + 1);
      expect(over.status).toBe(413);
      expect(await over.text()).toMatch(/Request body is too large/);
    } finally {
      await server.close();
    }
  });
});
