import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { booleanFlag, ConfigError, listFlag, loadConfig, parseConfig, portFlag, z } from '../src/index.js';

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

  it('names the source of each bad value: flag, environment, config file, default, program — or says it is not set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ port: 'eighty', host: 7 }));
    const required = schema.extend({ masterUrl: z.string().url() });
    const problemsOf = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        return (error as ConfigError).problems.join('\n');
      }
      return '';
    };
    // Row by row: where the value came from → what the problem says.
    const cases: [string, () => unknown, RegExp][] = [
      ['flag', () => load(['--port', 'x']), /^port: .*\(from flag --port\)$/m],
      ['environment', () => load([], { TESSERA_PORT: 'x' }), /^port: .*\(from environment TESSERA_PORT\)$/m],
      ['config file', () => load(['--config', file]), new RegExp(`^port: .*\\(from config file ${file}\\)$`, 'm')],
      [
        'config file named by the environment',
        () => load([], { TESSERA_CONFIG: file }),
        new RegExp(`^host: .*\\(from config file ${file}\\)$`, 'm'),
      ],
      [
        'not set (no default)',
        () => loadConfig(required, { name: 'test', argv: [], env: {} }),
        /^master-url: Required \(not set: give --master-url, TESSERA_MASTER_URL or "masterUrl" in the config file\)$/m,
      ],
      [
        'a flag of the program that passed it on',
        () => parseConfig(schema, 'test', { port: 'x' }, { port: 'flag --master-port' }),
        /^port: .*\(from flag --master-port\)$/m,
      ],
      [
        'the program, unnamed',
        () => parseConfig(schema, 'test', { port: 'x' }),
        /^port: .*\(from the program that started the service\)$/m,
      ],
    ];
    for (const [what, run, expected] of cases) expect(problemsOf(run), what).toMatch(expected);
    // A flag beats the file: its value, and its name in the message.
    expect(problemsOf(() => load(['--config', file, '--port', 'y']))).toMatch(/^port: .*\(from flag --port\)$/m);
  });

  it('refuses --config without a path, or given twice', () => {
    expect(() => load(['--config'])).toThrow(/flag --config: give one config file path/);
    expect(() => load(['--config', 'a.json', '--config', 'b.json'])).toThrow(
      /flag --config: give one config file path/,
    );
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
