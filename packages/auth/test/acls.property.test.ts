import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTION_NAMES,
  ACTIONS,
  ANONYMOUS,
  Authorizer,
  parseAcls,
  type Acls,
  type AclRule,
  type Action,
  type Entity,
  type Principal,
} from '../src/index.js';

// Small pools, so that generated rules and requests often meet.
const NAMES = ['a', 'b', 'c'];
const EXACT_OBJECTS = ['x', 'y', 'z'];
const PATHS = ['/', '/x', '/x/y', '/xy', '/y/z'];

const principalArb: fc.Arbitrary<Principal> = fc.oneof(
  fc.constant(ANONYMOUS),
  fc.record({
    name: fc.constantFrom(...NAMES),
    via: fc.constantFrom('certificate' as const, 'token' as const, 'basic' as const),
  }),
);

const valuesOf = (pool: readonly string[]) => fc.subarray([...pool], { minLength: 1 });
const entityArb = (pool: readonly string[]): fc.Arbitrary<Entity> =>
  fc.oneof(
    fc.constant<Entity>({ type: 'ANY' }),
    fc.constant<Entity>({ type: 'NONE' }),
    valuesOf(pool).map((values): Entity => ({ values })),
  );
const objectPool = (action: Action) => (ACTIONS[action].match === 'path-prefix' ? PATHS : EXACT_OBJECTS);
// '' is the unnamed object; the paths with '..' or no leading '/' are unnamed too
const objectArb = (action: Action) =>
  fc.constantFrom(...objectPool(action), '', ...(ACTIONS[action].match === 'path-prefix' ? ['/x/../y', 'x'] : []));

const ruleArb = (action: Action): fc.Arbitrary<AclRule> =>
  fc.record({ principals: entityArb(NAMES), objects: entityArb(objectPool(action)) });

const actionArb = fc.constantFrom(...ACTION_NAMES);

/** ACLs with rules for some actions (always some for `action`, so that they matter). */
const aclsArb = (action: Action): fc.Arbitrary<Acls> =>
  fc
    .record({
      permissive: fc.boolean(),
      own: fc.array(ruleArb(action), { maxLength: 6 }),
      other: fc
        .constantFrom(...ACTION_NAMES)
        .chain((other) => fc.tuple(fc.constant(other), fc.array(ruleArb(other), { maxLength: 3 }))),
    })
    .map(({ permissive, own, other: [otherAction, otherRules] }) => ({
      source: 'acls.yaml',
      permissive,
      rules: otherAction === action ? { [action]: own } : { [otherAction]: otherRules, [action]: own },
    }));

/** An action, ACLs for it, and a request. */
const requestArb = actionArb.chain((action) =>
  fc.record({
    action: fc.constant(action),
    acls: aclsArb(action),
    principal: principalArb,
    object: objectArb(action),
  }),
);

/** A rule that matches the request and allows it: ANY where the request is unnamed, its own name otherwise. */
function allowingRule(principal: Principal, object: string): AclRule {
  return {
    principals: principal.name === '' ? { type: 'ANY' } : { values: [principal.name] },
    objects: object === '' || !/^\/([a-z]+(\/[a-z]+)*)?$/.test(object) ? { type: 'ANY' } : { values: [object] },
  };
}

const withFirst = (acls: Acls, action: Action, rule: AclRule): Acls => ({
  ...acls,
  rules: { ...acls.rules, [action]: [rule, ...(acls.rules[action] ?? [])] },
});

