/** `protocheck version` (also `-v`): option wiring only; the work is in version-run.ts (lazily imported). */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { jsonOption } from './options.js';

export function defineVersion(program: Command, ctx: CommandContext): void {
  program
    .command('version')
    .description('print the version, the Node.js version, the newest Linkerd release the model knows, and the knowledge-base size')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  protocheck version            build information, one field per line
  protocheck -v                 the same
  protocheck version --json     as JSON (schema in docs/commands/version.md)
  protocheck --version          only the version number (fastest)

Exit codes: 0 printed, 2 usage error.`,
    )
    .action(async (opts: { json?: boolean }) => {
      const { runVersion } = await import('./version-run.js');
      ctx.setExit(runVersion({ json: opts.json === true }, ctx.io));
    });
}
