/** `protocheck demo`: placeholder until its issue lands. */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { UsageError } from '../errors.js';

export function defineDemo(program: Command, _ctx: CommandContext): void {
  program
    .command('demo')
    .description('(not implemented yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new UsageError('demo is not implemented yet');
    });
}
