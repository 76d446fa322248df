import { describe, expect, it } from 'vitest';
import {
  constraintHolds,
  fieldValue,
  parseConstraint,
  parseConstraints,
  validateConstraint,
  type AgentFields,
  type Constraint,
} from '../src/index.js';
import { agent } from './fixtures.js';

function constraint(raw: unknown[]): Constraint {
  const parsed = parseConstraint(raw);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.constraint;
}

describe('fieldValue renders attributes as Marathon does', () => {
  const a = agent('host-a', 'rack:r1;level:3;weight:0.25;slots:[5-6,1-2];disks:{ssd,hdd}');
  it.each([
    ['hostname', 'host-a'],
    ['@hostname', 'host-a'],
    ['rack', 'r1'],
    ['level', '3'],
    ['weight', '0.25'],
    ['slots', '[1-2,5-6]'],
    ['disks', '{hdd,ssd}'],
    ['missing', undefined],
  ])('%s → %s', (field, expected) => {
    expect(fieldValue(a, field)).toBe(expected);
  });
});

describe('constraintHolds', () => {
  const r1 = agent('host-a', 'rack:r1;level:3');
  const r1b = agent('host-b', 'rack:r1');
  const r2 = agent('host-c', 'rack:r2');
  const bare = agent('host-d');

  it.each<[string, unknown[], AgentFields, AgentFields[], boolean]>([
    ['UNIQUE: a host with none yet', ['hostname', 'UNIQUE'], r1, [r2], true],
    ['UNIQUE: a host that has one', ['hostname', 'UNIQUE'], r1, [r2, r1], false],
    ['UNIQUE on an attribute: another host of the same rack', ['rack', 'UNIQUE'], r1b, [r1], false],
    ['UNIQUE: an agent without the attribute', ['rack', 'UNIQUE'], bare, [], false],
    ['CLUSTER with a value: that value', ['rack', 'CLUSTER', 'r1'], r1, [], true],
    ['CLUSTER with a value: another value', ['rack', 'CLUSTER', 'r1'], r2, [], false],
    ['CLUSTER without a value: the first instance goes anywhere', ['rack', 'CLUSTER'], r2, [], true],
    ['CLUSTER without a value: then where the first went', ['rack', 'CLUSTER'], r1b, [r1, r2], true],
    ['CLUSTER without a value: not elsewhere', ['rack', 'CLUSTER'], r2, [r1], false],
    ['CLUSTER on hostname', ['hostname', 'CLUSTER', 'host-a'], r1, [], true],
    ['LIKE: the whole value matches', ['rack', 'LIKE', 'r[1-3]'], r1, [], true],
    ['LIKE: anchored, a part is not enough', ['rack', 'LIKE', 'r'], r1, [], false],
    ['LIKE: alternatives are anchored as a whole', ['rack', 'LIKE', 'x|r1'], r1, [], true],
    ['LIKE: an agent without the attribute', ['rack', 'LIKE', '.*'], bare, [], false],
    ['UNLIKE: a value that does not match', ['rack', 'UNLIKE', 'r2'], r1, [], true],
    ['UNLIKE: a value that matches', ['rack', 'UNLIKE', 'r[2-9]'], r2, [], false],
    ['UNLIKE: an agent without the attribute always', ['rack', 'UNLIKE', '.*'], bare, [], true],
    // r1 has 1 (host-a) < 2
    ['MAX_PER: below the most', ['rack', 'MAX_PER', '2'], r1b, [r1, r2], true],
    // r1 has 2 (host-a, host-b), not < 2
    ['MAX_PER: at the most', ['rack', 'MAX_PER', '2'], r1, [r1, r1b], false],
    ['IS: equal', ['rack', 'IS', 'r1'], r1, [], true],
    ['IS: a prefix is not equal', ['rack', 'IS', 'r'], r1, [], false],
    ['IS: a scalar compares as a number', ['level', 'IS', '3.0'], r1, [], true],
    ['IS: an agent without the attribute', ['level', 'IS', '3'], r2, [], false],
  ])('%s', (_what, raw, candidate, placed, expected) => {
    expect(constraintHolds(constraint(raw), candidate, { placed })).toBe(expected);
  });

  describe('GROUP_BY', () => {
    const rackOf = (rack: string, n: number) => agent(`host-${rack}-${n}`, `rack:${rack}`);
    const placed = [rackOf('r1', 0), rackOf('r1', 1), rackOf('r2', 0)];
    it.each<[string, unknown[], AgentFields, AgentFields[], AgentFields[], boolean]>([
      // counts r1: 2, r2: 1 → fewest 1: r2 yes, r1 no
      ['the value with the fewest', ['rack', 'GROUP_BY'], rackOf('r2', 1), placed, [], true],
      ['not a value with more than the fewest', ['rack', 'GROUP_BY'], rackOf('r1', 2), placed, [], false],
      // r3 has 0: fewer than any
      ['a value without instances', ['rack', 'GROUP_BY'], rackOf('r3', 0), placed, [], true],
      // 2 values seen (r1, r2) < 3 expected: only a new value (count 0) may take the next
      [
        'fewer values seen than expected: not a seen one',
        ['rack', 'GROUP_BY', '3'],
        rackOf('r2', 1),
        placed,
        [],
        false,
      ],
      ['fewer values seen than expected: a new one', ['rack', 'GROUP_BY', '3'], rackOf('r3', 0), placed, [], true],
      // known r3 has 0, so the fewest is 0 and r2 (1) must wait
      [
        'a known agent with a value without instances',
        ['rack', 'GROUP_BY'],
        rackOf('r2', 1),
        placed,
        [rackOf('r3', 9)],
        false,
      ],
      ['the first instance', ['rack', 'GROUP_BY', '2'], rackOf('r1', 0), [], [], true],
      ['an agent without the attribute', ['rack', 'GROUP_BY'], agent('bare'), placed, [], false],
    ])('%s', (_what, raw, candidate, siblings, knownAgents, expected) => {
      expect(constraintHolds(constraint(raw), candidate, { placed: siblings, knownAgents })).toBe(expected);
    });
  });

  it('fails closed for a constraint built in code that is not valid', () => {
    expect(constraintHolds({ field: 'rack', operator: 'LIKE', value: '(' }, agent('a', 'rack:('), { placed: [] })).toBe(
      false,
    );
    expect(
      constraintHolds({ field: 'rack', operator: 'MAX_PER', value: 'two' }, agent('a', 'rack:r1'), { placed: [] }),
    ).toBe(false);
  });
});

