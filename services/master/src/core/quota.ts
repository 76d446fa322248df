import { isValidRole, scalarTotals, type Resource } from '@tessera/domain';

/** The resource kinds a quota may name (as in Mesos: the scalar resources agents have). */
export const QUOTA_RESOURCES: readonly string[] = ['cpus', 'mem', 'disk', 'gpus'];

export interface QuotaSpec {
  readonly role: string;
  readonly guarantee: readonly Resource[];
  readonly limit: readonly Resource[];
}

/**
 * Problems with setting `quota` given the other roles' quotas; empty when valid.
 * Rules: a valid role; only cpus, mem, disk and gpus, unreserved, non-revocable scalars; no
 * negative amounts; each limit at or above the guarantee of the same kind; a
 * guarantee within every ancestor's limit; and no descendant's guarantee above
 * this limit.
 */
export function quotaProblems(quota: QuotaSpec, others: ReadonlyMap<string, QuotaSpec>): string[] {
  const problems: string[] = [];
  if (!isValidRole(quota.role)) problems.push(`role ${JSON.stringify(quota.role)} is not a valid role`);
  for (const [label, list] of [
    ['guarantee', quota.guarantee],
    ['limit', quota.limit],
  ] as const) {
    for (const r of list) {
      if (!QUOTA_RESOURCES.includes(r.name)) {
        problems.push(`${label}: unknown resource ${r.name} (quota takes ${QUOTA_RESOURCES.join(', ')})`);
      } else if (r.type !== 'scalar') problems.push(`${label}: ${r.name} must be a scalar resource`);
      else if (r.scalar < 0) problems.push(`${label}: ${r.name} must not be negative`);
      if (r.reservation !== undefined) problems.push(`${label}: ${r.name} must be unreserved`);
      if (r.revocable === true) problems.push(`${label}: ${r.name} must not be revocable`);
    }
  }
  const guarantee = scalarTotals(quota.guarantee);
  const limit = scalarTotals(quota.limit);
  for (const [name, amount] of guarantee) {
    const cap = limit.get(name);
    if (cap !== undefined && cap < amount)
      problems.push(`limit ${name}:${cap} is below the guarantee ${name}:${amount}`);
  }
  for (const [role, other] of others) {
    if (role === quota.role) continue;
    if (quota.role.startsWith(`${role}/`)) {
      const parentLimit = scalarTotals(other.limit);
      for (const [name, amount] of guarantee) {
        const cap = parentLimit.get(name);
        if (cap !== undefined && amount > cap) {
          problems.push(`guarantee ${name}:${amount} is above the limit ${name}:${cap} of ancestor role ${role}`);
        }
      }
    } else if (role.startsWith(`${quota.role}/`)) {
      const childGuarantee = scalarTotals(other.guarantee);
      for (const [name, cap] of limit) {
        const amount = childGuarantee.get(name);
        if (amount !== undefined && amount > cap) {
          problems.push(`limit ${name}:${cap} is below the guarantee ${name}:${amount} of descendant role ${role}`);
        }
      }
    }
  }
  return problems;
}
