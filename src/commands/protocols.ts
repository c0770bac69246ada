/** `protocheck protocols`: the protocol knowledge base as a table or JSON (the work is in protocols-run.ts). */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { colorOption, jsonOption, linkerdOption } from './options.js';
import type { LinkerdVersion } from '../linkerd/version.js';

export interface ProtocolsOptions {
  readonly linkerd: LinkerdVersion;
  readonly json?: boolean;
  readonly color?: boolean;
}

export function defineProtocols(program: Command, ctx: CommandContext): void {
  program
    .command('protocols')
    .description('list the protocol knowledge base: ports, who speaks first, and Linkerd default coverage')
    .argument('[id...]', 'only these protocol ids (mysql, smtp, nats, ...)')
    .addOption(linkerdOption())
    .addOption(jsonOption())
    .addOption(colorOption())
    .addHelpText(
      'after',
      `
Examples:
  protocheck protocols                      every protocol, with Linkerd's current defaults
  protocheck protocols mysql nats smtp      just these
  protocheck protocols --linkerd 2.10       coverage by the 2.10 default opaque ports
  protocheck protocols --json               the entries as data (schema: docs/commands/protocols.md)

Exit codes: 0 listed, 2 unknown protocol id or Linkerd version.`,
    )
    .action(async (ids: string[], options: ProtocolsOptions) => {
      const { runProtocols } = await import('./protocols-run.js');
      ctx.setExit(runProtocols(ids, options, ctx.io));
    });
}
