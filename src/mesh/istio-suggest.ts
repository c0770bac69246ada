/**
 * `suggest --mesh istio`: the same arguments as for Linkerd (PORT[/PROTOCOL], SERVICEPORT:PODPORT,
 * --workload, --service, -n, --client, --external), answered by the Istio model (src/istio/suggest.ts)
 * and rendered as text, JSON, YAML objects or kubectl commands. Linkerd-only flags are refused.
 */
import { stringify } from 'yaml';
import { UsageError } from '../errors.js';
import { getProtocol, protocolsForPort } from '../protocols/index.js';
import { escapeText } from '../term/escape.js';
import { shQuote } from '../report/suggest-patch.js';
import type { ChalkInstance } from 'chalk';
import { parseIstioPortList, suggestIstio, type IstioSuggestion, type IstioSuggestResult, type MtlsMode } from '../istio/index.js';
import type { IstioVersion } from '../istio/version.js';

export interface IstioSuggestFlags {
  readonly service?: string;
  readonly namespace?: string;
  readonly client?: 'meshed' | 'unmeshed';
  readonly external?: boolean;
  readonly mtls?: MtlsMode;
  readonly existingExcludeOutbound?: string;
  readonly existingExcludeInbound?: string;
}

export interface IstioSuggestReport extends IstioSuggestResult {
  readonly version: IstioVersion;
  readonly workload: { kind: string; name: string } | null;
  readonly service: string | null;
  readonly namespace: string | null;
  readonly external: boolean;
  readonly mtls: MtlsMode;
}

/** `parsed`: the PORT arguments as suggest parses them; `workload`: --workload parsed. */
export function buildIstioSuggestReport(
  parsed: ReadonlyArray<{ port: number; servicePort?: number; protocol: string | null }>,
  workload: { kind: string; name: string } | null,
  version: IstioVersion,
  flags: IstioSuggestFlags,
): IstioSuggestReport {
  const warnings: string[] = [];
  const ports = parsed.map((p) => {
    let protocol: string | null = p.protocol;
    if (protocol === null) {
      protocol = protocolsForPort(p.port)[0]?.id ?? null;
      if (protocol !== null) warnings.push(`port ${p.port}: using ${protocol} (the knowledge base's protocol for this port; give ${p.port}/PROTOCOL to choose)`);
    }
    return { port: p.port, ...(p.servicePort === undefined ? {} : { servicePort: p.servicePort }), protocol };
  });
  for (const [flag, value] of [['--existing-exclude-outbound', flags.existingExcludeOutbound], ['--existing-exclude-inbound', flags.existingExcludeInbound]] as const) {
    if (value === undefined) continue;
    const list = parseIstioPortList(value);
    if (!list.ok) throw new UsageError(`${flag}: "${escapeText(value)}" is not a list Istio accepts (${list.reason}: "${escapeText(list.item.trim())}")`);
  }
  const external = flags.external === true;
  const mtls = flags.mtls ?? 'PERMISSIVE';
  const client = flags.client === undefined ? undefined : flags.client === 'meshed' ? 'sidecar' as const : 'no-sidecar' as const;
  const result = suggestIstio({
    version, ports, external, mtls,
    ...(client === undefined ? {} : { client }),
    ...(flags.existingExcludeOutbound === undefined ? {} : { existingExcludeOutbound: flags.existingExcludeOutbound }),
    ...(flags.existingExcludeInbound === undefined ? {} : { existingExcludeInbound: flags.existingExcludeInbound }),
  });
  return {
    ...result,
    warnings: [...warnings, ...result.warnings],
    version, workload, external, mtls,
    service: flags.service ?? null,
    namespace: flags.namespace ?? null,
  };
}

function objectFor(r: IstioSuggestReport, s: IstioSuggestion): { kind: string; name: string | null } {
  switch (s.target) {
    case 'service': return { kind: 'Service', name: r.service };
    case 'service-entry': return { kind: 'ServiceEntry', name: null };
    case 'peer-authentication': return { kind: 'PeerAuthentication', name: null };
    case 'pod-template': return r.workload === null ? { kind: 'workload', name: null } : { kind: r.workload.kind, name: r.workload.name };
  }
}

