/**
 * `protocheck suggest`: validates the arguments, asks the Linkerd model, renders. Thin shell: the
 * decisions are in src/linkerd (suggestWithPredictions), the wording in src/report/suggest-*.ts.
 */
import { UsageError } from '../errors.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import type { Io } from '../io.js';
import { makeChalk } from '../term/color.js';
import { escapeText } from '../term/escape.js';
import { getProtocol, PROTOCOL_IDS, protocolForPortName, protocolsForPort, type ProtocolId } from '../protocols/index.js';
import { suggestWithPredictions, workloadKind, type PortRequest } from '../linkerd/suggest.js';
import { parsePortList, type PortListProblem } from '../linkerd/port-list.js';
import { clientWaits } from '../linkerd/predict.js';
import { has } from '../linkerd/version.js';
import type { PortConfig, SuggestInput } from '../linkerd/model.js';
import type { SuggestFlags } from './suggest.js';
import type { PortSummary, SuggestReport } from '../report/suggest-report.js';
import { renderSuggestText } from '../report/suggest-text.js';
import { renderSuggestYaml } from '../report/suggest-yaml.js';
import { renderSuggestPatch } from '../report/suggest-patch.js';
import { renderSuggestJson } from '../report/suggest-json.js';
import { meshOf } from '../mesh/options.js';
import { buildIstioSuggestReport, istioSuggestJson, renderIstioSuggestPatch, renderIstioSuggestText, renderIstioSuggestYaml } from '../mesh/istio-suggest.js';
import type { IstioVersion } from '../istio/version.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * `4222`, `4222/nats`, `25/SMTP`, `5432/tcp-postgres` (a port name the knowledge base knows), and
 * `80:3306/mysql` (Service port 80 targeting pod port 3306).
 */
/**
 * The problems of a port list given on the command line, one warning per kind with a count (a list of
 * 100,000 commas is one line, not 100,000): the first item's message, then which items share it.
 */
export function portListWarnings(flag: string, value: string): string[] {
  const byKind = new Map<string, PortListProblem[]>();
  for (const p of parsePortList(value).problems) {
    // Messages that name their item differ per item: the kind is the code (and, for empty items, trailing or not).
    const kind = p.code === 'empty-item' ? `${p.code}|${p.message}` : p.code;
    const list = byKind.get(kind);
    if (list) list.push(p);
    else byKind.set(kind, [p]);
  }
  return [...byKind.values()].map((ps) => {
    const first = ps[0]!;
    if (ps.length === 1) return `${flag}: ${first.message}`;
    const at = ps.slice(0, 5).map((p) => String(p.index + 1)).join(', ');
    return `${flag}: ${first.message} (${ps.length} items like this: items ${at}${ps.length > 5 ? ` and ${ps.length - 5} more` : ''})`;
  });
}

export function parsePortArg(arg: string): { port: number; servicePort?: number; protocol: ProtocolId | null; named: boolean } {
  const m = /^(\d{1,5})(?::(\d{1,5}))?(?:\/(.*))?$/.exec(arg.trim());
  const first = m ? Number(m[1]) : NaN;
  const second = m?.[2] === undefined ? undefined : Number(m[2]);
  const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;
  if (!m || !valid(first) || (second !== undefined && !valid(second))) {
    throw new UsageError(`invalid port "${escapeText(arg)}": expected PORT, PORT/PROTOCOL or SERVICEPORT:PODPORT/PROTOCOL with ports in 1-65535`, { hint: 'e.g. protocheck suggest 4222/nats 3306' });
  }
  const port = second ?? first;
  const sp = second === undefined ? {} : { servicePort: first };
  const name = m[3];
  if (name === undefined) return { port, ...sp, protocol: null, named: false };
  const lower = name.toLowerCase();
  if ((PROTOCOL_IDS as readonly string[]).includes(lower)) return { port, ...sp, protocol: lower as ProtocolId, named: true };
  const byName = lower === '' ? undefined : protocolForPortName(lower);
  if (byName) return { port, ...sp, protocol: byName.id, named: true };
  throw new UsageError(`unknown protocol "${escapeText(name)}" in "${escapeText(arg)}"`, { hint: 'protocheck protocols lists the known protocol ids' });
}

