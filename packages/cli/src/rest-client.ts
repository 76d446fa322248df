import { readFile } from 'node:fs/promises';
import { connection } from './connection.js';

/** A service with a REST API the CLI calls (Marathon, Chronos): how it is named and how its refusals read. */
export interface RestService {
  /** The name used in messages: "Marathon", "Chronos". */
  readonly name: string;
  /**
   * The message of a refusal (an answer with a status outside 2xx), from the
   * status and the body (parsed JSON, or `{ message: text }` when the body is
   * not JSON; undefined when empty).
   */
  describeRefusal(status: number, body: unknown): string;
}

/** The service could not be reached at all (nothing listens there, or the connection failed). */
export class RestUnreachableError extends Error {
  override readonly name: string = 'RestUnreachableError';
  constructor(
    readonly service: string,
    readonly url: string,
    options?: ErrorOptions,
  ) {
    super(`cannot reach ${service} at ${url} — is it running? \`tessera up\` starts one`, options);
  }
}

/** The service answered with an error status; the message is the service's describer's. */
export class RestRefusedError extends Error {
  override readonly name: string = 'RestRefusedError';
  constructor(
    readonly service: string,
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
  }
}

/** An answer with a status in 2xx. `body` is the parsed JSON, undefined when the answer is empty (204). */
export interface RestAnswer<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/**
 * A small client of one service's REST API, as the CLI uses it: one request,
 * no retries. Paths are absolute ("/v2/apps", with any query) and resolved
 * against the URL's origin. Throws RestUnreachableError when no connection is
 * made and RestRefusedError for a status outside 2xx (subclasses choose their
 * own classes by overriding `unreachable` and `refused`).
 */
export class RestClient {
  constructor(
    readonly service: RestService,
    readonly url: string,
  ) {}

  /** Sends `body`, if any, as JSON; answers the parsed JSON (a body that is not JSON as `{ message: text }`). */
  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<RestAnswer<T>> {
    const response = await this.send(method, path, body);
    const parsed = parseBody(await response.text());
    if (!response.ok) throw this.refused(response.status, parsed);
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /** For the answers that are text (Chronos's DOT and CSV graphs): the body as it is. */
  async requestText(method: string, path: string): Promise<string> {
    const response = await this.send(method, path, undefined);
    const text = await response.text();
    if (!response.ok) throw this.refused(response.status, parseBody(text));
    return text;
  }

  protected unreachable(cause: unknown): Error {
    return new RestUnreachableError(this.service.name, this.url, { cause });
  }

  protected refused(status: number, body: unknown): Error {
    return new RestRefusedError(this.service.name, status, body, this.service.describeRefusal(status, body));
  }

  private async send(method: string, path: string, body: unknown): Promise<Response> {
    try {
      return await fetch(new URL(path, this.url), {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...authorization(),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw this.unreachable(error);
    }
  }
}

/** The CLI's `--token` as an `Authorization: Bearer` header, when one is given. */
function authorization(): Record<string, string> {
  const token = connection().token;
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}

/** The JSON in `file` ("-": stdin). Throws an Error naming the file when it is not JSON. */
export async function readJsonFile(file: string): Promise<unknown> {
  const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `value` as the CLI prints JSON: indented by two, one trailing line break. */
export const jsonText = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';
