/** `protocheck capture`: placeholder until its issue lands. */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { UsageError } from '../errors.js';

export function defineCapture(program: Command, _ctx: CommandContext): void {
  program
    .command('capture')
    .description('(not implemented yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new UsageError('capture is not implemented yet');
    });
}
