/**
 * Quota accounting over the role tree. Every role mentioned anywhere (quota,
 * subscription, allocation, reservation) has a node; each node keeps what its
 * whole subtree consumes, so a parent's quota bounds its descendants.
 *
 * Consumption, per scalar kind, of a role's subtree (following Mesos 1.9+,
 * where reservations count toward quota consumption):
 * - toward its guarantee: unreserved non-revocable resources allocated to roles
 *   in the subtree, plus every resource reserved (statically or dynamically) to
 *   a role in the subtree, allocated or not. Revocable resources never satisfy
 *   a guarantee: they can be taken back.
 * - toward its limit: the same plus revocable resources allocated in the
 *   subtree (lent or native). A limit caps everything the subtree holds, so a
 *   borrower never exceeds its limit by borrowing.
 * Reserved resources count for the reservation's role and its ancestors, not
 * for the descendant that happens to hold them.
 */
import type { ScalarQuantities } from './resource-math.js';

export interface RoleQuota {
  /** Kind → amount. Only kinds with a positive amount. */
  readonly guarantee: ReadonlyMap<string, number>;
  /** Kind → ceiling; a kind absent is unlimited. */
  readonly limit: ReadonlyMap<string, number>;
}

export interface RoleNode {
  readonly path: string;
  readonly parent: RoleNode | undefined;
  readonly children: Map<string, RoleNode>;
  quota: RoleQuota | undefined;
  /** Subtree: unreserved, non-revocable scalars allocated. */
  readonly unreservedAllocated: Map<string, number>;
  /** Subtree: revocable scalars allocated. */
  readonly revocableAllocated: Map<string, number>;
  /** Subtree: scalars reserved in agents' totals. */
  readonly reserved: Map<string, number>;
}

const EPSILON = 1e-9;

function bump(into: Map<string, number>, name: string, delta: number): void {
  const next = Math.round(((into.get(name) ?? 0) + delta) * 1000) / 1000;
  if (next > EPSILON) into.set(name, next);
  else into.delete(name);
}

export class RoleTree {
  private readonly nodes = new Map<string, RoleNode>();
  private quotaCount = 0;

  /** Whether any role has a quota (when none, the allocation cycle skips all quota arithmetic). */
  get hasQuotas(): boolean {
    return this.quotaCount > 0;
  }

  get(path: string): RoleNode | undefined {
    return this.nodes.get(path);
  }

  ensure(path: string): RoleNode {
    const existing = this.nodes.get(path);
    if (existing !== undefined) return existing;
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? undefined : this.ensure(path.slice(0, slash));
    const node: RoleNode = {
      path,
      parent,
      children: new Map(),
      quota: undefined,
      unreservedAllocated: new Map(),
      revocableAllocated: new Map(),
      reserved: new Map(),
    };
    parent?.children.set(path, node);
    this.nodes.set(path, node);
    return node;
  }

  setQuota(path: string, quota: RoleQuota | undefined): void {
    const node = this.ensure(path);
    if (node.quota !== undefined) this.quotaCount--;
    node.quota = quota;
    if (quota !== undefined) this.quotaCount++;
  }

  /** Roles with a quota. */
  quotaRoles(): RoleNode[] {
    return [...this.nodes.values()].filter((node) => node.quota !== undefined);
  }

  /** Records allocated (sign 1) or freed (sign -1) quantities of a role. */
  addAllocation(path: string, unreserved: ScalarQuantities, revocable: ScalarQuantities, sign: 1 | -1): void {
    if (unreserved.size === 0 && revocable.size === 0) return;
    for (let node: RoleNode | undefined = this.ensure(path); node !== undefined; node = node.parent) {
      for (const [name, amount] of unreserved) bump(node.unreservedAllocated, name, sign * amount);
      for (const [name, amount] of revocable) bump(node.revocableAllocated, name, sign * amount);
    }
  }

  /** Records reserved quantities in an agent total (sign 1) or gone from it (sign -1). */
  addReserved(path: string, quantities: ScalarQuantities, sign: 1 | -1): void {
    if (quantities.size === 0) return;
    for (let node: RoleNode | undefined = this.ensure(path); node !== undefined; node = node.parent) {
      for (const [name, amount] of quantities) bump(node.reserved, name, sign * amount);
    }
  }

  /** What counts toward the subtree's guarantee, of one kind. */
  consumedForGuarantee(node: RoleNode, name: string): number {
    return (node.unreservedAllocated.get(name) ?? 0) + (node.reserved.get(name) ?? 0);
  }

