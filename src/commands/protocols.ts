/** `protocheck protocols`: placeholder until its issue lands. */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { UsageError } from '../errors.js';

export function defineProtocols(program: Command, _ctx: CommandContext): void {
  program
    .command('protocols')
    .description('(not implemented yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new UsageError('protocols is not implemented yet');
    });
}
