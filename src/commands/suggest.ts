/** `protocheck suggest PORT[/PROTOCOL]...`: exact annotations per port. Real work is in suggest-run.ts (imported lazily). */
import { Option, type Command } from 'commander';
import type { CommandContext } from './context.js';
import { colorOption, jsonOption, linkerdOption } from './options.js';
import type { LinkerdVersion } from '../linkerd/version.js';
import { istioOption, meshOption, type MeshName } from '../mesh/options.js';
import type { IstioVersion } from '../istio/version.js';

export const SUGGEST_FORMATS = ['text', 'yaml', 'patch', 'json'] as const;
export type SuggestFormat = (typeof SUGGEST_FORMATS)[number];

export interface SuggestFlags {
  readonly workload?: string;
  readonly service?: string;
  readonly namespace?: string;
  readonly linkerd: LinkerdVersion;
  readonly mesh?: MeshName;
  readonly istio?: IstioVersion;
  readonly mtls?: 'PERMISSIVE' | 'STRICT' | 'DISABLE';
  readonly existingExcludeOutbound?: string;
  readonly existingExcludeInbound?: string;
  readonly client?: 'meshed' | 'unmeshed';
  readonly external?: boolean;
  readonly existingOpaque?: string;
  readonly containerPorts?: string;
  readonly servicePorts?: string;
  readonly existingSkipInbound?: string;
  readonly existingSkipOutbound?: string;
  readonly server?: string;
  readonly serverProtocol?: string;
  readonly egressNetwork?: string;
  readonly cni?: boolean;
  readonly format: SuggestFormat;
  readonly json?: boolean;
  readonly color?: boolean;
}

export function defineSuggest(program: Command, ctx: CommandContext): void {
  program
    .command('suggest')
    .summary('the exact annotations for server-speaks-first ports, per Linkerd version')
    .description(
      'Predict what Linkerd does with each port (per client kind) and print the annotations, appProtocol or Server changes that fix it, with full values that keep what is already there. Exit 1 when something needs to change, 0 when nothing does.',
    )
    .argument('<ports...>', 'PORT or PORT/PROTOCOL, e.g. 4222/nats 3306 (without a protocol, the knowledge base picks one); SERVICEPORT:PODPORT/PROTOCOL when the Service port differs')
    .option('--workload <kind/name>', 'the workload serving the ports (with --external: the client workload), e.g. deploy/nats')
    .option('--service <name>', 'the Service in front of the workload')
    .option('-n, --namespace <ns>', 'namespace of the workload and Service (alone: suggest a Namespace annotation)')
    .addOption(linkerdOption())
    .addOption(meshOption())
    .addOption(istioOption())
    .addOption(new Option('--mtls <mode>', "with --mesh istio: the server's PeerAuthentication mode (default PERMISSIVE, Istio's default)").choices(['PERMISSIVE', 'STRICT', 'DISABLE']))
    .option('--existing-exclude-outbound <list>', 'with --mesh istio: the traffic.sidecar.istio.io/excludeOutboundPorts the client pods already have')
    .option('--existing-exclude-inbound <list>', 'with --mesh istio: the traffic.sidecar.istio.io/excludeInboundPorts the server pods already have')
    .addOption(new Option('--client <kind>', 'only this kind of client (default: both)').choices(['meshed', 'unmeshed']))
    .option('--external', 'the destination is outside the cluster (off clusterNetworks): fix the client side')
    .option('--existing-opaque <list>', 'the opaque-ports value the workload/Service (or Namespace) already has')
    .option('--container-ports <list>', "every containerPort the workload declares (keeps exactly the default opaque ports the injector wrote, not the whole default list)")
    .option('--service-ports <list>', 'every port of the Service, as PORT or PORT:TARGETPORT (same, for the Service annotation)')
    .option('--existing-skip-inbound <list>', 'the skip-inbound-ports value the workload already has')
    .option('--existing-skip-outbound <list>', 'the skip-outbound-ports value the workload (with --external: the client) already has')
    .option('--server <name>', 'a policy.linkerd.io Server selects these ports (it overrides the pod annotation)')
    .addOption(new Option('--server-protocol <protocol>', "that Server's proxyProtocol (default: unknown)").choices(['unknown', 'HTTP/1', 'HTTP/2', 'gRPC', 'opaque', 'TLS']))
    .option('--egress-network <name>', 'with --external: an EgressNetwork (Linkerd 2.17+) matches the destination (NAME or NAMESPACE/NAME)')
    .option('--cni', 'Linkerd runs with linkerd-cni instead of proxy-init (no default skip ports)')
    .addOption(new Option('--format <format>', 'output format').choices(SUGGEST_FORMATS).default('text'))
    .addOption(jsonOption())
    .addOption(colorOption())
    .addHelpText(
      'after',
      `
Examples:
  protocheck suggest 4222/nats --workload deploy/nats --service nats -n prod
  protocheck suggest 3306 --workload deploy/db --service db --linkerd 2.14 --existing-opaque 8080
  protocheck suggest 3306/mysql --external --workload deploy/api -n shop --format patch
  protocheck suggest 4222/nats --mesh istio --service nats -n prod
  protocheck suggest 25/smtp --mesh istio --external --workload deploy/api --istio 1.7 --format yaml

Exit codes: 0 nothing to change, 1 changes suggested, 2 usage error.`,
    )
    .action(async (ports: string[], flags: SuggestFlags) => {
      const { runSuggestCommand } = await import('./suggest-run.js');
      ctx.setExit(runSuggestCommand(ports, flags, ctx.io));
    });
}