function where(r: IstioSuggestReport, s: IstioSuggestion): string {
  const o = objectFor(r, s);
  const ns = r.namespace === null ? '' : ` -n ${r.namespace}`;
  if (s.target === 'pod-template') return `${o.name === null ? `the ${r.external ? 'client' : 'server'} pod template` : `${o.kind}/${o.name}${ns}`}`;
  return o.name === null ? `${o.kind}${ns}` : `${o.kind}/${o.name}${ns}`;
}

function line(r: IstioSuggestReport, s: IstioSuggestion): string {
  const what = s.key.startsWith('spec.ports[]') ? `${s.key.replace('[]', `[port=${s.port}]`)}: ${s.value}`
    : s.key === 'spec.portLevelMtls' ? `spec.portLevelMtls.${s.port}.mode: ${s.value}`
    : `${s.key}: "${s.value}"`;
  return `${where(r, s)}: ${what} (Istio ${s.since}+)`;
}

const OUTCOME_WORDS: Readonly<Record<string, string>> = { works: 'works', hangs: 'hangs', 'works-as-tcp': 'works as TCP', fails: 'fails', unknown: 'unknown' };

function outcomeText(o: { outcome: string; delayMs: number }): string {
  return `${OUTCOME_WORDS[o.outcome] ?? o.outcome}${o.delayMs > 0 ? ` after ${o.delayMs >= 1000 ? `${o.delayMs / 1000} s` : `${o.delayMs} ms`}` : ''}`;
}

export function renderIstioSuggestText(r: IstioSuggestReport, c: ChalkInstance): string {
  const out: string[] = [];
  if (r.suggestions.length === 0) out.push(c.green(`Nothing to change for ${r.version.label}.`));
  else {
    for (const s of r.suggestions) out.push(c.bold(`${s.primary ? 'fix' : 'or '}: ${line(r, s)}`));
  }
  out.push('');
  out.push(`${r.version.label}, ${r.external ? 'external destination' : `server mTLS ${r.mtls}`}:`);
  for (const v of r.verdicts) {
    const name = v.protocol === null ? 'unknown protocol' : (getProtocol(v.protocol)?.name ?? v.protocol);
    const sp = v.servicePort === v.port ? `port ${v.port}` : `port ${v.servicePort}->${v.port}`;
    out.push(`  ${sp} (${name}${v.clientWaits === true ? ', clients wait for the greeting' : ''}): Istio protocol ${v.resolution.protocol === 'auto' ? 'unset (sniffed)' : v.resolution.protocol}`);
    out.push(`    clients with a sidecar: ${outcomeText(v.sidecarClients)}: ${v.sidecarClients.why}`);
    if (v.noSidecarClients !== null) out.push(`    clients without a sidecar: ${outcomeText(v.noSidecarClients)}: ${v.noSidecarClients.why}`);
  }
  if (r.suggestions.length > 0) {
    out.push('');
    out.push('why:');
    const seen = new Set<string>();
    for (const s of r.suggestions) {
      const text = `  ${s.primary ? '' : '(alternative) '}${s.reason}`;
      if (!seen.has(text)) out.push(text);
      seen.add(text);
    }
  }
  return out.join('\n') + '\n';
}

export function istioSuggestJson(r: IstioSuggestReport): Record<string, unknown> {
  return {
    mesh: 'istio',
    istio: { input: r.version.input, minor: r.version.minor, patch: r.version.patch, label: r.version.label },
    external: r.external,
    mtls: r.mtls,
    ports: r.verdicts.map((v) => ({
      port: v.port, servicePort: v.servicePort, protocol: v.protocol, clientWaitsForGreeting: v.clientWaits,
      istioProtocol: v.resolution.protocol, reason: v.resolution.reason,
      outcomes: { sidecarClients: v.sidecarClients, noSidecarClients: v.noSidecarClients },
    })),
    suggestions: r.suggestions.map((s) => ({ target: s.target, key: s.key, value: s.value, port: s.port, since: s.since, alternative: !s.primary, reason: s.reason, object: objectFor(r, s) })),
    warnings: r.warnings,
  };
}

