/**
 * Which TCP ports a task's processes listen on, from /proc (Linux): the agent's check that a task binds only the
 * ports of its `ports` resources, as Mesos's network/ports isolator does. Empty results off Linux.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import { DEFAULT_CONCURRENCY, drainBounded, isVanished } from './bounded.js';

/** The `st` column of /proc/net/tcp{,6} for a socket in the LISTEN state. */
const TCP_LISTEN = '0A';

/**
 * How old a scan of the socket tables or of every process's group a caller
 * accepts (`maxAgeMs`, default 0: a fresh one). With a monitor per task, a
 * thousand tasks would otherwise scan the same tables hundreds of times a second.
 */
export interface ScanOptions {
  readonly maxAgeMs?: number;
}

/** `scan`, reused by calls that accept a result started at most `maxAgeMs` ago. */
function shared<T>(scan: () => Promise<T>): (maxAgeMs: number) => Promise<T> {
  let last: { atMs: number; result: Promise<T> } | undefined;
  return (maxAgeMs) => {
    const now = Date.now();
    if (last !== undefined && now - last.atMs <= maxAgeMs) return last.result;
    last = { atMs: now, result: scan() };
    return last.result;
  };
}

/**
 * For each of `pids` that holds at least one listening TCP socket (IPv4 or IPv6), its ports, ascending and without
 * duplicates (a port bound on both IPv4 and IPv6 appears once). Pids without a listening socket, and pids that exit
 * meanwhile, are absent. A socket shared by several processes (inherited over fork) counts for each of them.
 * Connected sockets, including the ephemeral local port of an outgoing connection, are not listening and never count.
 * Rejects when a live process's descriptors cannot be read (EACCES: another user's process and the agent not root).
 *
 * NOTE: the socket tables are those of the agent's network namespace (/proc/net is /proc/self/net), i.e. the host's
 * ports; a socket in a private network namespace of a task is not listed, which is right for a ports check of the
 * host network.
 */
export async function listeningPorts(
  pids: ReadonlySet<number>,
  options: ScanOptions = {},
): Promise<Map<number, number[]>> {
  const result = new Map<number, number[]>();
  if (pids.size === 0) return result;
  const [portsByInode, inodesByPid] = await Promise.all([listeningSockets(options.maxAgeMs ?? 0), socketInodes(pids)]);
  for (const [pid, inodes] of inodesByPid) {
    const ports = new Set<number>();
    for (const inode of inodes) {
      const port = portsByInode.get(inode);
      if (port !== undefined) ports.add(port);
    }
    if (ports.size > 0)
      result.set(
        pid,
        [...ports].sort((a, b) => a - b),
      );
  }
  return result;
}

/**
 * The pids of every process in each of `groups` (process group IDs; a task's group ID is its root pid), from one scan
 * of /proc. Groups without processes are absent; zombies are included. Empty off Linux.
 */
export async function processesInGroups(
  groups: ReadonlySet<number>,
  options: ScanOptions = {},
): Promise<Map<number, number[]>> {
  const members = new Map<number, number[]>();
  if (groups.size === 0) return members;
  for (const [group, pids] of await everyGroup(options.maxAgeMs ?? 0)) if (groups.has(group)) members.set(group, pids);
  return members;
}

/** Every process group and its pids, ascending, from one scan of /proc (shared for a moment). */
const everyGroup = shared(async (): Promise<Map<number, number[]>> => {
  const members = new Map<number, number[]>();
  const entries = await readdir('/proc').catch(() => [] as string[]);
  await drainBounded(
    entries.filter((entry) => /^\d+$/.test(entry)),
    DEFAULT_CONCURRENCY,
    async (entry) => {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
      // After "(comm) ": state ppid pgrp …; comm may contain spaces and parentheses, hence lastIndexOf.
      const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (!Number.isInteger(group)) return;
      const pids = members.get(group) ?? [];
      pids.push(Number(entry));
      members.set(group, pids);
    },
  );
  for (const pids of members.values()) pids.sort((a, b) => a - b);
  return members;
});

/** Socket inode → local port of every TCP socket in LISTEN state, IPv4 and IPv6 (one scan shared for a moment). */
const listeningSockets = shared(async (): Promise<Map<string, number>> => {
  const tables = await Promise.all(
    ['/proc/net/tcp', '/proc/net/tcp6'].map((table) => readFile(table, 'utf8').catch(() => '')),
  );
  const ports = new Map<string, number>();
  for (const table of tables) {
    for (const line of table.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (state !== TCP_LISTEN || local === undefined || inode === undefined || inode === '0') continue;
      const port = parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
      if (Number.isInteger(port)) ports.set(inode, port);
    }
  }
  return ports;
});

/** For each live pid, the inodes of the sockets its descriptors refer to ("socket:[inode]"). */
async function socketInodes(pids: ReadonlySet<number>): Promise<Map<number, Set<string>>> {
  const inodes = new Map<number, Set<string>>();
  type Work = { readonly pid: number; readonly fd?: string };
  await drainBounded<Work>(
    [...pids].map((pid) => ({ pid })),
    DEFAULT_CONCURRENCY,
    async ({ pid, fd }) => {
      try {
        if (fd === undefined) {
          const fds = await readdir(`/proc/${pid}/fd`);
          inodes.set(pid, new Set());
          return fds.map((name) => ({ pid, fd: name }));
        }
        const target = await readlink(`/proc/${pid}/fd/${fd}`);
        const match = /^socket:\[(\d+)\]$/.exec(target);
        if (match?.[1] !== undefined) inodes.get(pid)?.add(match[1]);
      } catch (error) {
        // The process exited, or closed the descriptor, since it was listed.
        if (!isVanished(error)) throw error;
      }
    },
  );
  return inodes;
}
