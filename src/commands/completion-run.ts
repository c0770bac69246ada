/**
 * `protocheck completion SHELL`: builds the whole command tree (every definition in main.ts's table),
 * reads commands, options, option values and positional values from it, and prints a static script
 * for bash, zsh or fish. Values come from the tree (commander choices: formats, kinds, shells) and from
 * the registries where an argument names them (rule ids, protocol ids, Linkerd versions).
 */
import { Command, type Option } from 'commander';
import type { Io } from '../io.js';
import { EXIT_OK } from '../exit-codes.js';
import { packageVersion } from '../version.js';
import type { Shell } from './completion.js';

/** How a value is completed: from a word list, as a file name, or not at all (free text). */
export type ValueSpec = { readonly words: readonly string[] } | { readonly files: true } | null;

export interface OptionSpec {
  /** e.g. ['-n', '--namespace']. */
  readonly flags: readonly string[];
  readonly description: string;
  /** Whether the option takes a value, and how that value is completed. */
  readonly takesValue: boolean;
  readonly value: ValueSpec;
}

export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
  /** Positional arguments' values (the first argument's; later ones complete the same way). */
  readonly args: ValueSpec;
}

export interface CompletionTree {
  readonly commands: readonly CommandSpec[];
  /** Options before any command (help, version). */
  readonly global: readonly OptionSpec[];
}

const FILE_OPTIONS = /(^|-)(file|config|output)$/;
const FILE_ARGS = /^(file|paths?|files)$/;

function optionSpec(o: Option, registry: Registry): OptionSpec {
  const flags = [o.short, o.long].filter((f): f is string => typeof f === 'string');
  const takesValue = o.required || o.optional;
  const long = (o.long ?? '').replace(/^--/, '');
  let value: ValueSpec = null;
  if (takesValue) {
    if (o.argChoices !== undefined) value = { words: o.argChoices };
    else if (long === 'linkerd') value = { words: registry.linkerd };
    else if (FILE_OPTIONS.test(long)) value = { files: true };
  }
  return { flags, description: o.description, takesValue, value };
}

interface Registry {
  readonly ruleIds: readonly string[];
  readonly protocolIds: readonly string[];
  readonly linkerd: readonly string[];
}

function argsSpec(cmd: Command, registry: Registry): ValueSpec {
  const arg = cmd.registeredArguments[0];
  if (arg === undefined) return null;
  if (arg.argChoices !== undefined) return { words: arg.argChoices };
  // Arguments that name registry entries.
  if (cmd.name() === 'rules') return { words: registry.ruleIds };
  if (cmd.name() === 'protocols') return { words: registry.protocolIds };
  if (FILE_ARGS.test(arg.name())) return { files: true };
  return null;
}

/** Every command of main.ts's table, defined on a throwaway program (nothing runs). */
export async function completionTree(): Promise<CompletionTree> {
  const [{ COMMANDS }, { RULES }, { PROTOCOL_IDS }, { FAMILIES, newestKnownRelease }] = await Promise.all([
    import('../main.js'),
    import('../lint/rules/index.js'),
    import('../protocols/index.js'),
    import('../linkerd/version.js'),
  ]);
  const newest = Number(newestKnownRelease().stable.split('.')[1]);
  const stables = Array.from({ length: newest - 7 }, (_, i) => `2.${newest - i}`);
  const registry: Registry = {
    ruleIds: RULES.map((r) => r.meta.id),
    protocolIds: [...PROTOCOL_IDS],
    linkerd: [...new Set(['latest', ...stables, ...FAMILIES.filter((f) => f.split('.').length === 3)])],
  };
  const program = new Command('protocheck');
  const ctx = { io: { stdout: { write: () => true }, stderr: { write: () => true } } as unknown as Io, setExit: () => undefined };
  for (const [, load] of COMMANDS) (await load())(program, ctx);
  const commands: CommandSpec[] = program.commands.map((c) => ({
    name: c.name(),
    description: c.description(),
    options: [...c.options.filter((o) => !o.hidden).map((o) => optionSpec(o, registry)), { flags: ['-h', '--help'], description: 'show help', takesValue: false, value: null }],
    args: argsSpec(c, registry),
  }));
  commands.push({ name: 'help', description: 'show help for a command', options: [], args: { words: commands.map((c) => c.name) } });
  const global: OptionSpec[] = [
    { flags: ['-h', '--help'], description: 'show help', takesValue: false, value: null },
    { flags: ['-V', '--version'], description: 'print the version', takesValue: false, value: null },
    { flags: ['-v'], description: 'version information (protocheck version)', takesValue: false, value: null },
  ];
  return { commands, global };
}

