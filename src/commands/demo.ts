/** `protocheck demo`: probes embedded loopback servers with the real probe. Work is in demo-run.ts. */
import { Option, type Command } from 'commander';
import type { CommandContext } from './context.js';
import { colorOption, jsonOption, linkerdOption } from './options.js';
import type { ProbeFlags } from './probe.js';

/** Short enough that the demo ends in a few seconds; the silent server legitimately waits this long. */
export const DEMO_WAIT = '2s';

export type DemoFlags = Pick<ProbeFlags, 'wait' | 'connectTimeout' | 'linkerd' | 'json' | 'color'>;

export function defineDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .summary('probe a few embedded loopback servers (greets first, HTTP, TLS with ALPN, silent)')
    .description(`Start four servers on 127.0.0.1, probe them with the real probe (--wait ${DEMO_WAIT} by default), print the result and stop them.`)
    .addOption(new Option('--wait <duration>', 'how long to wait for a server to speak first').default(DEMO_WAIT))
    .addOption(new Option('--connect-timeout <duration>', 'TCP connect timeout').default('3s'))
    .addOption(linkerdOption())
    .addOption(jsonOption())
    .addOption(colorOption())
    .addHelpText(
      'after',
      `
Examples:
  protocheck demo
  protocheck demo --json
  protocheck demo --linkerd 2.9.3

Exit codes: 0 every embedded server came out as designed, 1 one did not, 2 usage error.`,
    )
    .action(async (flags: DemoFlags) => {
      const { runDemoCommand } = await import('./demo-run.js');
      ctx.setExit(await runDemoCommand(flags, ctx.io));
    });
}
