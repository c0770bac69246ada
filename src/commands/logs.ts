/** `protocheck logs [FILE...|-]`: Linkerd proxy log lines to the ports they concern and the fixes. Real work in logs-run.ts (imported lazily). */
import { Option, type Command } from 'commander';
import type { CommandContext } from './context.js';
import { colorOption, jsonOption, linkerdOption } from './options.js';
import type { LinkerdVersion } from '../linkerd/version.js';

export interface LogsFlags {
  readonly linkerd: LinkerdVersion;
  /** True when --linkerd was given (else the release is read from the lines). */
  readonly linkerdGiven: boolean;
  readonly cluster?: string;
  readonly json?: boolean;
  readonly color?: boolean;
  readonly stream?: boolean;
}

export function defineLogs(program: Command, ctx: CommandContext): void {
  program
    .command('logs')
    .summary('read linkerd-proxy logs: which ports time out in protocol detection, and the fix')
    .description(
      'Read the output of `kubectl logs POD -c linkerd-proxy` (plain, --timestamps, --prefix, several pods, or the JSON log format; Linkerd 2.8 to the newest), find the protocol-detection symptoms (detection timeouts, TLS-detection timeouts, rejected opaque-transport connections), group them per direction and port, and say what they mean and which annotations to change for the release the lines come from.',
    )
    .argument('[file...]', 'log files, or - for standard input (default: standard input)')
    .option('--cluster <file>', 'a `kubectl get pods,services,endpointslices -A -o json` dump: turns addresses into pods and Services')
    .addOption(linkerdOption().default(undefined, 'read from the lines, else latest'))
    .addOption(jsonOption())
    .addOption(new Option('--stream', 'print each event as it is read (the default when stdout is a terminal), then the summary'))
    .addOption(colorOption())
    .addHelpText(
      'after',
      `
Examples:
  kubectl logs deploy/web -c linkerd-proxy | protocheck logs
  kubectl logs -l app=mail -c linkerd-proxy --prefix --timestamps > proxy.log
  protocheck logs proxy.log --cluster cluster.json
  kubectl logs -f deploy/web -c linkerd-proxy | protocheck logs --stream    (Ctrl-C prints the summary)
  protocheck logs proxy.log --linkerd 2.14 --json

Exit codes: 0 no detection event needs a change, 1 at least one port needs a change,
2 usage error or an input that cannot be read. Ctrl-C ends reading; the summary and the
exit code follow as if the input had ended.`,
    )
    .action(async (files: string[], flags: Omit<LogsFlags, 'linkerdGiven'> & { linkerd?: LinkerdVersion }, command: Command) => {
      const { runLogsCommand } = await import('./logs-run.js');
      const given = command.getOptionValueSource('linkerd') === 'cli';
      ctx.setExit(await runLogsCommand(files, { ...flags, linkerdGiven: given && flags.linkerd !== undefined, linkerd: flags.linkerd as LinkerdVersion }, ctx.io));
    });
}
