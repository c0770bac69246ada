/**
 * Builds the commander program and maps what escapes a command to an exit code.
 * Each command's heavy code is imported lazily by its action (start-up budget: README "Start-up").
 */
import { Command, CommanderError } from 'commander';
import type { Io } from './io.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { isKnownError, UsageError } from './errors.js';
import { packageVersion } from './version.js';
import { escapeControls } from './term/escape.js';
import { editDistance } from './edit-distance.js';
import type { CommandContext } from './commands/context.js';

type Define = (program: Command, ctx: CommandContext) => void;

/**
 * The command table, in help order. Definitions are imported on demand: a run that names its
 * command loads only that definition (start-up), while help, the default probe command and
 * unknown words load them all (so help and "did you mean" see every command).
 */
export const COMMANDS: ReadonlyArray<readonly [string, () => Promise<Define>]> = [
  ['probe', async () => (await import('./commands/probe.js')).defineProbe],
  ['detect', async () => (await import('./commands/detect.js')).defineDetect],
  ['suggest', async () => (await import('./commands/suggest.js')).defineSuggest],
  ['lint', async () => (await import('./commands/lint.js')).defineLint],
  ['rules', async () => (await import('./commands/rules.js')).defineRules],
  ['capture', async () => (await import('./commands/capture.js')).defineCapture],
  ['protocols', async () => (await import('./commands/protocols.js')).defineProtocols],
  ['demo', async () => (await import('./commands/demo.js')).defineDemo],
  ['logs', async () => (await import('./commands/logs.js')).defineLogs],
  ['metrics', async () => (await import('./commands/metrics.js')).defineMetrics],
  ['cluster', async () => (await import('./commands/cluster.js')).defineCluster],
  ['version', async () => (await import('./commands/version.js')).defineVersion],
  ['completion', async () => (await import('./commands/completion.js')).defineCompletion],
];

/** A first word that is no target (no ":") but close to a command name is a mistyped command. */
function mistypedCommand(word: string | undefined): string | undefined {
  if (word === undefined || word.startsWith('-') || word.includes(':') || word.includes('/')) return undefined;
  return COMMANDS.map(([name]) => name).find((name) => editDistance(word.toLowerCase(), name) <= 2);
}

/**
 * Commander's error text ("error: unknown option '--hexx'\n(Did you mean --hex?)\n") as our one
 * line plus a hint line, with what the user typed escaped.
 */
function commanderError(text: string): string {
  const [first = '', ...rest] = text.replace(/^error: /, '').split('\n').filter((l) => l !== '');
  let out = `protocheck: ${escapeControls(first)}\n`;
  for (const line of rest) {
    const m = /^\((Did you mean .*)\)$/.exec(line);
    out += `  hint: ${escapeControls(m ? (m[1] ?? '').replace(/^Did/, 'did') : line)}\n`;
  }
  return out;
}

async function definitionsFor(argv: readonly string[]): Promise<Define[]> {
  const named = COMMANDS.filter(([name]) => name === argv[0]);
  return Promise.all((named.length === 1 ? named : COMMANDS).map(([, load]) => load()));
}

export async function main(argvIn: readonly string[], io: Io): Promise<number> {
  // `-v` is `version` (kube-linter, istioctl); `-V`/`--version` print the bare version number.
  const argv = argvIn[0] === '-v' ? ['version', ...argvIn.slice(1)] : argvIn;
  let exitCode: number = EXIT_OK;
  const ctx: CommandContext = {
    io,
    setExit: (code) => {
      exitCode = code;
    },
  };
  const program = new Command('protocheck');
  program
    .description('Find server-speaks-first ports that the Linkerd proxy will stall on, and say how to annotate them.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(commanderError(s)),
    })
    .addHelpText(
      'after',
      `
Examples:
  protocheck db.example.svc.cluster.local:3306    probe a live port (same as "protocheck probe ...")
  protocheck detect --text 'GET / HTTP/1.1\\r\\n'   what the proxy decides for these client bytes
  protocheck lint k8s/                             lint manifests for ports the proxy mishandles
  protocheck suggest 4222/nats -n messaging        the exact annotations for these ports
  protocheck capture traffic.pcap                  who speaks first, per port, in a packet capture
  protocheck rules server-first-port-not-opaque    one lint rule's page (no id: all rules)
  protocheck protocols                             the protocol knowledge base
  protocheck demo                                  probe embedded loopback servers

Exit codes: 0 nothing to change, 1 findings or action needed, 2 usage or input error.`,
    );
  for (const define of await definitionsFor(argv)) define(program, ctx);
  // Every subcommand reports errors the same way as the top level.
  for (const command of program.commands) {
    command.exitOverride().configureOutput(program.configureOutput()).showSuggestionAfterError(true);
  }

  if (argv.length === 0) {
    // No command and no target: the usage, on stderr, as a usage error.
    program.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  try {
    const typo = mistypedCommand(argv[0]);
    if (typo !== undefined && typo !== argv[0]) {
      throw new UsageError(`unknown command "${argv[0]}" (did you mean ${typo}?)`, { hint: 'protocheck --help lists the commands; a probe target is written host:port' });
    }
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0; parse errors were printed by commander.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (isKnownError(error)) {
      // Messages quote what the user typed (paths, targets): escaped, so they cannot drive the terminal.
      io.stderr.write(`protocheck: ${escapeControls(error.message)}\n`);
      if (error.hint !== undefined) io.stderr.write(`  hint: ${escapeControls(error.hint)}\n`);
      return EXIT_USAGE;
    }
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`protocheck ${packageVersion()}: internal error; this is a bug, please report it with this output.\n${stack}\n`);
    return EXIT_USAGE;
  }
  return exitCode;
}
