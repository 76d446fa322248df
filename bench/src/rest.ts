/** A small JSON client of a service's REST API (Marathon's /v2, Chronos's /v1/scheduler). */
export class RestClient {
  constructor(readonly baseUrl: string) {}

  /** Sends `body` as JSON; the answer's body parsed as JSON (undefined when empty). Rejects only when the request fails. */
  async send<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  /** Sends and throws unless the status is one of `ok`. */
  async expect<T = unknown>(method: string, path: string, body: unknown, ok: readonly number[]): Promise<T> {
    const answer = await this.send<T>(method, path, body);
    if (!ok.includes(answer.status))
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
    return answer.body;
  }
}

/** Runs `work` on every item with at most `limit` in flight; rejects with the first failure. */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
