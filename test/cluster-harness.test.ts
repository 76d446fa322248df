import { describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';
import { runningServiceProcesses } from './support/service-process.js';

describe('the test cluster harness', () => {
  it('stops everything it had started when a start fails', async () => {
    // The master refuses an unknown flag and exits: the allocator, already running, must be stopped too.
    await expect(Cluster.start({ masterFlags: ['--no-such-flag', 'x'] })).rejects.toThrow(/master exited with/);
    expect(runningServiceProcesses()).toBe(0);
  });
});
