import type { Command, Option } from 'commander';
import { formatResources, parseResources, type Resource } from '@tessera/domain';
import { resourcesFromProto, resourcesToProto, type v1 } from '@tessera/proto';
import { operatorCall } from './master-calls.js';
import { renderTable } from './table.js';

/** Resource text as the CLI takes it: Mesos syntax, with "," accepted between entries as well as ";". */
function resourcesArgument(text: string, options: { keepZeroScalars?: boolean } = {}): Resource[] {
  return parseResources(text.replace(/,(?![^[]*\])(?![^{]*\})/g, ';'), options);
}

/** Quota amounts, zeros included (a limit of cpus:0 allows no cpus). */
const quotaText = (list: readonly v1.Resource[]): string => {
  const keep = { keepZeroScalars: true };
  return formatResources(resourcesFromProto(list as v1.Resource__Output[], keep), keep) || '-';
};

const print = (text: string): void => {
  process.stdout.write(text);
};
const share = (value: number) => `${(value * 100).toFixed(1)}%`;

/**
 * Operator commands: `quota`, `weights`, `policy`, `roles`, `explain`, `reserve`,
 * `unreserve`, `teardown`, `kill`. Every change is validated by the master; a refusal is printed
 * with its reason and exits non-zero, having changed nothing.
 */
