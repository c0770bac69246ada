/** `protocheck probe`: placeholder until its issue lands. */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { UsageError } from '../errors.js';

export function defineProbe(program: Command, _ctx: CommandContext): void {
  program
    .command('probe')
    .description('(not implemented yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new UsageError('probe is not implemented yet');
    });
}
