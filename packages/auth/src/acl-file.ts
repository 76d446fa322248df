import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import {
  ACTION_NAMES,
  ACTIONS,
  canonicalPath,
  type Acls,
  type AclRule,
  type Action,
  type Entity,
  type ObjectMatch,
} from './acls.js';
import { AclFileError } from './errors.js';
import { formatPath, isPlainObject, parseDocument } from './file-format.js';
import { principalNameProblem } from './principal.js';

const ENTITY_SHAPE = 'expected { values: [ … ] } or { type: ANY } or { type: NONE }';

/** What is wrong with `value` as an entity whose values are principal names or objects compared by `match`. */
function entityProblem(value: unknown, kind: 'principals' | ObjectMatch): string | undefined {
  if (value === undefined) return 'is missing';
  if (!isPlainObject(value)) return ENTITY_SHAPE;
  const keys = Object.keys(value);
  const unknown = keys.filter((k) => k !== 'values' && k !== 'type');
  if (unknown.length > 0) return `unknown key ${unknown.map((k) => JSON.stringify(k)).join(', ')}: ${ENTITY_SHAPE}`;
  if ('type' in value && 'values' in value) return 'has both type and values; give one';
  if ('type' in value) {
    const type = value['type'];
    return type === 'ANY' || type === 'NONE' ? undefined : `type must be ANY or NONE (not ${JSON.stringify(type)})`;
  }
  const values = value['values'];
  if (!Array.isArray(values) || values.length === 0)
    return 'values must be a non-empty list (to match nothing, say type: NONE)';
  for (const [index, v] of values.entries()) {
    const problem = valueProblem(v, kind);
    if (problem !== undefined) return `values[${index}]: ${problem}`;
  }
  return undefined;
}

function valueProblem(value: unknown, kind: 'principals' | ObjectMatch): string | undefined {
  if (typeof value !== 'string') return `must be a string (not ${JSON.stringify(value)})`;
  if (kind === 'principals') return principalNameProblem(value);
  if (value === '') return 'must not be empty (an unnamed object is matched by type: ANY or NONE only)';
  if (value.trim() !== value) return `${JSON.stringify(value)} has leading or trailing whitespace`;
  if (kind === 'path-prefix' && canonicalPath(value) === undefined)
    return `${JSON.stringify(value)} is not an absolute path like "/team-a" (no empty, "." or ".." segments)`;
  return undefined;
}

function entitySchema(kind: 'principals' | ObjectMatch) {
  return z.unknown().superRefine((value, context) => {
    const problem = entityProblem(value, kind);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });
}

function ruleSchema(action: Action) {
  const { object, match } = ACTIONS[action];
  return z.strictObject(
    { principals: entitySchema('principals'), [object]: entitySchema(match) },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown key ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (a ${action} rule has principals and ${object})`
          : issue.code === 'invalid_type'
            ? `expected a rule { principals: …, ${object}: … }`
            : undefined,
    },
  );
}

const aclFileSchema = z.strictObject(
  {
    permissive: z.boolean({ error: 'permissive must be true or false' }).optional(),
    ...Object.fromEntries(
      ACTION_NAMES.map((action) => [
        action,
        z.array(ruleSchema(action), { error: `expected a list of ${action} rules` }).optional(),
      ]),
    ),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown action ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (known: ${ACTION_NAMES.join(', ')})`
        : issue.code === 'invalid_type'
          ? 'expected a mapping of actions to lists of rules'
          : undefined,
  },
);

/**
 * The ACLs in an ACL file's text: `permissive` (default false: what no rule matches is refused) and, per
 * action of ACTIONS, a list of rules `{ principals: Entity, <object key>: Entity }`. JSON for a `.json`
 * file, YAML otherwise. The ACLs' source (named in every refusal) is the file's base name, so that
 * refusals sent to clients do not reveal the server's paths.
 *
 * Throws AclFileError listing every problem, each naming its place (`run_tasks[0].users: …`): unknown
 * actions or keys, an entity that is not `{ values: [non-empty list] }` or `{ type: ANY | NONE }`, a value
 * that is not a valid principal name (under principals) or not an absolute path (under apps).
 */
export function parseAcls(text: string, fileName: string): Acls {
  const document = parseDocument(text, fileName);
  if (!document.ok) throw new AclFileError(fileName, [document.problem]);
  // An empty YAML document is null: no rules, not permissive.
  const parsed = aclFileSchema.safeParse(document.value ?? {});
  if (!parsed.success)
    throw new AclFileError(
      fileName,
      parsed.error.issues.map((issue) => {
        const path = formatPath(issue.path);
        return path === '' ? issue.message : `${path}: ${issue.message}`;
      }),
    );
  const data = parsed.data as Record<string, unknown>;
  const rules: { [A in Action]?: AclRule[] } = {};
  for (const action of ACTION_NAMES) {
    const list = data[action] as Array<Record<string, Entity>> | undefined;
    if (list === undefined) continue;
    const objectKey = ACTIONS[action].object;
    rules[action] = list.map((rule) => ({
      principals: toEntity(rule['principals']),
      objects: toEntity(rule[objectKey]),
    }));
  }
  return { source: basename(fileName), permissive: parsed.data.permissive ?? false, rules };
}

/** parseAcls of the file at `path` (errors name the path; refusals name its base name). */
export async function loadAcls(path: string): Promise<Acls> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AclFileError(path, [`cannot be read: ${error instanceof Error ? error.message : String(error)}`], {
      cause: error,
    });
  }
  return parseAcls(text, path);
}

/** A validated entity, copied so that later changes to the parsed document cannot reach the ACLs. */
function toEntity(entity: Entity | undefined): Entity {
  if (entity === undefined) throw new Error('unreachable: a validated rule has both entities');
  return 'type' in entity ? { type: entity.type } : { values: [...entity.values] };
}
