import { describe, expect, it } from 'vitest';
import { addressListFlag, ConfigError, loadConfig, z } from '../src/index.js';

const schema = z.object({ master: addressListFlag('127.0.0.1:5050') });
const load = (argv: string[], env: Record<string, string> = {}) => loadConfig(schema, { name: 'test', argv, env });

describe('addressListFlag', () => {
  it.each([
    [[], {}, '127.0.0.1:5050'], // the default
    [['--master', 'a:1'], {}, 'a:1'],
    [['--master', ' a:1 , b:2 ,a:1'], {}, 'a:1,b:2'], // spaces and duplicates dropped
    [['--master', 'a:1', '--master', 'b:2'], {}, 'a:1,b:2'], // a repeated flag
    [[], { TESSERA_MASTER: 'a:1,b:2' }, 'a:1,b:2'],
  ])('%j with %j → %s', (argv, env, expected) => {
    expect(load(argv, env).master).toBe(expected);
  });

  it('refuses a list with an empty entry, saying what a list looks like', () => {
    expect(() => load(['--master', 'a:1,,b:2'])).toThrow(ConfigError);
    expect(() => load(['--master', 'a:1,'])).toThrow(/not a list of addresses: expected host:port\[,host:port...\]/);
  });
});
