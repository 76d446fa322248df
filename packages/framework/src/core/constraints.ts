/**
 * Placement constraints with Marathon's semantics. A constraint is
 * `[field, operator, value?]`: the field is `hostname` (or `@hostname`) or the
 * name of an agent attribute; the operator one of CONSTRAINT_OPERATORS.
 *
 * Attribute values are compared as strings, rendered the way Marathon renders
 * Mesos attributes: text as is, scalars as numbers with at most three decimals
 * ("3", "0.5"), ranges as "[begin-end,...]" (sorted), sets as "{a,b,c}" (sorted).
 * An agent without the attribute is refused by every operator except UNLIKE,
 * which always accepts it.
 *
 * Checks read the candidate agent and the agents where the other instances of
 * the same app or job are already placed (`placed`, in placement order). Pure.
 */
import { roundScalar, type Attribute } from '@tessera/domain';
import type { AgentFields } from './offer.js';

export const CONSTRAINT_OPERATORS = ['UNIQUE', 'CLUSTER', 'GROUP_BY', 'LIKE', 'UNLIKE', 'MAX_PER', 'IS'] as const;

export type ConstraintOperator = (typeof CONSTRAINT_OPERATORS)[number];

/** A constraint that `parseConstraint` accepted. `value` is absent rather than ''. */
export interface Constraint {
  readonly field: string;
  readonly operator: ConstraintOperator;
  readonly value?: string;
}

/** The other instances of the same app or job, for the checks that count them. */
export interface PlacementContext {
  /** Where the already-placed (launched, not ended) siblings run, in placement order. */
  readonly placed: readonly AgentFields[];
  /**
   * Agents the framework knows of (e.g. those of recent offers). GROUP_BY spreads
   * over their values too, not only over the values it has placed on; without
   * them (and without GROUP_BY's value) instances may all land on the first value,
   * as Marathon warns.
   */
  readonly knownAgents?: readonly AgentFields[];
}

const HOSTNAME_FIELDS: ReadonlySet<string> = new Set(['hostname', '@hostname']);

// ---------- validation ----------

/** The result of reading a constraint from user input: the constraint, or every problem found. */
export type ParsedConstraint =
  { readonly ok: true; readonly constraint: Constraint } | { readonly ok: false; readonly problems: readonly string[] };

/** Compiled patterns by source; a memo (a pattern compiles the same every time), emptied when full. */
const patterns = new Map<string, RegExp | undefined>();
const MAX_PATTERNS = 256;

/** `^(?:value)$`, or undefined when `value` is not a valid regular expression on its own. */
function anchoredPattern(value: string): RegExp | undefined {
  if (patterns.has(value)) return patterns.get(value);
  let pattern: RegExp | undefined;
  try {
    // NOTE: checked alone first: wrapping can make an invalid pattern valid (")(" becomes "^(?:)()$").
    new RegExp(value);
    pattern = new RegExp(`^(?:${value})$`);
  } catch {
    pattern = undefined;
  }
  if (patterns.size >= MAX_PATTERNS) patterns.clear();
  patterns.set(value, pattern);
  return pattern;
}

function regexProblem(value: string): string | undefined {
  if (anchoredPattern(value) !== undefined) return undefined;
  try {
    new RegExp(value);
    new RegExp(`^(?:${value})$`);
  } catch (error) {
    return `${JSON.stringify(value)} is not a valid regular expression (${(error as Error).message})`;
  }
  return `${JSON.stringify(value)} is not a valid regular expression`;
}

/** A whole number >= 1 written in decimal digits ("3"), or undefined. */
function positiveCount(value: string): number | undefined {
  if (!/^\d+$/.test(value)) return undefined;
  const count = Number(value);
  return Number.isSafeInteger(count) && count >= 1 ? count : undefined;
}

/** Problems with an operator's value ('' counts as absent). */
function valueProblems(operator: ConstraintOperator, value: string | undefined): string[] {
  switch (operator) {
    case 'UNIQUE':
      return value === undefined ? [] : [`UNIQUE takes no value, got ${JSON.stringify(value)}`];
    case 'CLUSTER':
      return [];
    case 'GROUP_BY':
      return value === undefined || positiveCount(value) !== undefined
        ? []
        : [
            `GROUP_BY's value is the number of distinct values to spread over, a whole number >= 1; got ${JSON.stringify(value)}`,
          ];
    case 'MAX_PER':
      if (value === undefined) return ['MAX_PER needs a value: the most instances per field value, e.g. "2"'];
      return positiveCount(value) !== undefined
        ? []
        : [`MAX_PER's value must be a whole number >= 1, got ${JSON.stringify(value)}`];
    case 'LIKE':
    case 'UNLIKE': {
      if (value === undefined) return [`${operator} needs a value: a regular expression for the whole field value`];
      const problem = regexProblem(value);
      return problem === undefined ? [] : [`${operator}: ${problem}`];
    }
    case 'IS':
      return value === undefined ? ['IS needs a value: the exact field value'] : [];
  }
}

