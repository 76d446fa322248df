import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadMasterSecret } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tessera-secret-'));
const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('loadMasterSecret', () => {
  it('is undefined without the setting: the process calls with its certificate, or anonymously', () => {
    expect(loadMasterSecret({}, 'agent')).toBeUndefined();
  });

  it('reads the secret without the whitespace around it (a trailing newline, as editors write it)', () => {
    expect(loadMasterSecret({ masterSecretFile: file('ok', '  s3cret-value\n') }, 'agent')).toBe('s3cret-value');
  });

  it.each([
    ['a missing file', join(dir, 'missing'), /master-secret-file: cannot read .*missing: no such file/],
    ['an empty file', file('empty', ' \n'), /master-secret-file: .*empty is empty/],
    ['two words', file('two', 'one two\n'), /holds more than one word/],
  ])('refuses %s at start, naming the setting and the file', (_what, path, message) => {
    expect(() => loadMasterSecret({ masterSecretFile: path }, 'marathon')).toThrow(ConfigError);
    expect(() => loadMasterSecret({ masterSecretFile: path }, 'marathon')).toThrow(message);
  });
});
