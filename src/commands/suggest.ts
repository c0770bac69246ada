/** `protocheck suggest`: placeholder until its issue lands. */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { UsageError } from '../errors.js';

export function defineSuggest(program: Command, _ctx: CommandContext): void {
  program
    .command('suggest')
    .description('(not implemented yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new UsageError('suggest is not implemented yet');
    });
}
