/** `protocheck capture FILE|-`: per-flow and per-port verdicts from a pcap/pcapng. Real work in capture-run.ts (imported lazily). */
import { Option, type Command } from 'commander';
import type { CommandContext } from './context.js';
import { colorOption, jsonOption, linkerdOption } from './options.js';
import type { LinkerdVersion } from '../linkerd/version.js';
import { istioOption, meshOption, type MeshName } from '../mesh/options.js';
import type { IstioVersion } from '../istio/version.js';

export interface CaptureFlags {
  readonly linkerd: LinkerdVersion;
  readonly mesh?: MeshName;
  readonly istio?: IstioVersion;
  readonly json?: boolean;
  readonly color?: boolean;
  readonly port?: readonly string[];
  readonly client: 'meshed' | 'unmeshed';
  readonly server: 'meshed' | 'unmeshed' | 'external';
  readonly opaquePorts?: string;
  readonly skipInboundPorts?: string;
  readonly skipOutboundPorts?: string;
  readonly maxFlows: string;
  readonly clusterNetworks?: string;
  readonly egressNetwork?: string;
  readonly workload?: string;
  readonly service?: string;
  readonly namespace?: string;
}

export function defineCapture(program: Command, ctx: CommandContext): void {
  program
    .command('capture')
    .summary('read a packet capture: per port, who spoke first and what Linkerd does with it')
    .description(
      'Read a pcap or pcapng capture (tcpdump -w, Wireshark), follow every TCP flow from its handshake, and say per server port who speaks first, the protocol, what the Linkerd proxy decides on the first bytes, and which annotations to add.',
    )
    .argument('<file>', 'capture file (pcap or pcapng), or - for standard input')
    .addOption(linkerdOption())
    .addOption(meshOption())
    .addOption(istioOption())
    .addOption(jsonOption())
    .addOption(colorOption())
    .option('--port <ports>', 'only flows to these server ports (comma-separated; the option can be repeated)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .addOption(new Option('--client <kind>', 'the clients in the capture, for the Linkerd prediction').choices(['meshed', 'unmeshed']).default('meshed'))
    .addOption(new Option('--server <kind>', 'the servers in the capture: a meshed workload behind a Service, unmeshed, or outside the cluster').choices(['meshed', 'unmeshed', 'external']).default('meshed'))
    .option('--cluster-networks <cidrs>', "the cluster's clusterNetworks (default: Linkerd's default private ranges)")
    .option('--egress-network <name>', 'with --server external: an EgressNetwork (Linkerd 2.17+) matches the destinations (NAME or NAMESPACE/NAME); --opaque-ports is its opaque-ports')
    .option('--opaque-ports <list>', 'opaque ports you have configured (pod and Service; with --egress-network, the EgressNetwork)')
    .option('--skip-inbound-ports <list>', 'skip-inbound-ports you have configured on the server pod')
    .option('--skip-outbound-ports <list>', 'skip-outbound-ports you have configured on the client pod')
    .option('--workload <kind/name>', 'workload serving the ports, e.g. deploy/nats (makes suggestions concrete)')
    .option('--service <name>', 'Service in front of the ports')
    .option('-n, --namespace <ns>', 'namespace of the workload and Service')
    .option('--max-flows <n>', 'most flows listed in the text flow table (--json lists all)', '20')
    .addHelpText(
      'after',
      `
Examples:
  protocheck capture traffic.pcap
  protocheck capture traffic.pcapng --port 3306,4222 --json
  tcpdump -i any -w - 'tcp' | protocheck capture -
  protocheck capture traffic.pcap --mesh istio     what Istio does with each port (works, hangs, works as TCP)

Exit codes: 0 no port needs a change, 1 at least one does, 2 nothing could be read or a usage error.`,
    )
    .action(async (file: string, flags: CaptureFlags) => {
      const { runCaptureCommand } = await import('./capture-run.js');
      ctx.setExit(await runCaptureCommand(file, flags, ctx.io));
    });
}
