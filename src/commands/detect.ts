/** `protocheck detect`: placeholder until its issue lands. */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { UsageError } from '../errors.js';

export function defineDetect(program: Command, _ctx: CommandContext): void {
  program
    .command('detect')
    .description('(not implemented yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new UsageError('detect is not implemented yet');
    });
}
