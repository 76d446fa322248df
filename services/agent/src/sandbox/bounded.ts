/** Bounded-concurrency work queues for the sandbox scanners (du, /proc), so a huge tree never opens thousands of handles. */

/** How many filesystem operations a scanner has in flight at most, unless told otherwise. */
export const DEFAULT_CONCURRENCY = 16;

/**
 * Runs `work` on every item of `initial` and on every item that a `work` call returns, with at most `concurrency`
 * calls in flight. Items are taken last-in first-out (depth first), which keeps the queue small for directory trees.
 * Resolves when the queue is empty and nothing is in flight; rejects with the first rejection of `work`, after which no
 * new call is started (calls already in flight run to completion, their results discarded).
 */
export function drainBounded<T>(
  initial: Iterable<T>,
  concurrency: number,
  work: (item: T) => Promise<Iterable<T> | void>,
): Promise<void> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    return Promise.reject(new RangeError(`concurrency must be a positive integer, got ${concurrency}`));
  }
  const queue = [...initial];
  let inFlight = 0;
  let failed = false;
  return new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      while (!failed && inFlight < concurrency && queue.length > 0) {
        const item = queue.pop() as T;
        inFlight += 1;
        work(item).then(
          (more) => {
            inFlight -= 1;
            if (failed) return;
            if (more) queue.push(...more);
            if (queue.length === 0 && inFlight === 0) resolve();
            else pump();
          },
          (error: unknown) => {
            inFlight -= 1;
            if (failed) return;
            failed = true;
            reject(error);
          },
        );
      }
    };
    if (queue.length === 0) resolve();
    else pump();
  });
}

/** Whether `error` says that a file or process went away (or was replaced by a non-directory) while it was read. */
export function isVanished(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ESRCH';
}
