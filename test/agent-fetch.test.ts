import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentClient, call, type AgentClient } from '@tessera/client';
import type { v1 } from '@tessera/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';
import { TestFramework } from './support/framework.js';
import { agentState, describeUpdates } from './support/observe.js';

/** The uid of `nobody`, the user of tasks that name none when the agent runs as root. */
const NOBODY = 65_534;

// NOTE: the agent switches users only when it runs as root, which is how this suite runs.
describe.runIf(process.getuid?.() === 0)("the fetcher works with the task's user's rights (agent as root)", () => {
  let cluster: Cluster;
  let framework: TestFramework;
  let agent: AgentClient;
  let sources: string;

  beforeAll(async () => {
    // Sources in a directory anyone may search: only the files' own modes decide.
    sources = mkdtempSync(join(tmpdir(), 'tessera-fetch-sources-'));
    chmodSync(sources, 0o755);
    writeFileSync(join(sources, 'secret.conf'), 'root only\n', { mode: 0o600 });
    writeFileSync(join(sources, 'app.conf'), 'for everyone\n', { mode: 0o644 });
    cluster = await Cluster.start();
    framework = await TestFramework.subscribe(cluster.masterAddress);
    agent = agentClient(cluster.agentAddress);
  });

  afterAll(async () => {
    framework?.close();
    agent?.close();
    await cluster?.stop();
    rmSync(sources, { recursive: true, force: true });
  });

  async function sandboxOf(taskId: string): Promise<string> {
    const state = await agentState(cluster);
    return state.tasks.find((t) => t.task?.taskId?.value === taskId)?.sandbox ?? '';
  }

  it('fails a task whose file:// URI its user cannot read, TASK_FAILED / REASON_FETCHER_FAILED, without running it', async () => {
    const secret = join(sources, 'secret.conf');
    await framework.launch('secret', { shell: true, value: 'touch ran', uris: [{ value: `file://${secret}` }] });
    const failed = await framework.waitForState('secret', 'TASK_FAILED');
    expect(failed.reason, describeUpdates(framework.updates)).toBe('REASON_FETCHER_FAILED');
    expect(failed.message).toBe(
      `Failed to fetch: file://${secret}: cannot read ${secret}: permission denied for the task's user (uid ${NOBODY})`,
    );
    expect(framework.statesOf('secret')).not.toContain('TASK_RUNNING');
    const sandbox = await sandboxOf('secret');
    expect(sandbox).not.toBe('');
    expect(existsSync(join(sandbox, 'ran'))).toBe(false);
  });

  it('fetches a file its user can read, owned by that user', async () => {
    const config = join(sources, 'app.conf');
    await framework.launch('readable', {
      shell: true,
      value: 'cat conf/app.conf; stat -c %u conf/app.conf',
      uris: [{ value: `file://${config}`, outputFile: 'conf/app.conf' }],
    });
    await framework.waitForState('readable', 'TASK_FINISHED');
    const stdout = await call<v1.ReadFileRequest, v1.ReadFileResponse__Output>(agent.ReadFile.bind(agent), {
      taskId: { value: 'readable' },
      path: 'stdout',
    });
    expect(stdout.data.toString()).toBe(`for everyone\n${NOBODY}\n`);
  });
});
