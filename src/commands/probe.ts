/** `protocheck [probe] TARGET...`: the default command. Real work is in probe-run.ts (imported lazily). */
import { Option, type Command } from 'commander';
import type { CommandContext } from './context.js';
import { colorOption, jsonOption, linkerdOption } from './options.js';
import type { LinkerdVersion } from '../linkerd/version.js';
import { istioOption, meshOption, type MeshName } from '../mesh/options.js';
import type { IstioVersion } from '../istio/version.js';

export interface ProbeFlags {
  readonly targetsFile?: string;
  readonly wait: string;
  readonly connectTimeout: string;
  readonly concurrency: string;
  readonly active: boolean;
  readonly forceActive?: string;
  readonly sni?: string;
  readonly send?: string;
  readonly linkerd: LinkerdVersion;
  readonly mesh?: MeshName;
  readonly istio?: IstioVersion;
  readonly opaquePorts?: string;
  readonly skipInboundPorts?: string;
  readonly skipOutboundPorts?: string;
  readonly server: 'meshed' | 'unmeshed' | 'external';
  readonly clusterNetworks?: string;
  readonly egressNetwork?: string;
  readonly workload?: string;
  readonly service?: string;
  readonly namespace?: string;
  readonly json?: boolean;
  readonly color?: boolean;
  readonly showClosed?: boolean;
  readonly verbose?: boolean;
}

export function defineProbe(program: Command, ctx: CommandContext): void {
  program
    .command('probe', { isDefault: true })
    .summary('probe live ports: who speaks first, which protocol, what Linkerd will do (default command)')
    .description(
      'Connect to each target, wait for the server to speak first, identify the protocol with safe read-only probes, and say what the Linkerd proxy will do and which annotations to add.',
    )
    .argument('[targets...]', 'host:port, [ipv6]:port, host:P1-P2, host:P1,P2, or - for stdin (one per line)')
    .option('--targets-file <file>', 'read more targets from a file, one per line (# comments)')
    .addOption(new Option('--wait <duration>', 'how long to wait for the server to speak first (3s, 500ms, or seconds)').default('6s'))
    .addOption(new Option('--connect-timeout <duration>', 'TCP connect timeout').default('3s'))
    .addOption(linkerdOption())
    .addOption(meshOption())
    .addOption(istioOption())
    .addOption(jsonOption())
    .addOption(colorOption())
    .option('--concurrency <n>', 'most sockets open at once', '256')
    .option('--no-active', 'do not send anything (passive wait only)')
    .option('--show-closed', 'list closed (refused) ports too (default: counted in one line)')
    .option('-v, --verbose', 'the full reasoning per port: why each client fares as it does, every probe, every note')
    .option('--force-active <ports>', 'send probes to these printer ports (9100-9107) too, e.g. 9100,9101')
    .option('--sni <name>', 'server name for the TLS probe (default: the target host name)')
    .option('--send <hex|@file>', "your client's first bytes: report what Linkerd decides for them")
    .addOption(new Option('--server <kind>', 'the targets: a meshed workload behind a Service, an unmeshed one, or a destination outside the cluster (RDS, SES, ...)').choices(['meshed', 'unmeshed', 'external']).default('meshed'))
    .option('--cluster-networks <cidrs>', "the cluster's clusterNetworks (default: Linkerd's default private ranges)")
    .option('--egress-network <name>', 'with --server external: an EgressNetwork (Linkerd 2.17+) matches the destination (NAME or NAMESPACE/NAME); --opaque-ports is its opaque-ports')
    .option('--opaque-ports <list>', 'opaque ports you have configured (pod and Service; with --egress-network, the EgressNetwork)')
    .option('--skip-inbound-ports <list>', 'skip-inbound-ports you have configured on the server pod')
    .option('--skip-outbound-ports <list>', 'skip-outbound-ports you have configured on the client pod')
    .option('--workload <kind/name>', 'workload serving the port, e.g. deploy/nats; with --server external, the client workload (makes suggestions concrete)')
    .option('--service <name>', 'Service in front of the port')
    .option('-n, --namespace <ns>', 'namespace of the workload and Service')
    .addHelpText(
      'after',
      `
Examples:
  protocheck db.prod.svc.cluster.local:3306
  protocheck 10.0.0.7:25,587 nats:4222 '[fd00::12]:6379' mail.example.com:20-30
  protocheck nats:4222 --workload deploy/nats --service nats -n messaging
  protocheck mydb.rds.amazonaws.com:3306 --server external --workload deploy/api
  protocheck api:8080 --send @first-write.bin --json
  protocheck db:3306 nats:4222 --mesh istio            under Istio: works, hangs, or works as TCP

Exit codes: 0 no open port needs a change, 1 at least one does, 2 usage error or nothing reachable.`,
    )
    .action(async (targets: string[], flags: ProbeFlags) => {
      const { runProbeCommand } = await import('./probe-run.js');
      ctx.setExit(await runProbeCommand(targets, flags, ctx.io));
    });
}
