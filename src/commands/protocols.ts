/** `protocheck protocols`: the protocol knowledge base as a table or JSON (the work is in protocols-run.ts). */
import { Option, type Command } from 'commander';
import type { CommandContext } from './context.js';
import { colorOption, jsonOption, linkerdOption } from './options.js';
import type { LinkerdVersion } from '../linkerd/version.js';

export interface ProtocolsOptions {
  readonly linkerd: LinkerdVersion;
  readonly json?: boolean;
  readonly color?: boolean;
  readonly port?: string;
  readonly name?: string;
  readonly image?: string;
}

export function defineProtocols(program: Command, ctx: CommandContext): void {
  program
    .command('protocols')
    .description('list the protocol knowledge base: ports, who speaks first, and Linkerd default coverage')
    .argument('[id...]', 'only these protocol ids (mysql, smtp, nats, ...)')
    .addOption(new Option('--port <port>', 'only the protocols whose well-known ports include this port (most likely first)'))
    .addOption(new Option('--name <name>', 'the protocol a container/Service port name or appProtocol value names (tcp-mysql, smtp, ...)'))
    .addOption(new Option('--image <image>', 'the protocol a container image usually serves (bitnami/mysql:8.0, ...)'))
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
  protocheck protocols --port 4222          what lint assumes for port 4222 (most likely first)
  protocheck protocols --image bitnami/nats:2.10 what lint assumes for this image
  protocheck protocols --json               the entries as data (schema: docs/commands/protocols.md)

Exit codes: 0 listed, 1 a --port/--name/--image lookup found nothing, 2 bad id, port or version.`,
    )
    .action(async (ids: string[], options: ProtocolsOptions) => {
      const { runProtocols } = await import('./protocols-run.js');
      ctx.setExit(runProtocols(ids, options, ctx.io));
    });
}
