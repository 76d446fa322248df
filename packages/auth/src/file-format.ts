import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** The document in a credentials or ACL file: JSON for a `.json` file, YAML (a superset of JSON) otherwise. */
export function parseDocument(
  text: string,
  fileName: string,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  const json = extname(fileName).toLowerCase() === '.json';
  try {
    // NOTE: YAML's default `uniqueKeys` refuses a key given twice, where JSON.parse would keep the last.
    const value: unknown = json ? JSON.parse(text) : parseYaml(text, { prettyErrors: true, maxAliasCount: 100 });
    return { ok: true, value };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, problem: `is not valid ${json ? 'JSON' : 'YAML'}: ${message}` };
  }
}

/** A zod issue path as a reader of the file would write it: `run_tasks[0].users`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
