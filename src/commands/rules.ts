/** `protocheck rules [ID]`: option wiring only; the work is in rules-run.ts (lazily imported). */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { jsonOption } from './options.js';

export function defineRules(program: Command, ctx: CommandContext): void {
  program
    .command('rules')
    .description('list the lint rules, or print one rule\'s documentation')
    .argument('[id]', 'a rule id, e.g. server-first-port-not-opaque')
    .addOption(jsonOption())
    .action(async (id: string | undefined, opts: { json?: boolean }) => {
      const { runRules } = await import('./rules-run.js');
      ctx.setExit(runRules(id, opts.json === true, ctx.io));
    });
}
