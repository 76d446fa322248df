/**
 * How much the fuzz suite does: `TESSERA_FUZZ_RUNS` inputs in all (default
 * 10,000, CI's), shared out over the families and their targets;
 * `TESSERA_FUZZ_PROFILE=nightly` makes it 200,000. `TESSERA_FUZZ_SEED`
 * replays a run (fast-check prints the seed and path of a failure).
 */
export interface FuzzProfile {
  readonly name: string;
  /** Inputs in all, over every family and target. */
  readonly totalRuns: number;
  readonly seed: number | undefined;
  /** Deadline of one call, ms: an answer later than this is a hang, and a failure. */
  readonly callDeadlineMs: number;
}

const PROFILES: Record<string, number> = { ci: 10_000, nightly: 200_000 };

export function fuzzProfile(env: NodeJS.ProcessEnv = process.env): FuzzProfile {
  const name = env['TESSERA_FUZZ_PROFILE'] ?? 'ci';
  const preset = PROFILES[name];
  if (preset === undefined)
    throw new Error(`TESSERA_FUZZ_PROFILE: ${name} is not one of ${Object.keys(PROFILES).join(', ')}`);
  const runs = env['TESSERA_FUZZ_RUNS'];
  const totalRuns = runs === undefined ? preset : Number(runs);
  if (!Number.isInteger(totalRuns) || totalRuns < 1)
    throw new Error(`TESSERA_FUZZ_RUNS: ${runs} is not a positive integer`);
  const seedText = env['TESSERA_FUZZ_SEED'];
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new Error(`TESSERA_FUZZ_SEED: ${seedText} is not an integer`);
  // NOTE: generous for a loaded 2-core machine; nothing legitimate takes this long.
  return { name, totalRuns, seed, callDeadlineMs: Number(env['TESSERA_FUZZ_DEADLINE_MS'] ?? 20_000) };
}

/** Shares of the total by family (they add up to 1). */
export const FAMILY_SHARES = {
  grpcInvalid: 0.2,
  grpcRandom: 0.35,
  restInvalid: 0.2,
  restRandom: 0.25,
} as const;

/** Runs for each of `targets` targets of a family: its share of the total, at least 1 each. */
export function runsPerTarget(profile: FuzzProfile, share: number, targets: number): number {
  return Math.max(1, Math.floor((profile.totalRuns * share) / Math.max(1, targets)));
}
