/**
 * Running a fast-check property for the fuzz suite, and reporting a failure
 * with its shrunk counterexample in a readable size (long strings and byte
 * buffers are cut, with their length), the seed and the path to replay it.
 */
import fc from 'fast-check';

/** `value` as JSON for a report, strings over 120 characters and buffers over 48 bytes cut. */
export function summarize(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string' && v.length > 120) return `${v.slice(0, 120)}… (${v.length} characters)`;
    if (v !== null && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer') {
      const data = (v as { data: number[] }).data;
      return `<${data.length} bytes: ${Buffer.from(data.slice(0, 48)).toString('hex')}${data.length > 48 ? '…' : ''}>`;
    }
    return v;
  });
}

export interface PropertyOptions {
  readonly numRuns: number;
  readonly seed: number | undefined;
  /** Where a failure's report goes instead of being thrown, so that one test reports every failing target. */
  readonly failures?: string[];
}

/** Throws every collected failure report at once. */
export function throwFailures(failures: readonly string[]): void {
  if (failures.length > 0) throw new Error(`${failures.length} failing target(s):\n\n${failures.join('\n\n')}`);
}

/**
 * Runs `predicate` over `arbitrary` (async, one input at a time); throws,
 * naming `what`, the shrunk counterexample, the failure, the seed and the
 * path (`TESSERA_FUZZ_SEED=<seed>` replays it).
 */
export async function checkProperty<T>(
  what: string,
  arbitrary: fc.Arbitrary<T>,
  options: PropertyOptions,
  predicate: (input: T) => Promise<void>,
): Promise<void> {
  const details = await fc.check(fc.asyncProperty(arbitrary, predicate), {
    numRuns: options.numRuns,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  if (!details.failed) return;
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const report = [
    `${what}: property failed after ${details.numRuns} run(s) and ${details.numShrinks} shrink(s)`,
    `counterexample (shrunk): ${summarize(details.counterexample)}`,
    `failure: ${error}`,
    `replay: TESSERA_FUZZ_SEED=${details.seed} (path ${details.counterexamplePath ?? '-'})`,
  ].join('\n');
  if (options.failures === undefined) throw new Error(report);
  options.failures.push(report);
}
