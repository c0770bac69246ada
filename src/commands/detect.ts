/** `protocheck detect`: what the Linkerd proxy decides for sample client bytes (the work is in detect-run.ts). */
import { Option, type Command } from 'commander';
import type { CommandContext } from './context.js';
import { colorOption, jsonOption, linkerdOption } from './options.js';
import type { LinkerdVersion } from '../linkerd/version.js';
import { istioOption, meshOption, type MeshName } from '../mesh/options.js';
import type { IstioVersion } from '../istio/version.js';

export interface DetectOptions {
  /** One entry per read, in order (repeat --hex or --text for a first write made of several reads). */
  readonly hex?: readonly string[];
  readonly text?: readonly string[];
  /** The client closes the connection after the bytes (end of stream); with no bytes, at once. */
  readonly eof?: boolean;
  readonly linkerd: LinkerdVersion;
  readonly mesh?: MeshName;
  readonly istio?: IstioVersion;
  readonly json?: boolean;
  readonly color?: boolean;
}

function collect(value: string, previous: readonly string[] | undefined): readonly string[] {
  return [...(previous ?? []), value];
}

export function defineDetect(program: Command, ctx: CommandContext): void {
  program
    .command('detect')
    .description('say what the Linkerd proxy does with these first client bytes, inbound and outbound')
    .argument('[file]', 'file with the first bytes the client sends ("-" for standard input)')
    .addOption(new Option('--hex <hex>', 'the bytes as hex ("16 03 01 ..." or "160301..."; "" = nothing sent); repeat for one read each').argParser(collect))
    .addOption(new Option('--text <string>', 'the bytes as text, with \\r \\n \\t \\\\ and \\xNN escapes; repeat for one read each').argParser(collect))
    .addOption(new Option('--eof', 'the client then closes the connection (end of stream) instead of waiting; alone: connects and closes at once'))
    .addOption(linkerdOption())
    .addOption(meshOption())
    .addOption(istioOption())
    .addOption(jsonOption())
    .addOption(colorOption())
    .addHelpText(
      'after',
      `
Examples:
  protocheck detect --text 'GET / HTTP/1.1\\r\\nHost: web\\r\\n\\r\\n'
  protocheck detect --hex ''                       a client that waits for the server (MySQL, SMTP, NATS)
  protocheck detect --text 'PING\\r\\n' --linkerd 2.9
  protocheck detect hello.bin --json
  protocheck detect --hex '' --mesh istio           what Envoy's inspectors in an Istio sidecar decide
  protocheck detect --text 'GET / HT' --text 'TP/1.1\\r\\n' --linkerd edge-21.1.1
                                                   two reads: the read-until-newline proxies read again
  protocheck detect --hex '' --eof --linkerd 2.18  the client connects and closes without sending

Exit codes: 0 classified, 2 bad input.`,
    )
    .action(async (file: string | undefined, options: DetectOptions) => {
      const { runDetect } = await import('./detect-run.js');
      ctx.setExit(await runDetect(file, options, ctx.io));
    });
}