export function parseWorkloadArg(arg: string): { kind: string; name: string } {
  const m = /^([A-Za-z]+)\/(.+)$/.exec(arg);
  const kind = m ? workloadKind(m[1] ?? '') : undefined;
  if (!m || kind === undefined) {
    throw new UsageError(`invalid workload "${escapeText(arg)}": expected KIND/NAME with KIND one of deploy, sts, ds, rs, job, cronjob, pod, rollout`);
  }
  const name = m[2] ?? '';
  if (!DNS_SUBDOMAIN.test(name) || name.length > 253) throw new UsageError(`invalid workload name "${escapeText(name)}": expected a Kubernetes object name (lower-case letters, digits, '-', '.')`);
  return { kind, name };
}

function checkName(what: string, value: string | undefined): void {
  if (value !== undefined && (!DNS_LABEL.test(value) || value.length > 63)) {
    throw new UsageError(`invalid ${what} "${escapeText(value)}": expected a DNS label (lower-case letters, digits and '-', at most 63)`);
  }
}

/** Everything the renderers need; pure apart from the knowledge-base lookups. */
export function buildSuggestReport(args: readonly string[], flags: SuggestFlags): SuggestReport {
  if (args.length === 0) throw new UsageError('give at least one PORT or PORT/PROTOCOL');
  if (flags.json === true && flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`--json conflicts with --format ${flags.format} (--json is --format json)`);
  const parsed: Array<ReturnType<typeof parsePortArg>> = [];
  for (const p of args.map(parsePortArg)) {
    // The same port given twice is listed once; one pod port with two protocols is a contradiction.
    const same = parsed.find((q) => q.port === p.port && q.servicePort === p.servicePort);
    if (same === undefined) {
      const clash = parsed.find((q) => q.port === p.port && q.protocol !== null && p.protocol !== null && q.protocol !== p.protocol);
      if (clash) throw new UsageError(`port ${p.port} is given with two protocols (${clash.protocol ?? ''} and ${p.protocol ?? ''}): a pod port serves one protocol`);
      parsed.push(p);
    } else if (p.protocol !== null && same.protocol !== null && p.protocol !== same.protocol) {
      throw new UsageError(`port ${p.port} is given with two protocols (${same.protocol} and ${p.protocol}): a pod port serves one protocol`);
    } else if (p.protocol !== null && same.protocol === null) {
      parsed[parsed.indexOf(same)] = p;
    }
  }
  const workload = flags.workload === undefined ? undefined : parseWorkloadArg(flags.workload);
  checkName('Service name', flags.service);
  checkName('namespace', flags.namespace);
  const existing = flags.existingOpaque;
  const warnings: string[] = [];
  if (existing !== undefined) {
    warnings.push(...portListWarnings('--existing-opaque', existing));
  }
  const external = flags.external === true;
  const targetIsNamespace = workload === undefined && flags.namespace !== undefined && !external;
  if (flags.serverProtocol !== undefined && flags.server === undefined) throw new UsageError('--server-protocol needs --server NAME');
  if (flags.server !== undefined && !DNS_SUBDOMAIN.test(flags.server)) throw new UsageError(`invalid Server name "${escapeText(flags.server)}": expected a Kubernetes object name (lower-case letters, digits, '-', '.')`);
  if (flags.egressNetwork !== undefined && !external) throw new UsageError('--egress-network applies to --external destinations');
  let egress: { name: string; namespace?: string } | undefined;
  if (flags.egressNetwork !== undefined) {
    const [a, b, ...rest] = flags.egressNetwork.split('/');
    egress = b === undefined ? { name: a ?? '' } : { namespace: a ?? '', name: b };
    if (rest.length > 0 || !DNS_SUBDOMAIN.test(egress.name) || (egress.namespace !== undefined && !DNS_LABEL.test(egress.namespace))) throw new UsageError(`invalid EgressNetwork "${escapeText(flags.egressNetwork)}": expected NAME or NAMESPACE/NAME`);
  }
  if (external) {
    // These describe the server side, which is outside the cluster: nothing of theirs can be changed.
    const ignored = ([['--service', flags.service], ['--server', flags.server], ['--container-ports', flags.containerPorts], ['--service-ports', flags.servicePorts], ['--existing-skip-inbound', flags.existingSkipInbound]] as const).filter(([, v]) => v !== undefined).map(([f]) => f);
    if (ignored.length > 0) warnings.push(`${ignored.join(', ')}: ignored with --external (they describe the server side; --workload is then the client)`);
  }
  if (existing !== undefined && external && !egress) warnings.push('--existing-opaque: ignored with --external (no object carries it; give --egress-network for an EgressNetwork)');
  if (egress && !has(flags.linkerd, 'egressNetwork')) warnings.push('--egress-network: EgressNetwork resources exist from Linkerd 2.17; ignored for this version');
  for (const [flag, value] of [['--existing-skip-inbound', flags.existingSkipInbound], ['--existing-skip-outbound', flags.existingSkipOutbound]] as const) {
    if (value !== undefined) warnings.push(...portListWarnings(flag, value));
  }
  const numberList = (flag: string, value: string): number[] =>
    value.split(',').map((item) => {
      const n = Number(item.trim());
      if (!/^\s*\d{1,5}\s*$/.test(item) || n < 1 || n > 65535) throw new UsageError(`invalid ${flag} entry "${escapeText(item)}": expected port numbers 1-65535, comma-separated`);
      return n;
    });
  const containerPorts = flags.containerPorts === undefined ? undefined : numberList('--container-ports', flags.containerPorts);
  const servicePorts =
    flags.servicePorts === undefined
      ? undefined
      : flags.servicePorts.split(',').map((item) => {
          const [a, b, extra] = item.split(':');
          const port = numberList('--service-ports', a ?? '')[0] ?? 0;
          // A named targetPort is an IANA_SVC_NAME: lower-case letters, digits and '-', at most 15.
          if (extra !== undefined || (b !== undefined && !/^\d+$/.test(b) && !/^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/.test(b))) {
            throw new UsageError(`invalid --service-ports entry "${escapeText(item)}": expected PORT or PORT:TARGETPORT (a number or a port name)`);
          }
          return b === undefined ? { port } : { port, targetPort: /^\d+$/.test(b) ? (numberList('--service-ports', b)[0] ?? 0) : b };
        });
  const config: PortConfig = {
    ...(containerPorts ? { containerPorts } : {}),
    ...(servicePorts ? { servicePorts } : {}),
    ...(existing !== undefined
      ? external
        ? egress ? { egressNetworkOpaquePorts: existing } : {}
        : targetIsNamespace ? { namespaceOpaquePorts: existing } : { podOpaquePorts: existing, serviceOpaquePorts: existing }
      : egress ? { egressNetworkOpaquePorts: null } : {}),
    ...(egress ? { egressNetworkName: egress.name, ...(egress.namespace !== undefined ? { egressNetworkNamespace: egress.namespace } : {}) } : {}),
    ...(flags.existingSkipInbound !== undefined ? (targetIsNamespace ? { namespaceSkipInboundPorts: flags.existingSkipInbound } : { podSkipInboundPorts: flags.existingSkipInbound }) : {}),
    ...(flags.existingSkipOutbound !== undefined ? (targetIsNamespace ? { clientNamespaceSkipOutboundPorts: flags.existingSkipOutbound } : { clientSkipOutboundPorts: flags.existingSkipOutbound }) : {}),
    ...(flags.server !== undefined ? { serverName: flags.server, serverProxyProtocol: flags.serverProtocol ?? 'unknown' } : {}),
    ...(flags.cni ? { cni: true } : {}),
  };
  const ports: PortSummary[] = [];
  const requests: PortRequest[] = [];
  for (const p of parsed) {
    let protocol = p.protocol;
    let source: PortSummary['protocolSource'] = p.named ? 'argument' : 'unknown';
    if (protocol === null) {
      const known = protocolsForPort(p.port)[0];
      if (known) {
        protocol = known.id;
        source = 'knowledge-base';
      }
    }
    const entry = protocol === null ? undefined : getProtocol(protocol);
    ports.push({ port: p.port, ...(p.servicePort !== undefined ? { servicePort: p.servicePort } : {}), protocol, protocolName: entry?.name ?? protocol, protocolSource: source, clientWaitsForGreeting: clientWaits({ protocol, port: p.port }), implicitTls: entry?.tlsPorts.includes(p.port) === true && !entry.ports.includes(p.port) });
    requests.push({ port: p.port, protocol, ...(p.servicePort !== undefined ? { servicePort: p.servicePort } : {}) });
  }
  const clients: Array<'meshed' | 'unmeshed'> = flags.client ? [flags.client] : external ? ['meshed'] : ['meshed', 'unmeshed'];
  const input: SuggestInput = {
    version: flags.linkerd,
    port: requests[0]?.port ?? 0,
    protocol: requests[0]?.protocol ?? null,
    client: clients[0] ?? 'meshed',
    server: external ? 'external' : 'meshed',
    via: external ? 'external' : 'service',
    ...(external ? { inClusterNetworks: false } : {}),
    config,
    ...(workload ? { workload } : {}),
    ...(flags.service !== undefined && !external ? { service: flags.service } : {}),
    ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
  };
  const result = suggestWithPredictions(input, requests, { clients });
  return {
    version: flags.linkerd,
    ports: ports.map((s, i) => ({ ...s, outcomes: result.predictions.filter((x) => x.request === requests[i]).map((x) => ({ client: x.client, prediction: x.prediction })) })),
    suggestions: result.suggestions,
    warnings,
    context: {
      ...(workload ? { workload } : {}),
      ...(flags.service !== undefined ? { service: flags.service } : {}),
      ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
      external,
      containerPortsKnown: containerPorts !== undefined,
      servicePortsKnown: servicePorts !== undefined,
    },
  };
}

