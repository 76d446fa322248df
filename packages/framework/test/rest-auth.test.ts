import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@tessera/runtime';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  loadServiceAuth,
  openServiceAuth,
  registerRestAuthentication,
  requestPrincipal,
  type ServiceAuth,
} from '../src/service/index.js';

const CREDENTIALS = JSON.stringify({
  credentials: [
    { principal: 'alice', secret: 'alice-secret' },
    { principal: 'ops', secret: 'ops-secret', kind: 'operator' },
  ],
});

function credentialsFile(text = CREDENTIALS): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rest-auth-')), 'credentials.json');
  writeFileSync(file, text);
  return file;
}

const basic = (principal: string, secret: string) =>
  `Basic ${Buffer.from(`${principal}:${secret}`).toString('base64')}`;

describe('REST authentication of the framework services', () => {
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  async function serve(auth: ServiceAuth): Promise<FastifyInstance> {
    const app = Fastify();
    apps.push(app);
    registerRestAuthentication(app, auth, (message) => ({ message }));
    app.get('/v2/apps', async (request) => ({ principal: requestPrincipal(request).name }));
    app.get('/healthz', async () => ({ ok: true }));
    await app.ready();
    return app;
  }

  it('with a credentials file: Bearer and Basic authenticate, anonymous and wrong secrets are refused 401 with the Basic challenge', async () => {
    const app = await serve(await loadServiceAuth({ credentials: credentialsFile() }, 'marathon'));
    const get = (authorization?: string) =>
      app.inject({ method: 'GET', url: '/v2/apps', headers: authorization === undefined ? {} : { authorization } });

    const bearer = await get('Bearer ops-secret');
    expect(bearer.statusCode).toBe(200);
    expect(bearer.json()).toEqual({ principal: 'ops' });
    const byBasic = await get(basic('alice', 'alice-secret'));
    expect(byBasic.statusCode).toBe(200);
    expect(byBasic.json()).toEqual({ principal: 'alice' });

    for (const [authorization, message] of [
      [undefined, /^this marathon requires authentication: send an Authorization header "Bearer <secret>"/],
      ['Bearer nope', /matches no credential/],
      [basic('alice', 'ops-secret'), /wrong secret for principal "alice"/],
      ['Digest x', /scheme "Digest" is not supported/],
    ] as const) {
      const refused = await get(authorization);
      expect(refused.statusCode, String(authorization)).toBe(401);
      expect(refused.headers['www-authenticate']).toBe('Basic realm="tessera"');
      expect((refused.json() as { message: string }).message).toMatch(message);
      expect((refused.json() as { message: string }).message).not.toContain('secret"');
    }
    // A refusal never repeats the secret presented.
    expect((await get('Bearer nope')).body).not.toContain('nope');
    // Probes stay open.
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('without a credentials file: anonymous callers are let in, a presented credential cannot be checked (401)', async () => {
    const app = await serve(await loadServiceAuth({}, 'chronos'));
    const anonymous = await app.inject({ method: 'GET', url: '/v2/apps' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ principal: '' });
    const presented = await app.inject({ method: 'GET', url: '/v2/apps', headers: { authorization: 'Bearer x' } });
    expect(presented.statusCode).toBe(401);
    expect(openServiceAuth('chronos').required).toBe(false);
  });

  it('stops the service at start on a credentials file it cannot use, naming the problem', async () => {
    await expect(loadServiceAuth({ credentials: '/nonexistent/credentials.yaml' }, 'marathon')).rejects.toBeInstanceOf(
      ConfigError,
    );
    await expect(
      loadServiceAuth(
        { credentials: credentialsFile('{"credentials": [{"principal": "a", "secret": ""}]}') },
        'marathon',
      ),
    ).rejects.toThrow(/credentials/);
  });
});