export function operatorCommands(program: Command, masterOption: () => Option): void {
  const quota = program.command('quota').description("Set, show or remove roles' quota (guarantee and limit).");
  quota
    .command('set <role>')
    .description(
      'Set (replace) a role quota, e.g. tessera quota set eng --guarantee "cpus:10;mem:20480" --limit cpus:20',
    )
    .addOption(masterOption())
    .option('--guarantee <resources>', 'the floor: scalar resources the role is guaranteed', '')
    .option('--limit <resources>', 'the ceiling: scalar resources the role may never exceed', '')
    .action(async (role: string, options: { master: string; guarantee: string; limit: string }) => {
      const guarantee = resourcesArgument(options.guarantee, { keepZeroScalars: true });
      const limit = resourcesArgument(options.limit, { keepZeroScalars: true });
      if (guarantee.length === 0 && limit.length === 0) throw new Error('give --guarantee, --limit or both');
      await operatorCall<v1.SetQuotaRequest, v1.SetQuotaResponse__Output>(options.master, (client) => client.SetQuota, {
        quota: { role, guarantee: resourcesToProto(guarantee), limit: resourcesToProto(limit) },
      });
      print(
        `quota of ${role}: guarantee ${quotaText(resourcesToProto(guarantee))}, limit ${quotaText(resourcesToProto(limit))}\n`,
      );
    });
  quota
    .command('remove <role>')
    .description("Remove a role's quota.")
    .addOption(masterOption())
    .action(async (role: string, options: { master: string }) => {
      await operatorCall<v1.RemoveQuotaRequest, v1.RemoveQuotaResponse__Output>(
        options.master,
        (client) => client.RemoveQuota,
        { role },
      );
      print(`quota of ${role} removed\n`);
    });
  quota
    .command('list', { isDefault: true })
    .description('Show every quota.')
    .addOption(masterOption())
    .option('--json', 'print JSON', false)
    .action(async (options: { master: string; json: boolean }) => {
      const response = await operatorCall<v1.GetQuotaRequest, v1.GetQuotaResponse__Output>(
        options.master,
        (client) => client.GetQuota,
        {},
      );
      if (options.json) return print(JSON.stringify(response.quotas, null, 2) + '\n');
      print(
        renderTable(
          ['ROLE', 'GUARANTEE', 'LIMIT'],
          response.quotas.map((q) => [q.role, quotaText(q.guarantee), quotaText(q.limit)]),
        ),
      );
    });

  const weights = program.command('weights').description('Set or show role weights.');
  weights
    .command('set <role=weight...>')
    .description('Set weights, e.g. tessera weights set eng=2 ops=1 (all or nothing).')
    .addOption(masterOption())
    .action(async (pairs: string[], options: { master: string }) => {
      const parsed = pairs.map((pair) => {
        const eq = pair.lastIndexOf('=');
        const weight = Number(pair.slice(eq + 1));
        if (eq <= 0 || pair.slice(eq + 1).trim() === '' || !Number.isFinite(weight)) {
          throw new Error(`${JSON.stringify(pair)} is not role=weight (e.g. eng=2)`);
        }
        return { role: pair.slice(0, eq), weight };
      });
      await operatorCall<v1.UpdateWeightsRequest, v1.UpdateWeightsResponse__Output>(
        options.master,
        (client) => client.UpdateWeights,
        {
          weights: parsed,
        },
      );
      print(parsed.map((w) => `weight of ${w.role}: ${w.weight}`).join('\n') + '\n');
    });
  weights
    .command('list', { isDefault: true })
    .description('Show the weights set.')
    .addOption(masterOption())
    .action(async (options: { master: string }) => {
      const response = await operatorCall<v1.GetWeightsRequest, v1.GetWeightsResponse__Output>(
        options.master,
        (client) => client.GetWeights,
        {},
      );
      print(
        renderTable(
          ['ROLE', 'WEIGHT'],
          response.weights.map((w) => [w.role, String(w.weight)]),
        ),
      );
    });

  program
    .command('policy <role> <policy>')
    .description('Set how a role orders its frameworks: drf (default), fifo or priority.')
    .addOption(masterOption())
    .action(async (role: string, policy: string, options: { master: string }) => {
      if (!['drf', 'fifo', 'priority'].includes(policy.toLowerCase())) {
        throw new Error(`unknown policy ${JSON.stringify(policy)}: use drf, fifo or priority`);
      }
      await operatorCall<v1.SetRolePolicyRequest, v1.SetRolePolicyResponse__Output>(
        options.master,
        (client) => client.SetRolePolicy,
        {
          role,
          policy: policy.toUpperCase() as v1.QueuePolicy,
        },
      );
      print(`policy of ${role}: ${policy.toLowerCase()}\n`);
    });

  program
    .command('roles')
    .description("Show each role's weight, policy, quota, allocation and dominant share.")
    .addOption(masterOption())
    .option('--json', 'print JSON', false)
    .action(async (options: { master: string; json: boolean }) => {
      const response = await operatorCall<v1.GetRolesRequest, v1.GetRolesResponse__Output>(
        options.master,
        (client) => client.GetRoles,
        {},
      );
      if (options.json) return print(JSON.stringify(response.roles, null, 2) + '\n');
      print(
        renderTable(
          ['ROLE', 'WEIGHT', 'POLICY', 'GUARANTEE', 'LIMIT', 'ALLOCATED', 'SHARE', 'FRAMEWORKS'],
          response.roles.map((r) => [
            r.role,
            String(r.weight),
            String(r.policy).toLowerCase(),
            quotaText(r.quota?.guarantee ?? []),
            quotaText(r.quota?.limit ?? []),
            formatResources(resourcesFromProto(r.allocated)) || '-',
            share(r.dominantShare),
            String(r.frameworkIds.length),
          ]),
        ),
      );
    });

  program
    .command('explain [framework]')
    .description('Say why a framework (or, with --role, a role) is or is not getting offers.')
    .addOption(masterOption())
    .option('--role <role>', 'explain a role (or one role of the framework)')
    .option('--json', 'print JSON', false)
    .action(async (framework: string | undefined, options: { master: string; role?: string; json: boolean }) => {
      if (framework === undefined && options.role === undefined) throw new Error('name a framework ID or give --role');
      const response = await operatorCall<v1.ExplainRequest, v1.ExplainResponse__Output>(
        options.master,
        (client) => client.ExplainAllocation,
        {
          ...(framework === undefined ? {} : { frameworkId: { value: framework } }),
          role: options.role ?? '',
        },
      );
      if (options.json) return print(JSON.stringify(response, null, 2) + '\n');
      print(`${response.summary}\n`);
      for (const reason of response.reasons) {
        const agents =
          reason.agentIds.length > 0
            ? ` (${reason.agentIds.length} agent${reason.agentIds.length === 1 ? '' : 's'})`
            : '';
        const until = reason.until > 0 ? ` until ${new Date(reason.until * 1000).toISOString()}` : '';
        print(`  ${reason.code}${reason.role ? ` [${reason.role}]` : ''}: ${reason.message}${agents}${until}\n`);
      }
    });

  for (const [name, verb] of [
    ['reserve', 'ReserveResources'],
    ['unreserve', 'UnreserveResources'],
  ] as const) {
    program
      .command(`${name} <agent> [resources]`)
      .description(
        name === 'reserve'
          ? 'Dynamically reserve unreserved resources of an agent, e.g. tessera reserve AGENT "cpus(eng):2;mem(eng):1024"'
          : 'Make dynamically reserved resources of an agent unreserved again.',
      )
      .addOption(masterOption())
      .action(async (agent: string, text: string | undefined, options: { master: string }) => {
        if (text === undefined) {
          throw new Error(
            `name the agent and the resources with their role, like: tessera ${name} AGENT_ID "cpus(eng):1"` +
              ' (`tessera agents` lists agent IDs)',
          );
        }
        const unowned = resourcesArgument(text).filter((r) => r.reservation === undefined);
        if (unowned.length > 0) {
          const example = formatResources(unowned.map((r) => ({ ...r, reservation: { type: 'static', role: 'eng' } })));
          throw new Error(
            `${formatResources(unowned)} names no role: say which role to ${name} ${name === 'reserve' ? 'for' : 'from'}, like ${example}`,
          );
        }
        const resources = resourcesArgument(text).map((r) =>
          r.reservation === undefined ? r : { ...r, reservation: { ...r.reservation, type: 'dynamic' as const } },
        );
        await operatorCall<v1.ReserveResourcesRequest, unknown>(options.master, (client) => client[verb], {
          agentId: { value: agent },
          resources: resourcesToProto(resources),
        });
        print(`${name}d ${formatResources(resources)} on ${agent}\n`);
      });
  }

  program
    .command('teardown <framework>')
    .description(
      "Tear down a framework as an operator: kill its tasks and forget it (its ID may not subscribe again). Needs the ACL teardown_frameworks on the framework's principal.",
    )
    .addOption(masterOption())
    .action(async (framework: string, options: { master: string }) => {
      await operatorCall<v1.TeardownFrameworkRequest, v1.TeardownFrameworkResponse__Output>(
        options.master,
        (client) => client.TeardownFramework,
        { frameworkId: { value: framework } },
      );
      print(`framework ${framework} torn down\n`);
    });

  program
    .command('kill <framework> <task>')
    .description(
      "Kill a framework's task as an operator, with the task's kill policy. Needs the ACL kill_tasks on the framework's principal.",
    )
    .addOption(masterOption())
    .action(async (framework: string, task: string, options: { master: string }) => {
      await operatorCall<v1.KillTaskRequest, v1.KillTaskResponse__Output>(options.master, (client) => client.KillTask, {
        frameworkId: { value: framework },
        taskId: { value: task },
      });
      print(`kill of task ${task} of framework ${framework} sent\n`);
    });
}
