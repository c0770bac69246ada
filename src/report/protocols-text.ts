/** `protocheck protocols`: the protocol catalogue as a table (its JSON is the Catalog itself). Pure. */
import type { ChalkInstance } from 'chalk';
import type { Catalog, CatalogEntry } from '../protocols/catalog.js';
import { ANNOTATIONS } from '../linkerd/annotations.js';
import { bareTable, tableText } from './table.js';

function list(ports: readonly number[]): string {
  return ports.length === 0 ? '' : ports.join(',');
}

function portsCell(p: CatalogEntry): string {
  const parts = [list(p.ports), p.tlsPorts.length > 0 ? `tls ${list(p.tlsPorts)}` : ''].filter((s) => s !== '');
  return parts.length === 0 ? '-' : parts.join(' ');
}

/** "both" for the protocols where the server speaks first but clients do not wait (SSH, rsync). */
function firstCell(p: CatalogEntry): string {
  if (p.id === 'unknown') return '-';
  return p.firstSpeaker === 'server' && !p.clientWaitsForGreeting ? 'both' : p.firstSpeaker;
}

function defaultsCell(p: CatalogEntry): string {
  const l = p.linkerd;
  const parts: string[] = [];
  if (l.defaultOpaque.length > 0) parts.push(`opaque ${list(l.defaultOpaque)}`);
  if (l.builtinNoDetect.length > 0) parts.push(`no-detect ${list(l.builtinNoDetect)}`);
  const bothSkip = l.defaultSkipInbound.filter((x) => l.defaultSkipOutbound.includes(x));
  if (bothSkip.length > 0) parts.push(`skip ${list(bothSkip)}`);
  return parts.length === 0 ? '-' : parts.join(', ');
}

export function renderProtocolsTable(catalog: Catalog, c: ChalkInstance): string {
  const table = bareTable(['ID', 'NAME', 'PORTS', 'FIRST', 'WAITS', 'LINKERD DEFAULT', 'NEEDS CONFIG']);
  for (const p of catalog.protocols) {
    const waits = p.clientWaitsForGreeting ? c.yellow('yes') : 'no';
    const needs = p.linkerd.needsConfig.length === 0 ? '-' : c.red(list(p.linkerd.needsConfig));
    table.push([p.id, p.name, portsCell(p), firstCell(p), waits, defaultsCell(p), needs]);
  }
  const l = catalog.linkerd;
  const lines = [
    tableText(table),
    '',
    `${l.label}: default opaque ports ${l.defaultOpaquePorts || '(none)'}; default skip ports inbound ${l.defaultSkipInboundPorts || '(none)'}, outbound ${l.defaultSkipOutboundPorts || '(none)'}${l.builtinNoDetectPorts ? `; the proxy never detects on ${l.builtinNoDetectPorts}` : ''}.`,
    'FIRST: who sends the first bytes ("both": the server greets, but clients send their own line at once and do not wait).',
    'WAITS: clients send nothing until the server greets, so a detecting proxy stalls them until its timeout.',
    l.opaqueSupported
      ? `NEEDS CONFIG: ports where clients wait and no default covers them: mark them opaque (${ANNOTATIONS.opaquePorts}) or skip them.`
      : 'NEEDS CONFIG: ports where clients wait and no default covers them: this version has no opaque ports, so skip them (config.linkerd.io/skip-inbound-ports, skip-outbound-ports).',
  ];
  return lines.join('\n') + '\n';
}
