/** `protocheck rules`: placeholder until its issue lands. */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { UsageError } from '../errors.js';

export function defineRules(program: Command, _ctx: CommandContext): void {
  program
    .command('rules')
    .description('(not implemented yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new UsageError('rules is not implemented yet');
    });
}