describe('validateConstraint says what is wrong, without throwing', () => {
  it.each<[string, unknown, unknown[]]>([
    ['valid UNIQUE', ['hostname', 'UNIQUE'], []],
    ['valid GROUP_BY with a count', ['rack', 'GROUP_BY', '3'], []],
    ['valid LIKE', ['rack', 'LIKE', 'rack-[1-3]'], []],
    ['an empty value counts as none', ['rack', 'CLUSTER', ''], []],
    [
      'not a list',
      'hostname:UNIQUE',
      ['a constraint is a list [field, operator] or [field, operator, value], got "hostname:UNIQUE"'],
    ],
    [
      'too short',
      ['hostname'],
      ['a constraint is a list [field, operator] or [field, operator, value], got ["hostname"]'],
    ],
    [
      'an unknown operator',
      ['hostname', 'NEAR'],
      ['unknown operator "NEAR"; known: UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS'],
    ],
    [
      'operators are upper case',
      ['hostname', 'unique'],
      ['unknown operator "unique"; known: UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS'],
    ],
    ['an empty field', ['', 'UNIQUE'], ['the field must be "hostname" or an attribute name, got ""']],
    [
      'an unknown @ field',
      ['@zone', 'UNIQUE'],
      ['unknown agent field "@zone": of the @ fields only "@hostname" is known'],
    ],
    ['UNIQUE with a value', ['hostname', 'UNIQUE', 'x'], ['UNIQUE takes no value, got "x"']],
    [
      'MAX_PER without a value',
      ['rack', 'MAX_PER'],
      ['MAX_PER needs a value: the most instances per field value, e.g. "2"'],
    ],
    [
      'MAX_PER not a whole number',
      ['rack', 'MAX_PER', '1.5'],
      ['MAX_PER\'s value must be a whole number >= 1, got "1.5"'],
    ],
    ['MAX_PER zero', ['rack', 'MAX_PER', '0'], ['MAX_PER\'s value must be a whole number >= 1, got "0"']],
    [
      'GROUP_BY not a number',
      ['rack', 'GROUP_BY', 'many'],
      ['GROUP_BY\'s value is the number of distinct values to spread over, a whole number >= 1; got "many"'],
    ],
    ['LIKE without a value', ['rack', 'LIKE'], ['LIKE needs a value: a regular expression for the whole field value']],
    [
      'LIKE with a bad regex',
      ['rack', 'LIKE', 'rack-[1-3'],
      [expect.stringMatching(/^LIKE: "rack-\[1-3" is not a valid regular expression \(.+\)$/)],
    ],
    // ")(" alone is invalid, though "^(?:)()$" would compile
    [
      'UNLIKE with a regex only valid when wrapped',
      ['rack', 'UNLIKE', ')('],
      [expect.stringMatching(/^UNLIKE: "\)\(" is not a valid regular expression \(.+\)$/)],
    ],
    ['IS without a value', ['rack', 'IS'], ['IS needs a value: the exact field value']],
    [
      'a value that is not a string',
      ['rack', 'MAX_PER', 2],
      ['the value must be a string, got 2', 'MAX_PER needs a value: the most instances per field value, e.g. "2"'],
    ],
  ])('%s', (_what, raw, problems) => {
    expect(validateConstraint(raw)).toEqual(problems);
  });

  it('names the place of each problem in a list', () => {
    expect(
      parseConstraints([
        ['hostname', 'UNIQUE'],
        ['rack', 'NEAR'],
        ['rack', 'MAX_PER'],
      ]),
    ).toEqual({
      ok: false,
      problems: [
        'constraints[1]: unknown operator "NEAR"; known: UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS',
        'constraints[2]: MAX_PER needs a value: the most instances per field value, e.g. "2"',
      ],
    });
    expect(parseConstraints([['rack', 'GROUP_BY', '2']])).toEqual({
      ok: true,
      constraints: [{ field: 'rack', operator: 'GROUP_BY', value: '2' }],
    });
    expect(parseConstraints({})).toEqual({ ok: false, problems: ['constraints must be a list, got {}'] });
  });
});
