/** rotateLog on real files under os.tmpdir(), with a writer that keeps its O_APPEND descriptor as a task does. */
import {
  lstat,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile,
  link,
  type FileHandle,
} from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rotateLog, UnsafeLogFileError } from '../src/sandbox/log-rotation.js';

let sandbox: string;
let stdout: string;
let writer: FileHandle | undefined;
beforeEach(async () => {
  sandbox = await mkdtemp(join(tmpdir(), 'tessera-rotate-'));
  stdout = join(sandbox, 'stdout');
});
afterEach(async () => {
  await writer?.close();
  writer = undefined;
  await rm(sandbox, { recursive: true, force: true });
});

/** Opens `stdout` as the task's output: O_APPEND, kept open across rotations. */
async function openAsTask(): Promise<FileHandle> {
  writer = await open(stdout, 'a');
  return writer;
}

describe('rotateLog', () => {
  it('keeps 2 copies over three rotations, the oldest dropped, while the writer keeps its descriptor', async () => {
    const task = await openAsTask();
    const rotation = { maxBytes: 10, keep: 2 };

    await task.write('first rotation\n');
    expect(await rotateLog(stdout, rotation)).toBe(true);
    await task.write('second rotation\n');
    expect(await rotateLog(stdout, rotation)).toBe(true);
    await task.write('third rotation\n');
    expect(await rotateLog(stdout, rotation)).toBe(true);
    await task.write('after\n');

    expect(await readFile(`${stdout}.1`, 'utf8')).toBe('third rotation\n');
    expect(await readFile(`${stdout}.2`, 'utf8')).toBe('second rotation\n');
    expect((await readdir(sandbox)).sort()).toEqual(['stdout', 'stdout.1', 'stdout.2']);
    // O_APPEND: the write after the truncate lands at offset 0, so no hole of zeros.
    expect(await readFile(stdout, 'utf8')).toBe('after\n');
    expect((await lstat(stdout)).size).toBe(6);
  });

  it('does nothing to a file no larger than maxBytes, or a missing one', async () => {
    await writeFile(stdout, '0123456789');
    expect(await rotateLog(stdout, { maxBytes: 10, keep: 1 })).toBe(false);
    expect(await readFile(stdout, 'utf8')).toBe('0123456789');
    expect(await readdir(sandbox)).toEqual(['stdout']);
    expect(await rotateLog(join(sandbox, 'stderr'), { maxBytes: 10, keep: 1 })).toBe(false);
  });

  it('only truncates with keep 0', async () => {
    await writeFile(stdout, 'x'.repeat(100));
    await writeFile(`${stdout}.1`, 'an older copy');
    expect(await rotateLog(stdout, { maxBytes: 10, keep: 0 })).toBe(true);
    expect((await lstat(stdout)).size).toBe(0);
    expect(await readFile(`${stdout}.1`, 'utf8')).toBe('an older copy');
  });

  it('copies a file larger than its copy buffer completely', async () => {
    // 2.5 MiB: three reads of the 1 MiB copy buffer.
    const content = Buffer.alloc(2.5 * 1024 * 1024);
    for (let i = 0; i < content.length; i++) content[i] = i % 251;
    await writeFile(stdout, content);
    expect(await rotateLog(stdout, { maxBytes: 1024, keep: 1 })).toBe(true);
    expect((await readFile(`${stdout}.1`)).equals(content)).toBe(true);
  });

  it('refuses a log that is a symlink, and never writes through a planted symlink', async () => {
    const victim = join(sandbox, 'outside-secret');
    await writeFile(victim, 'x'.repeat(100));
    await symlink(victim, stdout);
    await expect(rotateLog(stdout, { maxBytes: 10, keep: 1 })).rejects.toThrow(UnsafeLogFileError);
    expect(await readFile(victim, 'utf8')).toBe('x'.repeat(100));

    await rm(stdout);
    await writeFile(stdout, 'y'.repeat(100));
    await symlink(victim, `${stdout}.1`);
    expect(await rotateLog(stdout, { maxBytes: 10, keep: 1 })).toBe(true);
    expect(await readFile(victim, 'utf8')).toBe('x'.repeat(100));
    expect((await lstat(`${stdout}.1`)).isFile()).toBe(true);
    expect(await readFile(`${stdout}.1`, 'utf8')).toBe('y'.repeat(100));
  });

  it('refuses a log with a second hard link, leaving both untouched', async () => {
    await writeFile(stdout, 'z'.repeat(100));
    await link(stdout, join(sandbox, 'other-name'));
    await expect(rotateLog(stdout, { maxBytes: 10, keep: 1 })).rejects.toThrow(/2 hard links/);
    expect((await lstat(stdout)).size).toBe(100);
  });

  it('refuses a FIFO planted as the log without blocking on it', async () => {
    await promisify(execFile)('mkfifo', [stdout]);
    await expect(rotateLog(stdout, { maxBytes: 10, keep: 1 })).rejects.toThrow(/not a regular file/);
  });

  it('rejects a maxBytes below 1 and a negative keep', async () => {
    await expect(rotateLog(stdout, { maxBytes: 0, keep: 1 })).rejects.toThrow(RangeError);
    await expect(rotateLog(stdout, { maxBytes: 10, keep: -1 })).rejects.toThrow(RangeError);
  });
});