/**
 * Reads one constraint in Marathon's JSON form, `[field, operator]` or
 * `[field, operator, value]` (all strings), and says everything wrong with it in
 * plain words: not a list, unknown operator, missing or unexpected value, a
 * count that is not a whole number >= 1, an invalid regular expression. Never
 * throws: bad input is the caller's user's mistake (answer HTTP 422 with the problems).
 */
export function parseConstraint(raw: unknown): ParsedConstraint {
  if (!Array.isArray(raw) || raw.length < 2 || raw.length > 3) {
    return {
      ok: false,
      problems: [`a constraint is a list [field, operator] or [field, operator, value], got ${describe(raw)}`],
    };
  }
  const [field, operator, value] = raw as unknown[];
  const problems: string[] = [];
  if (typeof field !== 'string' || field.trim() === '') {
    problems.push(`the field must be "hostname" or an attribute name, got ${describe(field)}`);
  } else if (field.startsWith('@') && !HOSTNAME_FIELDS.has(field)) {
    problems.push(`unknown agent field ${JSON.stringify(field)}: of the @ fields only "@hostname" is known`);
  }
  const known = typeof operator === 'string' && (CONSTRAINT_OPERATORS as readonly string[]).includes(operator);
  if (!known) {
    problems.push(`unknown operator ${describe(operator)}; known: ${CONSTRAINT_OPERATORS.join(', ')}`);
  }
  if (value !== undefined && typeof value !== 'string') {
    problems.push(`the value must be a string, got ${describe(value)}`);
  }
  const text = typeof value === 'string' && value !== '' ? value : undefined;
  if (known) problems.push(...valueProblems(operator as ConstraintOperator, text));
  if (problems.length > 0) return { ok: false, problems };
  const constraint: Constraint = {
    field: field as string,
    operator: operator as ConstraintOperator,
    ...(text === undefined ? {} : { value: text }),
  };
  return { ok: true, constraint };
}

/** The problems `parseConstraint` finds with `raw`; empty when it is a valid constraint. */
export function validateConstraint(raw: unknown): string[] {
  const parsed = parseConstraint(raw);
  return parsed.ok ? [] : [...parsed.problems];
}

/**
 * Reads a list of constraints (Marathon's `constraints` field); each problem is
 * prefixed with its place, e.g. `constraints[1]: unknown operator "NEAR"; ...`.
 */
export function parseConstraints(
  raw: unknown,
): { readonly ok: true; readonly constraints: Constraint[] } | { readonly ok: false; readonly problems: string[] } {
  if (!Array.isArray(raw)) return { ok: false, problems: [`constraints must be a list, got ${describe(raw)}`] };
  const constraints: Constraint[] = [];
  const problems: string[] = [];
  for (const [index, item] of (raw as unknown[]).entries()) {
    const parsed = parseConstraint(item);
    if (parsed.ok) constraints.push(parsed.constraint);
    else problems.push(...parsed.problems.map((problem) => `constraints[${index}]: ${problem}`));
  }
  return problems.length === 0 ? { ok: true, constraints } : { ok: false, problems };
}

/** The problems with a constraint built in code (the same rules as `parseConstraint`). */
export function constraintProblems(constraint: Constraint): string[] {
  const raw =
    constraint.value === undefined
      ? [constraint.field, constraint.operator]
      : [constraint.field, constraint.operator, constraint.value];
  return validateConstraint(raw);
}

