import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@tessera/runtime';
import { agentConfigSchema } from '../src/config.js';

function load(argv: string[], env: Record<string, string> = {}) {
  return loadConfig(agentConfigSchema, { name: 'tessera-agent', argv, env, envPrefix: 'TESSERA_' });
}

describe('agent configuration', () => {
  it('has the documented defaults', () => {
    expect(load([])).toMatchObject({
      master: '127.0.0.1:5050',
      host: '127.0.0.1',
      port: 5060,
      httpPort: 5061,
      workDir: resolve('.tessera/agent'),
      executor: 'process',
      statusUpdateRetryMs: 2000,
      statusUpdateRetryMaxMs: 60000,
      serveApi: true,
      checkpoint: true,
      logLevel: 'info',
      isolation: 'auto',
      cgroupsRoot: '/sys/fs/cgroup',
      cgroupsEnableCfs: false,
      cgroupsPidsMax: 4096,
    });
  });

  it('reads the isolation flags and refuses an unknown isolation', () => {
    expect(
      load(['--isolation', 'cgroups', '--cgroups-root', '/cg', '--cgroups-enable-cfs', '--cgroups-pids-max=100']),
    ).toMatchObject({ isolation: 'cgroups', cgroupsRoot: '/cg', cgroupsEnableCfs: true, cgroupsPidsMax: 100 });
    expect(() => load(['--isolation', 'docker'])).toThrow(/isolation/);
  });

  it('reads flags and environment', () => {
    const config = load(['--resources', 'cpus:4;ports:[8000-8010]', '--executor=simulated', '--serve-api', 'false'], {
      TESSERA_WORK_DIR: '/var/lib/tessera',
      TESSERA_ATTRIBUTES: 'rack:r1',
    });
    expect(config).toMatchObject({
      resources: 'cpus:4;ports:[8000-8010]',
      executor: 'simulated',
      serveApi: false,
      workDir: '/var/lib/tessera',
      attributes: 'rack:r1',
    });
  });

  it("reads the auth settings from flags and environment (the master's names), none by default", () => {
    expect(load([])).not.toHaveProperty('credentials');
    expect(
      load(['--credentials', 'c.yaml', '--acls=a.yaml', '--audit-log', 'audit.log'], {
        TESSERA_MASTER_SECRET_FILE: '/etc/tessera/agent.secret',
      }),
    ).toMatchObject({
      credentials: 'c.yaml',
      acls: 'a.yaml',
      auditLog: 'audit.log',
      masterSecretFile: '/etc/tessera/agent.secret',
    });
    expect(load(['--master-secret-file', 's'])).toMatchObject({ masterSecretFile: 's' });
  });

  it('names every bad field, with the position of malformed resource text', () => {
    let caught: unknown;
    try {
      load(['--resources', 'cpus:4;mem:lots', '--executor', 'docker', '--port', '70000']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toMatch(/resources: invalid value "lots" for mem at position 11/);
    expect(problems).toMatch(/executor/);
    expect(problems).toMatch(/port/);
  });

  it('rejects resources of the wrong type for well-known names', () => {
    expect(() => load(['--resources', 'ports:5'])).toThrow(/ports must be ranges/);
  });
});
