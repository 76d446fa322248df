/**
 * The task launcher: a small `/bin/sh` script between the agent and the task's
 * command that outlives the agent. It runs the command in the foreground,
 * writes the command's exit status to a status file, and exits with it, so
 * that an agent restarted after `kill -9` learns how a task ended while it was
 * down (the launcher is reparented to init and reaped there; the agent reads
 * the file). The file lives in the run's meta directory under the agent's work
 * directory, which the task cannot write; the agent opens it and hands the
 * launcher the open descriptor (3, closed for the command), so the launcher
 * needs no access to the path whatever user it runs as.
 *
 * Signals: the launcher traps (does not ignore) TERM, INT, HUP and QUIT, so a
 * kill of the task's process group leaves it waiting for the command, which
 * keeps default dispositions. A shell reports a command that died of signal N
 * as status 128 + N; `outcomeOfStatus` turns such statuses back into signals.
 * NOTE: so a command that exits with 129–192 on its own is reported as ended by
 * the signal status − 128, as shells do.
 *
 * argv[0]: POSIX sh cannot set a command's argv[0]; when the task asks for one,
 * the launcher is `/bin/bash` (its `exec -a` in a subshell costs no extra fork).
 * Isolators may put their own steps before the launcher (joining cgroups,
 * a pid namespace, switching users with `setpriv`); the launcher is always the
 * last step before the command, so it is the command's parent.
 */
import { constants as fsConstants } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import type { CommandLine } from '../isolation/types.js';

const SH = '/bin/sh';
const BASH = '/bin/bash';

/** The status file is open on descriptor 3 (not passed on to the command); the arguments are the command. */
const SCRIPT = 'trap : TERM INT HUP QUIT; "$@" 3>&-; c=$?; echo "$c" >&3; exit "$c"';
/** $1: argv[0]; then the program and its arguments. */
const SCRIPT_ARGV0 =
  'a=$1; f=$2; shift 2; trap : TERM INT HUP QUIT; (exec -a "$a" "$f" "$@" 3>&-); c=$?; echo "$c" >&3; exit "$c"';

/** The descriptor on which the launcher finds its status file (stdin, stdout, stderr come first). */
export const STATUS_FD = 3;

/**
 * The command line that runs `command` under the launcher; spawn it with the
 * run's status file open for writing on descriptor STATUS_FD.
 */
export function launcherCommand(command: CommandLine): CommandLine {
  if (command.argv0 !== undefined) {
    return {
      file: BASH,
      args: ['-c', SCRIPT_ARGV0, 'tessera-launcher', command.argv0, command.file, ...command.args],
    };
  }
  return { file: SH, args: ['-c', SCRIPT, 'tessera-launcher', command.file, ...command.args] };
}

/** How a run ended, from a status (launcher file or the launcher's own exit) or a signal that killed the launcher. */
export interface RunEnd {
  readonly exitCode?: number;
  readonly signal?: string;
  readonly message: string;
}

const SIGNAL_NAMES = new Map<number, string>(Object.entries(osConstants.signals).map(([name, n]) => [n, name]));

/** 0–128: the command's exit code; 129–192: the command died of signal status − 128 (exit code kept as the status). */
export function outcomeOfStatus(status: number): RunEnd {
  const signal = status > 128 ? SIGNAL_NAMES.get(status - 128) : undefined;
  if (signal === undefined) return { exitCode: status, message: `Command exited with status ${status}` };
  return { exitCode: status, signal, message: `Command terminated with signal ${signal} (status ${status})` };
}

/** The launcher's own end as Node saw it (`code` or the signal that killed the launcher itself). */
export function outcomeOfExit(code: number | null, signal: NodeJS.Signals | null): RunEnd {
  if (code !== null) return outcomeOfStatus(code);
  return { signal: signal ?? 'unknown', message: `Command terminated with signal ${signal ?? 'unknown'}` };
}

/** Where the launcher of a run records its command's exit status: `exit_status` in the run's meta directory. */
export function statusFileOf(run: { readonly metaDir: string }): string {
  return join(run.metaDir, 'exit_status');
}

/** The status the launcher recorded; undefined when it wrote none (it was killed itself) or the file is incomplete. */
export async function readRunStatus(statusFile: string): Promise<number | undefined> {
  // NOTE: never follow a link or block on a FIFO, whatever is at the path.
  const handle = await open(statusFile, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK).catch(
    () => undefined,
  );
  if (handle === undefined) return undefined;
  try {
    if (!(await handle.stat()).isFile()) return undefined;
    const text = await handle.readFile('utf8');
    return /^\d+\n$/.test(text) ? Number(text) : undefined;
  } finally {
    await handle.close();
  }
}

/**
 * The start time of process `pid` (field 22 of /proc/<pid>/stat, clock ticks
 * after boot): with the boot ID, it tells a process from a later one that
 * reused its pid. Undefined when the process is gone, is a zombie, or off Linux.
 */
export async function processStartTime(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  // Fields after "(comm) ": state(3) ... starttime(22).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  return fields[22 - 3];
}
