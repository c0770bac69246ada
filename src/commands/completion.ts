/** `protocheck completion bash|zsh|fish`: option wiring only; the work is in completion-run.ts (lazily imported). */
import { Argument, type Command } from 'commander';
import type { CommandContext } from './context.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function defineCompletion(program: Command, ctx: CommandContext): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish) for every command, option and value')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .addHelpText(
      'after',
      `
Examples:
  source <(protocheck completion bash)                                   this bash session
  protocheck completion bash > ~/.local/share/bash-completion/completions/protocheck
  protocheck completion zsh > "\${fpath[1]}/_protocheck"                 then: compinit
  protocheck completion fish > ~/.config/fish/completions/protocheck.fish

The script is generated from the command tree of this version (commands, options, formats, rule and
protocol ids); regenerate it after an upgrade. It also completes kubectl-protocheck.
Exit codes: 0 printed, 2 unknown shell.`,
    )
    .action(async (shell: Shell) => {
      const { runCompletion } = await import('./completion-run.js');
      ctx.setExit(await runCompletion(shell, ctx.io));
    });
}
