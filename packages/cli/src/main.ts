#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseAddressList } from '@tessera/runtime';
import { appCommands } from './app-commands.js';
import { certsCommands } from './certs-command.js';
import { configureConnection, type ConnectionFlags } from './connection.js';
import { jobCommands } from './job-commands.js';
import { printState } from './state-commands.js';
import { runCommand, type RunOptions } from './run-command.js';
import { logsCommand } from './logs-command.js';
import { operatorCommands } from './operator-commands.js';
import { upCommand } from './up-command.js';
import { userMessage } from './user-errors.js';

const DEFAULT_MASTER = process.env['TESSERA_MASTER'] ?? '127.0.0.1:5050';

const program = new Command()
  .name('tessera')
  .description('Tessera: a two-level data-center scheduler (master, allocator, agents).')
  .addOption(
    new Option('--tls-cert <file>', 'client certificate (PEM) for mutual TLS to every service').env('TESSERA_TLS_CERT'),
  )
  .addOption(new Option('--tls-key <file>', 'its private key (PEM)').env('TESSERA_TLS_KEY'))
  .addOption(
    new Option('--tls-ca <file>', "the CA (PEM) the services' certificates must chain to").env('TESSERA_TLS_CA'),
  )
  .addOption(
    new Option(
      '--token <secret>',
      'a secret of the credentials file, sent as "Authorization: Bearer" on every call',
    ).env('TESSERA_TOKEN'),
  )
  .showHelpAfterError();

// Global connection settings, read before any command runs (bad TLS files stop the command with what is wrong).
program.hook('preAction', () => {
  configureConnection(program.opts<ConnectionFlags>());
});

/** The master address (or list) of the command being run, for messages. */
let commandMaster = DEFAULT_MASTER;
program.hook('preAction', (_program, command) => {
  const master = (command.opts() as { master?: unknown }).master;
  if (typeof master === 'string') commandMaster = master;
});

/** "a:5050,b:5050" → the same list, spaces and duplicates removed; a bad list is a usage error. */
function addressList(value: string): string {
  try {
    return parseAddressList(value).join(',');
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

const masterOption = () =>
  new Option(
    '--master <addresses>',
    'master gRPC address, or several masters as a list "a:5050,b:5050" (the leader is found and followed) (env TESSERA_MASTER)',
  )
    .default(DEFAULT_MASTER)
    .argParser(addressList);

upCommand(program);

program
  .command('run')
  .description('Run one command as a task and stream its output, like mesos-execute; exits with its exit code.')
  .addOption(masterOption())
  .option('--resources <text>', 'resources for the task, Mesos syntax', 'cpus:0.1;mem:32')
  .option('--name <name>', 'task and framework name', 'tessera-run')
  .option('--role <role>', 'role to subscribe with', 'default')
  .option('--shell', 'run the words through /bin/sh -c instead of executing them directly', false)
  .option('--env <NAME=value...>', 'environment variables for the task', [])
  .option('--quiet', 'do not print status changes on stderr', false)
  .option('--offer-timeout-ms <ms>', 'give up if no offer fits within this time', '30000')
  .argument('<command...>', 'the command and its arguments (after --)')
  .action(
    async (
      words: string[],
      // Commander hands every flag value over as a string.
      options: Omit<RunOptions, 'offerTimeoutMs'> & { offerTimeoutMs: string },
    ) => {
      const code = await runCommand(words, { ...options, offerTimeoutMs: Number(options.offerTimeoutMs) });
      process.exitCode = code;
    },
  );

for (const what of ['agents', 'frameworks', 'tasks'] as const) {
  program
    .command(what)
    .description(`List the cluster's ${what}.`)
    .addOption(masterOption())
    .option('--json', 'print JSON instead of a table', false)
    .action(async (options: { master: string; json: boolean }) => printState(what, options.master, options.json));
}

operatorCommands(program, masterOption);
logsCommand(program, masterOption);
appCommands(program);
jobCommands(program);
certsCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`tessera: ${userMessage(error, commandMaster)}\n`);
  process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : 1;
}
// gRPC channels may keep the event loop alive; the command is done.
process.exit(process.exitCode ?? 0);
