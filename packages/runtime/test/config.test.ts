import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { booleanFlag, ConfigError, listFlag, loadConfig, portFlag, z } from '../src/index.js';

const schema = z.object({
  host: z.string().default('127.0.0.1'),
  port: portFlag(5050),
  offerTimeoutMs: z.coerce.number().int().min(0).default(60_000),
  verbose: booleanFlag(false),
  exclude: listFlag(['gpus']),
});

const load = (argv: string[], env: Record<string, string> = {}) => loadConfig(schema, { name: 'test', argv, env });

describe('loadConfig', () => {
  it('uses defaults', () => {
    expect(load([])).toEqual({
      host: '127.0.0.1',
      port: 5050,
      offerTimeoutMs: 60_000,
      verbose: false,
      exclude: ['gpus'],
    });
  });

  it('ranks flags over environment over file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ host: 'from-file', port: 1, offerTimeoutMs: 2 }));
    const config = load(['--config', file, '--port=7000', '--verbose'], {
      TESSERA_PORT: '6000',
      TESSERA_OFFER_TIMEOUT_MS: '5',
    });
    // port: flag 7000 beats env 6000 and file 1; offerTimeoutMs: env 5 beats file 2; host: file.
    expect(config).toMatchObject({ host: 'from-file', port: 7000, offerTimeoutMs: 5, verbose: true });
  });

  it('reads lists from commas and repeated flags', () => {
    expect(load(['--exclude', 'gpus,fpgas']).exclude).toEqual(['gpus', 'fpgas']);
    expect(load(['--exclude', 'a', '--exclude', 'b']).exclude).toEqual(['a', 'b']);
  });

  it('names every problem and where it came from', () => {
    let error: unknown;
    try {
      load(['--port', '99999', '--bogus', 'x', 'positional'], { TESSERA_OFFER_TIMEOUT_MS: '-1' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('unknown flag --bogus');
    expect(problems).toContain('unexpected argument "positional"');
    expect(problems).toMatch(/port: .*\(from flag --port\)/);
    expect(problems).toMatch(/offer-timeout-ms: .*\(from environment TESSERA_OFFER_TIMEOUT_MS\)/);
  });

  it('refuses a config file that is not a JSON object, or has unknown settings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    writeFileSync(join(dir, 'a.json'), '[1]');
    writeFileSync(join(dir, 'b.json'), '{"hots": "typo"}');
    expect(() => load(['--config', join(dir, 'a.json')])).toThrow(/must hold a JSON object/);
    expect(() => load(['--config', join(dir, 'b.json')])).toThrow(/unknown setting "hots"/);
    expect(() => load(['--config', join(dir, 'missing.json')])).toThrow(/ENOENT/);
  });
});