describe('Authorizer properties', () => {
  it('allowAll allows everything', () => {
    fc.assert(
      fc.property(requestArb, ({ action, principal, object }) => {
        expect(Authorizer.allowAll().authorize(principal, action, object).allowed).toBe(true);
      }),
    );
  });

  it('with permissive false and no rules, nothing is allowed; with permissive true, everything', () => {
    fc.assert(
      fc.property(requestArb, fc.boolean(), ({ action, principal, object }, permissive) => {
        const decision = Authorizer.fromAcls({ source: 'acls.yaml', permissive, rules: {} }).authorize(
          principal,
          action,
          object,
        );
        expect(decision.allowed).toBe(permissive);
        expect(decision.rule).toBe(`acls.yaml: no ${action} rule matched and permissive is ${permissive}`);
      }),
    );
  });

  it('prepending a matching allowing rule makes any request allowed, by that rule', () => {
    fc.assert(
      fc.property(requestArb, ({ action, acls, principal, object }) => {
        const decision = Authorizer.fromAcls(withFirst(acls, action, allowingRule(principal, object))).authorize(
          principal,
          action,
          object,
        );
        expect(decision.allowed).toBe(true);
        expect(decision.rule).toContain(`${action}[0]`);
      }),
    );
  });

  it('prepending a matching rule with a NONE refuses any request, by that rule', () => {
    fc.assert(
      fc.property(
        requestArb,
        fc.constantFrom('principals', 'objects', 'both'),
        ({ action, acls, principal, object }, where) => {
          const allowing = allowingRule(principal, object);
          const none: Entity = { type: 'NONE' };
          const rule: AclRule = {
            principals: where === 'objects' ? allowing.principals : none,
            objects: where === 'principals' ? allowing.objects : none,
          };
          const decision = Authorizer.fromAcls(withFirst(acls, action, rule)).authorize(principal, action, object);
          expect(decision.allowed).toBe(false);
          expect(decision.rule).toContain(`${action}[0]`);
        },
      ),
    );
  });

  it('the decision never depends on the rules after the first match', () => {
    fc.assert(
      fc.property(
        requestArb.chain((request) =>
          fc.tuple(fc.constant(request), fc.array(ruleArb(request.action), { maxLength: 4 })),
        ),
        ([{ action, acls, principal, object }, replacement]) => {
          const decision = Authorizer.fromAcls(acls).authorize(principal, action, object);
          const index = new RegExp(`${action}\\[(\\d+)\\]`).exec(decision.rule)?.[1];
          fc.pre(index !== undefined); // decided by a rule, not by the default
          const kept = (acls.rules[action] ?? []).slice(0, Number(index) + 1);
          const changed: Acls = { ...acls, rules: { ...acls.rules, [action]: [...kept, ...replacement] } };
          expect(Authorizer.fromAcls(changed).authorize(principal, action, object)).toEqual(decision);
        },
      ),
    );
  });

  it('a values list never matches the anonymous caller: with only such rules, the default decides', () => {
    fc.assert(
      fc.property(requestArb, ({ action, acls, object }) => {
        const valuesOnly = (acls.rules[action] ?? []).map((rule) => ({ ...rule, principals: { values: ['a'] } }));
        const decision = Authorizer.fromAcls({ ...acls, rules: { [action]: valuesOnly } }).authorize(
          ANONYMOUS,
          action,
          object,
        );
        expect(decision.allowed).toBe(acls.permissive);
      }),
    );
  });

  it('filter keeps exactly the items authorize allows, in order', () => {
    fc.assert(
      fc.property(
        requestArb.chain((request) =>
          fc.tuple(fc.constant(request), fc.array(objectArb(request.action), { maxLength: 8 })),
        ),
        ([{ action, acls, principal }, objects]) => {
          const authorizer = Authorizer.fromAcls(acls);
          const expected = objects.filter((o) => authorizer.authorize(principal, action, o).allowed);
          expect(authorizer.filter(principal, action, objects, (o) => o)).toEqual(expected);
        },
      ),
    );
  });

  it('an ACL file written out and parsed again decides alike (JSON and YAML)', () => {
    fc.assert(
      fc.property(
        requestArb,
        fc.constantFrom('acls.json', 'acls.yaml'),
        ({ action, acls, principal, object }, fileName) => {
          const file: Record<string, unknown> = { permissive: acls.permissive };
          for (const [name, rules] of Object.entries(acls.rules) as Array<[Action, AclRule[]]>) {
            file[name] = rules.map((r) => ({ principals: r.principals, [ACTIONS[name].object]: r.objects }));
          }
          // JSON is YAML too: one text serves both syntaxes
          const parsed = parseAcls(JSON.stringify(file), fileName);
          expect(parsed.rules).toEqual(acls.rules);
          expect(Authorizer.fromAcls(parsed).authorize(principal, action, object)).toEqual(
            Authorizer.fromAcls({ ...acls, source: fileName }).authorize(principal, action, object),
          );
        },
      ),
    );
  });
});
