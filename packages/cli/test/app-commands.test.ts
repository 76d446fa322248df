import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarathonRefusedError, MarathonRest, MarathonUnreachableError } from '../src/app-commands.js';

describe('MarathonRest', () => {
  const seen: { method: string; url: string; body: unknown }[] = [];
  const app = Fastify();
  let url = '';
  beforeAll(async () => {
    app.all('/*', async (request, reply) => {
      seen.push({ method: request.method, url: request.url, body: request.body });
      if (request.url === '/v2/apps' && request.method === 'POST')
        return reply
          .code(422)
          .send({ message: 'Object is not valid', details: [{ path: '/cpus', errors: ['must be >= 0'] }] });
      return reply.header('marathon-deployment-id', 'd-1').send({ deploymentId: 'd-1', version: 'v' });
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    url = typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : '';
  });
  afterAll(() => app.close());

  it("says what Marathon refused, with each problem's path", async () => {
    const error = await new MarathonRest(url).request('POST', '/v2/apps', { id: 'web', cpus: -1 }).catch((e) => e);
    expect(error).toBeInstanceOf(MarathonRefusedError);
    expect((error as Error).message).toBe('Object is not valid\n  /cpus: must be >= 0');
  });

  it('sends JSON bodies and returns the answer with its headers', async () => {
    const answer = await new MarathonRest(url).request('PATCH', '/v2/apps/prod/web', { instances: 3 });
    expect(answer.headers.get('marathon-deployment-id')).toBe('d-1');
    expect(seen.at(-1)).toEqual({ method: 'PATCH', url: '/v2/apps/prod/web', body: { instances: 3 } });
  });

  it('names the URL and how to start Marathon when nothing answers', async () => {
    const error = await new MarathonRest('http://127.0.0.1:1').request('GET', '/v2/apps').catch((e) => e);
    expect(error).toBeInstanceOf(MarathonUnreachableError);
    expect((error as Error).message).toMatch(/cannot reach Marathon at http:\/\/127.0.0.1:1 — is it running\?/);
  });
});
