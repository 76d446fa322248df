import { execFileSync } from 'node:child_process';

/** Why a network partition cannot be made here (not root, no `ip`), or undefined when it can. */
export function partitionUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (ip netns)';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
  } catch {
    return 'the ip command (iproute2) is missing or cannot list network namespaces';
  }
  return undefined;
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * A network namespace joined to the host by a veth pair: `hostAddress/30` on the
 * host side, `nsAddress/30` inside. `cut()` takes the host side down (nothing
 * passes either way), `heal()` brings it up; `remove()` deletes both (the pair
 * goes with the namespace). Root only.
 */
export class NetnsLink {
  private constructor(
    readonly name: string,
    readonly hostVeth: string,
    readonly hostAddress: string,
    readonly nsAddress: string,
  ) {}

  static create(options: { name: string; hostAddress: string; nsAddress: string }): NetnsLink {
    // NOTE: interface names have at most 15 characters.
    const suffix = String(process.pid % 100_000);
    const hostVeth = `vtb${suffix}h`;
    const nsVeth = `vtb${suffix}n`;
    ip('netns', 'add', options.name);
    try {
      ip('link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', nsVeth);
      ip('link', 'set', nsVeth, 'netns', options.name);
      ip('addr', 'add', `${options.hostAddress}/30`, 'dev', hostVeth);
      ip('link', 'set', hostVeth, 'up');
      ip('-n', options.name, 'addr', 'add', `${options.nsAddress}/30`, 'dev', nsVeth);
      ip('-n', options.name, 'link', 'set', nsVeth, 'up');
      ip('-n', options.name, 'link', 'set', 'lo', 'up');
    } catch (error) {
      new NetnsLink(options.name, hostVeth, options.hostAddress, options.nsAddress).remove();
      throw error;
    }
    return new NetnsLink(options.name, hostVeth, options.hostAddress, options.nsAddress);
  }

  cut(): void {
    ip('link', 'set', this.hostVeth, 'down');
  }

  heal(): void {
    ip('link', 'set', this.hostVeth, 'up');
  }

  /** Idempotent. */
  remove(): void {
    try {
      ip('link', 'del', this.hostVeth);
    } catch {
      // already gone (or never made)
    }
    try {
      ip('netns', 'del', this.name);
    } catch {
      // already gone
    }
  }
}
