/** `protocheck metrics [FILE...|-]`: the proxy's protocol-detection counters per port, and the fix. Real work in metrics-run.ts (imported lazily). */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { colorOption, jsonOption, linkerdOption } from './options.js';
import type { LinkerdVersion } from '../linkerd/version.js';

export interface MetricsFlags {
  readonly linkerd: LinkerdVersion;
  readonly json?: boolean;
  readonly color?: boolean;
}

export function defineMetrics(program: Command, ctx: CommandContext): void {
  program
    .command('metrics')
    .summary("read the proxy's Prometheus metrics: detection timeouts per port, and the fix")
    .description(
      "Read Prometheus text from `linkerd diagnostics proxy-metrics -n NS po/NAME` (one or several pods concatenated) or the proxy's admin port (:4191/metrics), and report per direction and Service/server port the protocol-detection timeouts, slow detections (over 0.1 s), TLS-detection timeouts, and Service ports of server-first protocols whose connections still go through detection (at risk before any timeout), with the Linkerd model's fixes. The detection counters exist from Linkerd 2.18.",
    )
    .argument('[file...]', 'metrics files, or - for standard input (default: standard input)')
    .addOption(linkerdOption())
    .addOption(jsonOption())
    .addOption(colorOption())
    .addHelpText(
      'after',
      `
Examples:
  linkerd diagnostics proxy-metrics -n mail deploy/relay | protocheck metrics
  kubectl port-forward pod/web-0 4191 & curl -s localhost:4191/metrics > web.prom
  protocheck metrics web.prom other.prom --json

Exit codes: 0 no port needs a change, 1 at least one does, 2 usage error or an input
that cannot be read or holds no Prometheus sample.`,
    )
    .action(async (files: string[], flags: MetricsFlags) => {
      const { runMetricsCommand } = await import('./metrics-run.js');
      ctx.setExit(await runMetricsCommand(files, flags, ctx.io));
    });
}
