/** `protocheck lint`: placeholder until its issue lands. */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { UsageError } from '../errors.js';

export function defineLint(program: Command, _ctx: CommandContext): void {
  program
    .command('lint')
    .description('(not implemented yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new UsageError('lint is not implemented yet');
    });
}
