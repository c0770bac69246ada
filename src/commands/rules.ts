/** `protocheck rules [ID]`: option wiring only; the work is in rules-run.ts (lazily imported). */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { colorOption, jsonOption } from './options.js';

export function defineRules(program: Command, ctx: CommandContext): void {
  program
    .command('rules')
    .description('list the lint rules, or print one rule\'s documentation')
    .argument('[id]', 'a rule id, e.g. server-first-port-not-opaque')
    .addOption(jsonOption())
    .option('--markdown', "with an ID: print the page's Markdown source instead of rendering it for the terminal")
    .addOption(colorOption())
    .addHelpText(
      'after',
      `
Examples:
  protocheck rules                                 every rule: id, severity, fixable with --fix, what it finds
  protocheck rules server-first-port-not-opaque    one rule's documentation (docs/rules/<id>.md), rendered for the terminal
  protocheck rules undeclared-port --markdown      the page's Markdown source
  protocheck rules --json                          the registry as data (id, severity, summary, fixable, docs)

Severities can be changed per rule in .protocheck.yaml (rules: {ID: error|warning|info|off}).
Exit codes: 0 printed, 2 unknown rule id.`,
    )
    .action(async (id: string | undefined, opts: { json?: boolean; color?: boolean; markdown?: boolean }) => {
      const { runRules } = await import('./rules-run.js');
      ctx.setExit(runRules(id, { json: opts.json === true, color: opts.color !== false, markdown: opts.markdown === true }, ctx.io));
    });
}
