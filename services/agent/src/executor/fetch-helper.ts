/**
 * The fetch helper: one short-lived process per launch that fetches a task's
 * URIs with the task's user's rights (see `fetcher.ts`), as Mesos runs its
 * `mesos-fetcher` as the task's user.
 *
 * Started by the Fetcher through the executor's spawner, as the agent's user
 * (root), with the task's sandbox as its working directory and the plan (a
 * FetchPlan) as JSON in TESSERA_FETCH_PLAN. Before it touches anything it
 * switches to the plan's uid and gid, supplementary groups cleared (as Node
 * does for a spawn with a uid), and refuses to go on if it could not; its own
 * code is loaded before, so the task's user need not be able to read the
 * agent's installation. Then it places each step in order (fetch-steps.ts) and
 * writes its result as one JSON object to descriptor 3: FetchHelperResult.
 * Exit status 0 when every step succeeded, else 1.
 */
import { writeSync } from 'node:fs';
import { FETCH_PLAN_ENV, openSandboxDir, placeUri, type FetchHelperResult, type FetchPlan } from './fetch-steps.js';
import { FetchError } from './types.js';

const RESULT_FD = 3;

function switchUser({ uid, gid }: FetchPlan['user']): void {
  process.setgroups?.([]);
  process.setgid?.(gid);
  process.setuid?.(uid);
  const ids = [process.getuid?.(), process.geteuid?.(), process.getgid?.(), process.getegid?.()];
  if (ids.join() !== [uid, uid, gid, gid].join()) throw new Error(`could not switch to uid ${uid} gid ${gid}`);
}

async function run(plan: FetchPlan): Promise<FetchHelperResult> {
  let current = plan.steps[0]?.uri ?? '';
  try {
    switchUser(plan.user);
    const sandbox = await openSandboxDir('.');
    for (const step of plan.steps) {
      current = step.uri;
      await placeUri(step, sandbox);
    }
    return { ok: true };
  } catch (error) {
    if (error instanceof FetchError) return { ok: false, uri: error.uri, problem: error.problem };
    return { ok: false, uri: current, problem: error instanceof Error ? error.message : String(error) };
  }
}

const plan = JSON.parse(process.env[FETCH_PLAN_ENV] ?? '{"steps":[]}') as FetchPlan;
const result = await run(plan);
writeSync(RESULT_FD, JSON.stringify(result));
process.exitCode = result.ok ? 0 : 1;
