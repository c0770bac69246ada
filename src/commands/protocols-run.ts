/** Body of `protocheck protocols`: validates ids, builds the catalog, renders text or JSON. */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { Io } from '../io.js';
import type { ProtocolsOptions } from './protocols.js';
import { toJson } from './options.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { UsageError } from '../errors.js';
import { PROTOCOL_IDS, protocolForImage, protocolForPortName, protocolsForPort, type ProtocolId } from '../protocols/index.js';
import { buildCatalog, type Catalog, type CatalogEntry } from '../protocols/catalog.js';
import { defaultsFor } from '../linkerd/model.js';
import { makeChalk } from '../term/color.js';
import { escapeText } from '../term/escape.js';

const BARE = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

export function runProtocols(ids: readonly string[], options: ProtocolsOptions, io: Io): number {
  const wanted: ProtocolId[] = [];
  for (const raw of ids) {
    const id = raw.trim().toLowerCase();
    if (!(PROTOCOL_IDS as readonly string[]).includes(id)) {
      throw new UsageError(`unknown protocol id "${escapeText(raw)}" (run protocheck protocols to list the ids)`);
    }
    if (!wanted.includes(id as ProtocolId)) wanted.push(id as ProtocolId);
  }
  wanted.sort((a, b) => PROTOCOL_IDS.indexOf(a) - PROTOCOL_IDS.indexOf(b));
  const lookup = lookupIds(options);
  let chosen = wanted;
  if (lookup !== null) chosen = wanted.length === 0 ? lookup : lookup.filter((id) => wanted.includes(id));
  const catalog = buildCatalog(options.linkerd, defaultsFor(options.linkerd), chosen);
  const empty = lookup !== null && chosen.length === 0;
  const shown: Catalog = empty ? { ...catalog, protocols: [] } : catalog;
  if (options.json === true) {
    io.stdout.write(toJson(shown));
  } else if (empty) {
    io.stdout.write('No protocol in the knowledge base matches.\n');
  } else {
    io.stdout.write(renderText(shown, makeChalk(io.env, io.stdout, options.color === false ? false : undefined)));
  }
  return empty ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * The ids --port, --name and --image select (each lookup narrows the previous one; null when none
 * was given). The order is the lookup's: --port gives the most likely protocol first.
 */
function lookupIds(options: ProtocolsOptions): ProtocolId[] | null {
  let ids: ProtocolId[] | null = null;
  const narrow = (found: ProtocolId[]) => {
    ids = ids === null ? found : ids.filter((id) => found.includes(id));
  };
  if (options.port !== undefined) {
    const port = Number(options.port);
    if (!/^\d{1,5}$/.test(options.port.trim()) || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new UsageError(`--port "${escapeText(options.port)}" is not a port number (1-65535)`);
    }
    narrow(protocolsForPort(port).map((p) => p.id));
  }
  for (const [flag, value] of [['--name', options.name], ['--image', options.image]] as const) {
    if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} needs a value (e.g. ${flag === '--name' ? 'tcp-mysql' : 'bitnami/mysql:8.0'})`);
  }
  if (options.name !== undefined) {
    const p = protocolForPortName(options.name);
    narrow(p === undefined ? [] : [p.id]);
  }
  if (options.image !== undefined) {
    const p = protocolForImage(options.image);
    narrow(p === undefined ? [] : [p.id]);
  }
  return ids;
}

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

export function renderText(catalog: Catalog, c: ChalkInstance): string {
  const table = new Table({
    head: ['ID', 'NAME', 'PORTS', 'FIRST', 'WAITS', 'LINKERD DEFAULT', 'NEEDS CONFIG'],
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    chars: BARE,
  });
  for (const p of catalog.protocols) {
    const waits = p.clientWaitsForGreeting ? c.yellow('yes') : 'no';
    const needs = p.linkerd.needsConfig.length === 0 ? '-' : c.red(list(p.linkerd.needsConfig));
    table.push([p.id, p.name, portsCell(p), firstCell(p), waits, defaultsCell(p), needs]);
  }
  const l = catalog.linkerd;
  const lines = [
    table.toString().split('\n').map((s) => s.trimEnd()).join('\n'),
    '',
    `${l.label}: default opaque ports ${l.defaultOpaquePorts || '(none)'}; default skip ports inbound ${l.defaultSkipInboundPorts || '(none)'}, outbound ${l.defaultSkipOutboundPorts || '(none)'}${l.builtinNoDetectPorts ? `; the proxy never detects on ${l.builtinNoDetectPorts}` : ''}.`,
    'FIRST: who sends the first bytes ("both": the server greets, but clients send their own line at once and do not wait).',
    'WAITS: clients send nothing until the server greets, so a detecting proxy stalls them until its timeout.',
    l.opaqueSupported
      ? 'NEEDS CONFIG: ports where clients wait and no default covers them: mark them opaque (config.linkerd.io/opaque-ports) or skip them.'
      : 'NEEDS CONFIG: ports where clients wait and no default covers them: this version has no opaque ports, so skip them (config.linkerd.io/skip-inbound-ports, skip-outbound-ports).',
  ];
  return lines.join('\n') + '\n';
}