/** Marathon's JSON form, for messages: `["rack","GROUP_BY","3"]`. */
export function formatConstraint(constraint: Constraint): string {
  const parts = [constraint.field, constraint.operator, ...(constraint.value === undefined ? [] : [constraint.value])];
  return JSON.stringify(parts);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json === undefined ? typeof value : json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

// ---------- field values ----------

/** A scalar as Marathon renders it: at most three decimals, no trailing zeros ("3", "0.5"). */
function formatScalar(value: number): string {
  return String(roundScalar(value));
}

/** An attribute's value rendered for comparison (see the module comment). */
export function renderAttribute(attribute: Attribute): string {
  switch (attribute.type) {
    case 'text':
      return attribute.text;
    case 'scalar':
      return formatScalar(attribute.scalar);
    case 'ranges':
      return `[${[...attribute.ranges]
        .sort((a, b) => a.begin - b.begin)
        .map((r) => `${r.begin}-${r.end}`)
        .join(',')}]`;
    case 'set':
      return `{${[...attribute.set].sort().join(',')}}`;
  }
}

/** The field's value on `agent` as a string; undefined when the agent has no such attribute. */
export function fieldValue(agent: AgentFields, field: string): string | undefined {
  if (HOSTNAME_FIELDS.has(field)) return agent.hostname;
  const attribute = agent.attributes.find((a) => a.name === field);
  return attribute === undefined ? undefined : renderAttribute(attribute);
}

/**
 * Whether the field value of `agent` is exactly `expected`. A scalar attribute
 * compared with a number compares as numbers to three decimals ("2.0" is "2");
 * everything else compares as rendered strings.
 */
function fieldEquals(agent: AgentFields, field: string, expected: string): boolean {
  const attribute = HOSTNAME_FIELDS.has(field) ? undefined : agent.attributes.find((a) => a.name === field);
  if (attribute?.type === 'scalar' && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(expected)) {
    return roundScalar(attribute.scalar) === roundScalar(Number(expected));
  }
  return fieldValue(agent, field) === expected;
}

/** How many of `agents` have each value of `field` (agents without it are not counted). */
function countByValue(agents: readonly AgentFields[], field: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const agent of agents) {
    const value = fieldValue(agent, field);
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

// ---------- checks ----------

/**
 * Whether `constraint` lets one more instance be placed on `candidate`, given
 * the siblings already placed. Per operator (v = the candidate's field value):
 * - UNIQUE: no sibling has v.
 * - CLUSTER with a value: v is that value (exactly, as for IS). Without one: v is
 *   the value of the first placed sibling that has the field; any v when none has.
 * - GROUP_BY [n]: v's count is the smallest among the values seen — those of the
 *   siblings, of `knownAgents` and v itself, a value without instances counting 0 —
 *   and while fewer than n values are seen, only a value without instances. Placing
 *   greedily so keeps the counts of the values within one of each other; NOTE:
 *   strictly, so a value that cannot take more (its agents are full, or ruled
 *   out by another constraint such as UNIQUE) holds the others back, as in Marathon.
 * - LIKE / UNLIKE: the regular expression matches / does not match the WHOLE of v
 *   (JavaScript syntax, anchored as `^(?:value)$`).
 * - MAX_PER n: fewer than n siblings have v.
 * - IS: v is exactly the value.
 * A candidate without the field is refused by all but UNLIKE. A constraint that
 * `parseConstraint` would refuse (built in code with a bad regex, say) holds
 * nowhere: it fails closed rather than throwing.
 */
export function constraintHolds(constraint: Constraint, candidate: AgentFields, context: PlacementContext): boolean {
  if (constraintProblems(constraint).length > 0) return false;
  const { field, value } = constraint;
  const own = fieldValue(candidate, field);
  if (constraint.operator === 'UNLIKE') {
    return own === undefined || !(anchoredPattern(value ?? '')?.test(own) ?? false);
  }
  if (own === undefined) return false;
  switch (constraint.operator) {
    case 'UNIQUE':
      return !context.placed.some((agent) => fieldValue(agent, field) === own);
    case 'CLUSTER': {
      if (value !== undefined) return fieldEquals(candidate, field, value);
      const anchor = context.placed.map((agent) => fieldValue(agent, field)).find((v) => v !== undefined);
      return anchor === undefined || anchor === own;
    }
    case 'GROUP_BY': {
      const expected = value === undefined ? 0 : (positiveCount(value) ?? 0);
      const counts = countByValue(context.placed, field);
      const seen = new Set([...counts.keys(), own]);
      for (const agent of context.knownAgents ?? []) {
        const known = fieldValue(agent, field);
        if (known !== undefined) seen.add(known);
      }
      const fewest = seen.size < expected ? 0 : Math.min(...[...seen].map((v) => counts.get(v) ?? 0));
      return (counts.get(own) ?? 0) <= fewest;
    }
    case 'LIKE':
      return anchoredPattern(value ?? '')?.test(own) ?? false;
    case 'MAX_PER': {
      const most = positiveCount(value ?? '') ?? 0;
      return (countByValue(context.placed, field).get(own) ?? 0) < most;
    }
    case 'IS':
      return fieldEquals(candidate, field, value ?? '');
  }
}

/** The constraints that do not hold for `candidate`, in the order given. */
export function unmetConstraints(
  constraints: readonly Constraint[],
  candidate: AgentFields,
  context: PlacementContext,
): Constraint[] {
  return constraints.filter((constraint) => !constraintHolds(constraint, candidate, context));
}