/** `suggest --mesh istio`: the same port arguments, answered by the Istio model (src/mesh/istio-suggest.ts). */
function runIstioSuggest(args: readonly string[], flags: SuggestFlags, io: Io, istio: IstioVersion): number {
  if (args.length === 0) throw new UsageError('give at least one PORT or PORT/PROTOCOL');
  if (flags.json === true && flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`--json conflicts with --format ${flags.format} (--json is --format json)`);
  checkName('Service name', flags.service);
  checkName('namespace', flags.namespace);
  const workload = flags.workload === undefined ? null : parseWorkloadArg(flags.workload);
  const report = buildIstioSuggestReport(args.map(parsePortArg), workload, istio, {
    ...(flags.service === undefined ? {} : { service: flags.service }),
    ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
    ...(flags.client === undefined ? {} : { client: flags.client }),
    ...(flags.external === true ? { external: true } : {}),
    ...(flags.mtls === undefined ? {} : { mtls: flags.mtls }),
    ...(flags.existingExcludeOutbound === undefined ? {} : { existingExcludeOutbound: flags.existingExcludeOutbound }),
    ...(flags.existingExcludeInbound === undefined ? {} : { existingExcludeInbound: flags.existingExcludeInbound }),
  });
  for (const w of report.warnings) io.stderr.write(`protocheck: warning: ${escapeText(w)}\n`);
  const format = flags.json ? 'json' : flags.format;
  const chalk = makeChalk(io.env, io.stdout, flags.color === false ? false : undefined);
  io.stdout.write(
    format === 'json' ? JSON.stringify(istioSuggestJson(report), null, 2) + '\n'
      : format === 'yaml' ? renderIstioSuggestYaml(report)
      : format === 'patch' ? renderIstioSuggestPatch(report)
      : renderIstioSuggestText(report, chalk),
  );
  return report.suggestions.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

export function runSuggestCommand(args: readonly string[], flags: SuggestFlags, io: Io): number {
  const mesh = meshOf(flags, {
    '--existing-opaque': flags.existingOpaque, '--container-ports': flags.containerPorts, '--service-ports': flags.servicePorts,
    '--existing-skip-inbound': flags.existingSkipInbound, '--existing-skip-outbound': flags.existingSkipOutbound, '--server': flags.server,
    '--server-protocol': flags.serverProtocol, '--egress-network': flags.egressNetwork, '--cni': flags.cni,
  });
  if (mesh.mesh === 'istio') return runIstioSuggest(args, flags, io, mesh.istio);
  for (const [flag, value] of [['--mtls', flags.mtls], ['--existing-exclude-outbound', flags.existingExcludeOutbound], ['--existing-exclude-inbound', flags.existingExcludeInbound]] as const) {
    if (value !== undefined) throw new UsageError(`${flag} applies to --mesh istio`);
  }
  const report = buildSuggestReport(args, flags);
  const format = flags.json ? 'json' : flags.format;
  for (const w of report.warnings) io.stderr.write(`protocheck: warning: ${escapeText(w)}\n`);
  for (const p of report.ports) {
    if (format === 'text') continue; // the text output says it
    if (p.protocolSource === 'unknown') io.stderr.write(`protocheck: port ${p.port}: no protocol known for this port; assuming its client speaks first (give ${p.port}/PROTOCOL)\n`);
    if (p.protocolSource === 'knowledge-base') io.stderr.write(`protocheck: port ${p.port}: using ${p.protocol ?? ''} (the knowledge base's protocol for this port; give ${p.port}/PROTOCOL to choose)\n`);
  }
  // commander sets color: true unless --no-color is given; only false is a choice (true would force colors into pipes).
  const chalk = makeChalk(io.env, io.stdout, flags.color === false ? false : undefined);
  const out =
    format === 'json' ? renderSuggestJson(report) : format === 'yaml' ? renderSuggestYaml(report) : format === 'patch' ? renderSuggestPatch(report) : renderSuggestText(report, chalk);
  io.stdout.write(out);
  return report.suggestions.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