/** One line of plain text for a description (the first sentence part, no quotes or brackets that shells would read). */
function plain(s: string, max = 80): string {
  const one = s.replace(/\s+/g, ' ').replace(/[`\\$"]/g, '').replace(/\[/g, '(').replace(/\]/g, ')').trim();
  return one.length > max ? one.slice(0, max - 3).trimEnd() + '...' : one;
}

/** A word list quoted for a shell (words are ids, versions, formats: [A-Za-z0-9./-] only, others dropped). */
function words(list: readonly string[]): string {
  return list.filter((w) => /^[A-Za-z0-9./_-]+$/.test(w)).join(' ');
}

const header = (shell: string) => `# protocheck ${packageVersion()} ${shell} completion, generated by: protocheck completion ${shell}\n`;

export function bashScript(tree: CompletionTree): string {
  const valueCases: string[] = [];
  const optsByCmd: string[] = [];
  const argCases: string[] = [];
  const caseFor = (cmd: string, o: OptionSpec) => {
    if (!o.takesValue) return;
    const pats = o.flags.map((f) => `${cmd}:${f}`).join('|');
    const body = o.value === null ? 'return 0' : 'words' in o.value ? `COMPREPLY=($(compgen -W "${words(o.value.words)}" -- "$cur")); return 0` : 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return 0';
    valueCases.push(`    ${pats}) ${body} ;;`);
  };
  for (const c of tree.commands) {
    for (const o of c.options) caseFor(c.name, o);
    optsByCmd.push(`    ${c.name}) opts="${c.options.flatMap((o) => o.flags).join(' ')}" ;;`);
    if (c.args !== null) {
      argCases.push(`    ${c.name}) ${'words' in c.args ? `COMPREPLY=($(compgen -W "${words(c.args.words)}" -- "$cur"))` : 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))'} ;;`);
    }
  }
  const names = tree.commands.map((c) => c.name);
  const valueOpts = [...new Set(tree.commands.flatMap((c) => c.options.filter((o) => o.takesValue).flatMap((o) => o.flags)))];
  return `${header('bash')}# Load it: source <(protocheck completion bash)
_protocheck() {
  local cur prev cmd opts i w
  COMPREPLY=()
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev=""
  if (( COMP_CWORD > 0 )); then prev="\${COMP_WORDS[COMP_CWORD-1]}"; fi
  # --opt=value: bash splits at "=".
  if [[ "$cur" == "=" ]]; then cur=""; fi
  if [[ "$prev" == "=" && COMP_CWORD -gt 1 ]]; then prev="\${COMP_WORDS[COMP_CWORD-2]}"; fi
  # The command: the first word that names one, skipping option values.
  cmd=""
  for (( i = 1; i < COMP_CWORD; i++ )); do
    w="\${COMP_WORDS[i]}"
    case " ${valueOpts.join(' ')} " in *" $w "*) (( i++ )); continue ;; esac
    case "$w" in
      ${names.join('|')}) cmd="$w"; break ;;
    esac
  done
  case "\${cmd:-probe}:$prev" in
${valueCases.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    case "\${cmd:-probe}" in
${optsByCmd.join('\n')}
    esac
    # No command yet: the top-level options and those of probe, the default command.
    if [[ -z "$cmd" ]]; then opts="${[...new Set([...tree.global, ...(tree.commands.find((c) => c.name === 'probe')?.options ?? [])].flatMap((o) => o.flags))].join(' ')}"; fi
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return 0
  fi
  if [[ -z "$cmd" ]]; then
    # A command, or a probe target (host:port: nothing to complete).
    COMPREPLY=($(compgen -W "${names.join(' ')}" -- "$cur"))
    return 0
  fi
  case "$cmd" in
${argCases.join('\n')}
  esac
  return 0
}
complete -F _protocheck protocheck kubectl-protocheck
`;
}

/** Text inside single quotes for zsh/fish: ' becomes '\\''. */
const sq = (s: string) => s.replace(/'/g, `'\\''`);

export function zshScript(tree: CompletionTree): string {
  const spec = (o: OptionSpec): string => {
    const desc = plain(o.description);
    const value = !o.takesValue ? '' : o.value === null ? ':value: ' : 'words' in o.value ? `:value:(${words(o.value.words)})` : ':file:_files';
    if (o.flags.length === 1) return `'${o.flags[0]}[${sq(desc)}]${value}'`;
    return `'(${o.flags.join(' ')})'{${o.flags.join(',')}}'[${sq(desc)}]${value}'`;
  };
  const argSpec = (a: ValueSpec): string => (a === null ? `'*: :'` : 'words' in a ? `'*: :(${words(a.words)})'` : `'*:file:_files'`);
  const cases = tree.commands.map((c) => `      (${c.name})\n        _arguments -s \\\n          ${[...c.options.map(spec), argSpec(c.args)].join(' \\\n          ')}\n        ;;`);
  return `#compdef protocheck kubectl-protocheck
${header('zsh')}# Install it as _protocheck in a directory of $fpath (then compinit), or: source <(protocheck completion zsh)
_protocheck() {
  local curcontext="$curcontext" state line
  typeset -A opt_args
  local -a commands
  commands=(
${tree.commands.map((c) => `    '${c.name}:${sq(plain(c.description))}'`).join('\n')}
  )
  _arguments -C -s \\
    ${tree.global.map(spec).join(' \\\n    ')} \\
    '1: :->command' \\
    '*:: :->args'
  case $state in
    (command)
      _describe -t commands 'protocheck command' commands
      ;;
    (args)
      case $line[1] in
${cases.join('\n')}
      esac
      ;;
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _protocheck "$@"
else
  compdef _protocheck protocheck kubectl-protocheck
fi
`;
}

export function fishScript(tree: CompletionTree): string {
  const names = tree.commands.map((c) => c.name);
  const lines: string[] = [];
  for (const bin of ['protocheck', 'kubectl-protocheck']) {
    lines.push(`complete -c ${bin} -f`);
    for (const o of tree.global) lines.push(`complete -c ${bin} -n '__fish_use_subcommand' ${flagArgs(o)} -d '${sq(plain(o.description))}'`);
    for (const c of tree.commands) {
      lines.push(`complete -c ${bin} -n '__fish_use_subcommand' -a ${c.name} -d '${sq(plain(c.description))}'`);
      const when = `-n '__fish_seen_subcommand_from ${c.name}'`;
      for (const o of c.options) {
        const value = !o.takesValue ? '' : o.value === null ? ' -x' : 'words' in o.value ? ` -x -a '${words(o.value.words)}'` : ' -r -F';
        lines.push(`complete -c ${bin} ${when} ${flagArgs(o)}${value} -d '${sq(plain(o.description))}'`);
      }
      if (c.args !== null) lines.push(`complete -c ${bin} ${when} ${'words' in c.args ? `-x -a '${words(c.args.words)}'` : '-F'}`);
    }
  }
  return `${header('fish')}# Install it as ~/.config/fish/completions/protocheck.fish, or: protocheck completion fish | source
# Commands: ${names.join(' ')}
${lines.join('\n')}
`;
}

function flagArgs(o: OptionSpec): string {
  return o.flags.map((f) => (f.startsWith('--') ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`)).join(' ');
}

export async function runCompletion(shell: Shell, io: Io): Promise<number> {
  const tree = await completionTree();
  io.stdout.write(shell === 'bash' ? bashScript(tree) : shell === 'zsh' ? zshScript(tree) : fishScript(tree));
  return EXIT_OK;
}