const PLACEHOLDER = 'NAME';

/** Each fix as the object (or object fragment) to apply, one YAML document per object. */
export function renderIstioSuggestYaml(r: IstioSuggestReport): string {
  const docs: string[] = [];
  const ns = r.namespace ?? undefined;
  const meta = (name: string | null) => ({ name: name ?? PLACEHOLDER, ...(ns === undefined ? {} : { namespace: ns }) });
  for (const s of r.suggestions) {
    let obj: unknown;
    if (s.target === 'service') obj = { apiVersion: 'v1', kind: 'Service', metadata: meta(r.service), spec: { ports: [{ port: s.port, [s.key === 'spec.ports[].name' ? 'name' : 'appProtocol']: s.value }] } };
    else if (s.target === 'service-entry') obj = { apiVersion: 'networking.istio.io/v1beta1', kind: 'ServiceEntry', metadata: meta(null), spec: { hosts: ['HOST'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: s.port, name: `tcp-${s.port}`, protocol: s.value }] } };
    else if (s.target === 'peer-authentication') obj = { apiVersion: 'security.istio.io/v1beta1', kind: 'PeerAuthentication', metadata: meta(r.workload === null ? null : `${r.workload.name}-${s.port}`), spec: { selector: { matchLabels: { app: r.workload?.name ?? PLACEHOLDER } }, mtls: { mode: r.mtls }, portLevelMtls: { [String(s.port)]: { mode: s.value } } } };
    else obj = { apiVersion: 'apps/v1', kind: r.workload?.kind ?? 'Deployment', metadata: meta(r.workload?.name ?? null), spec: { template: { metadata: { annotations: { [s.key]: s.value } } } } };
    const head = `# ${s.primary ? 'fix' : 'alternative'} (Istio ${s.since}+): ${s.reason}`;
    const todo = s.target === 'service-entry' ? '\n# set hosts (and addresses) to the external destination' : s.target === 'peer-authentication' ? '\n# set the selector to the server pods\' labels' : '';
    docs.push(`${head}${todo}\n${stringify(obj).trimEnd()}`);
  }
  return docs.length === 0 ? '# nothing to change\n' : docs.join('\n---\n') + '\n';
}

/** Each fix as a kubectl command (objects that must be created: kubectl apply with the YAML). */
export function renderIstioSuggestPatch(r: IstioSuggestReport): string {
  const out: string[] = [];
  const ns = r.namespace === null ? '' : ` -n ${shQuote(r.namespace)}`;
  for (const s of r.suggestions) {
    out.push(`# ${s.primary ? 'fix' : 'alternative'} (Istio ${s.since}+)`);
    if (s.target === 'service') {
      const field = s.key === 'spec.ports[].name' ? 'name' : 'appProtocol';
      out.push(`kubectl patch service ${shQuote(r.service ?? PLACEHOLDER)}${ns} --type strategic -p ${shQuote(JSON.stringify({ spec: { ports: [{ port: s.port, [field]: s.value }] } }))}`);
    } else if (s.target === 'pod-template') {
      const kind = (r.workload?.kind ?? 'Deployment').toLowerCase();
      out.push(`kubectl patch ${kind} ${shQuote(r.workload?.name ?? PLACEHOLDER)}${ns} --type merge -p ${shQuote(JSON.stringify({ spec: { template: { metadata: { annotations: { [s.key]: s.value } } } } }))}`);
    } else {
      out.push(`# a ${s.target === 'service-entry' ? 'ServiceEntry' : 'PeerAuthentication'} is created, not patched: protocheck suggest --mesh istio --format yaml prints it for kubectl apply -f -`);
    }
  }
  return out.length === 0 ? '# nothing to change\n' : out.join('\n') + '\n';
}
