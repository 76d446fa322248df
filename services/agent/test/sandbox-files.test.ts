import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidSandboxPathError, SandboxEscapeError, SandboxFileNotFoundError } from '../src/errors.js';
import { listSandbox, readSandboxFile, resolveInSandbox } from '../src/sandbox-files.js';

let base: string;
let sandbox: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'tessera-sandbox-'));
  sandbox = join(base, 'sandbox');
  await mkdir(join(sandbox, 'dir'), { recursive: true });
  await writeFile(join(base, 'outside.txt'), 'outside');
  await writeFile(join(sandbox, 'dir', 'file.txt'), 'inside');
  await symlink('../outside.txt', join(sandbox, 'rel-out'));
  await symlink('/nonexistent/target', join(sandbox, 'dangling'));
  await symlink('..', join(sandbox, 'parent'));
  execFileSync('mkfifo', [join(sandbox, 'fifo')]);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('sandbox confinement', () => {
  it.each([
    ['dir/file.txt', 'inside'],
    ['./dir/../dir/file.txt', 'inside'],
  ])('reads %s', async (path, content) => {
    expect((await readSandboxFile(sandbox, path, 0, 0)).data.toString()).toBe(content);
  });

  it.each([
    ['..', SandboxEscapeError],
    ['../outside.txt', SandboxEscapeError],
    ['/etc/passwd', SandboxEscapeError],
    ['rel-out', SandboxEscapeError],
    // a missing file behind a link out of the sandbox is refused, not NOT_FOUND: no probing outside
    ['parent/no-such-file', SandboxEscapeError],
    ['missing', SandboxFileNotFoundError],
    ['dir/missing', SandboxFileNotFoundError],
    ['dangling', SandboxFileNotFoundError],
    ['dir\0x', InvalidSandboxPathError],
    // a name over NAME_MAX (255 bytes): ENAMETOOLONG from the kernel
    ['a'.repeat(300), InvalidSandboxPathError],
    ['dir/' + 'é'.repeat(200), InvalidSandboxPathError],
    // over MAX_SANDBOX_PATH_BYTES (4096) in all: refused before any lookup
    ['a/'.repeat(2_049), InvalidSandboxPathError],
  ])('resolving %j throws %o', async (path, kind) => {
    await expect(resolveInSandbox(sandbox, path)).rejects.toBeInstanceOf(kind);
  });

  it('refuses to read a FIFO instead of blocking on it', async () => {
    await expect(readSandboxFile(sandbox, 'fifo', 0, 0)).rejects.toBeInstanceOf(InvalidSandboxPathError);
  });

  it('refuses negative offsets', async () => {
    await expect(readSandboxFile(sandbox, 'dir/file.txt', -1, 0)).rejects.toBeInstanceOf(InvalidSandboxPathError);
  });

  it.each([
    [-1, 0],
    [Number.NaN, 0],
    [1.5, 0],
    [2 ** 53, 0], // past Number.MAX_SAFE_INTEGER
    [Number.POSITIVE_INFINITY, 0],
    [0, -1],
    [0, Number.NaN],
    [0, 0.5],
    [0, Number.POSITIVE_INFINITY],
  ])('refuses offset %d with length %d', async (offset, length) => {
    await expect(readSandboxFile(sandbox, 'dir/file.txt', offset, length)).rejects.toBeInstanceOf(
      InvalidSandboxPathError,
    );
  });

  it('takes a huge length as the most it reads, and an offset past the end as nothing to read', async () => {
    // 2^64 - 1, a uint64 length from the wire as a Number
    expect((await readSandboxFile(sandbox, 'dir/file.txt', 0, 2 ** 64)).data.toString()).toBe('inside');
    expect((await readSandboxFile(sandbox, 'dir/file.txt', 2 ** 53 - 1, 0)).data.length).toBe(0);
  });

  it('lists symlinks as themselves without following them', async () => {
    const entries = await listSandbox(sandbox, '');
    expect(entries.map((e) => e.path)).toEqual(['dangling', 'dir', 'fifo', 'parent', 'rel-out']);
    expect(entries.find((e) => e.path === 'parent')?.isDir).toBe(false);
    expect(await listSandbox(sandbox, 'dir/file.txt')).toMatchObject([{ path: 'dir/file.txt', size: 6, isDir: false }]);
  });

  it('a sandbox that does not exist is NOT_FOUND', async () => {
    await expect(listSandbox(join(base, 'never-created'), '')).rejects.toBeInstanceOf(SandboxFileNotFoundError);
  });
});