  /** What counts toward the subtree's limit, of one kind. */
  consumedForLimit(node: RoleNode, name: string): number {
    return this.consumedForGuarantee(node, name) + (node.revocableAllocated.get(name) ?? 0);
  }

  /**
   * How much more of each kind the role may still take toward a guarantee: the
   * largest unmet guarantee among the role and its ancestors. Empty when every
   * guarantee above it is met.
   */
  guaranteeNeed(path: string): Map<string, number> {
    const need = new Map<string, number>();
    for (let node = this.nodes.get(path); node !== undefined; node = node.parent) {
      const guarantee = node.quota?.guarantee;
      if (guarantee === undefined) continue;
      for (const [name, amount] of guarantee) {
        const unmet = amount - this.consumedForGuarantee(node, name);
        if (unmet > EPSILON && unmet > (need.get(name) ?? 0)) need.set(name, Math.round(unmet * 1000) / 1000);
      }
    }
    return need;
  }

  /**
   * Room under the limits of the role and its ancestors, per limited kind (the
   * smallest; never negative). Undefined when no limit applies.
   */
  limitRoom(path: string): Map<string, number> | undefined {
    let room: Map<string, number> | undefined;
    for (let node = this.nodes.get(path); node !== undefined; node = node.parent) {
      const limit = node.quota?.limit;
      if (limit === undefined || limit.size === 0) continue;
      room ??= new Map();
      for (const [name, amount] of limit) {
        const left = Math.max(0, Math.round((amount - this.consumedForLimit(node, name)) * 1000) / 1000);
        const current = room.get(name);
        if (current === undefined || left < current) room.set(name, left);
      }
    }
    return room;
  }

  /** The role whose limit is reached for `name` (the role itself or an ancestor), if any. */
  limitingRole(path: string, name: string): string | undefined {
    for (let node = this.nodes.get(path); node !== undefined; node = node.parent) {
      const amount = node.quota?.limit.get(name);
      if (amount !== undefined && this.consumedForLimit(node, name) >= amount - EPSILON) return node.path;
    }
    return undefined;
  }

  /** The top-most role with a guarantee among the role and its ancestors. */
  topGuaranteed(path: string): RoleNode | undefined {
    let top: RoleNode | undefined;
    for (let node = this.nodes.get(path); node !== undefined; node = node.parent) {
      if (node.quota !== undefined && node.quota.guarantee.size > 0) top = node;
    }
    return top;
  }

  /** Guaranteed roles that have no guaranteed ancestor. */
  topGuaranteedRoles(): RoleNode[] {
    return this.quotaRoles().filter((node) => node.quota !== undefined && this.topGuaranteed(node.path) === node);
  }

  /**
   * What the subtree of a guaranteed role still needs to meet its guarantee and
   * those of the guaranteed roles below it: per kind, the larger of its own
   * unmet guarantee and the sum of its nearest guaranteed descendants' needs.
   */
  unmetTree(node: RoleNode): Map<string, number> {
    const below = new Map<string, number>();
    const collect = (from: RoleNode): void => {
      for (const child of from.children.values()) {
        if (child.quota !== undefined && child.quota.guarantee.size > 0) {
          for (const [name, amount] of this.unmetTree(child)) bump(below, name, amount);
        } else {
          collect(child);
        }
      }
    };
    collect(node);
    const out = new Map<string, number>();
    const names = new Set([...below.keys(), ...(node.quota?.guarantee.keys() ?? [])]);
    for (const name of names) {
      const own = (node.quota?.guarantee.get(name) ?? 0) - this.consumedForGuarantee(node, name);
      const unmet = Math.max(own, below.get(name) ?? 0);
      if (unmet > EPSILON) out.set(name, Math.round(unmet * 1000) / 1000);
    }
    return out;
  }

  /** Every role below `path` (not the role itself). */
  descendants(path: string): RoleNode[] {
    const out: RoleNode[] = [];
    const collect = (node: RoleNode): void => {
      for (const child of node.children.values()) {
        out.push(child);
        collect(child);
      }
    };
    const node = this.nodes.get(path);
    if (node !== undefined) collect(node);
    return out;
  }

  /** Every role path with a node. */
  paths(): string[] {
    return [...this.nodes.keys()];
  }

  /** Ancestors of `path`, nearest first (not the role itself). */
  ancestors(path: string): RoleNode[] {
    const out: RoleNode[] = [];
    for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      const node = this.nodes.get(path.slice(0, slash));
      if (node !== undefined) out.push(node);
    }
    return out;
  }
}
